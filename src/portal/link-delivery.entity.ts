import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import type { Channel } from '../messaging/addresses';
import type { Via } from '../messaging/message';
import { PortalLink } from './portal-link.entity';

/**
 * One try at sending a link to the patient, by email or text message, and how it went. The
 * recipient is masked (the full address lives only on the patient's record); the reason is the
 * provider's own (an HTTP status and its message, an SMTP reply) with addresses taken out.
 */
@Entity('link_deliveries')
@Index('IDX_link_deliveries_link', ['clinicId', 'linkId', 'at'])
@Check('CHK_link_deliveries_channel', `"channel" IN ('email', 'sms')`)
@Check('CHK_link_deliveries_status', `"status" IN ('sent', 'failed')`)
@Check('CHK_link_deliveries_via', `"via" IN ('smtp', 'twilio', 'outbox')`)
export class LinkDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @ManyToOne(() => PortalLink, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'link_id' })
  link?: Relation<PortalLink>;

  @Column({ type: 'varchar', length: 5 })
  channel: Channel;

  @Column({ type: 'varchar', length: 6 })
  status: 'sent' | 'failed';

  /** What carried it: smtp, twilio, or the development outbox. */
  @Column({ type: 'varchar', length: 10 })
  via: Via;

  /** Masked: "m***@e***.org", "+*********0123". */
  @Column({ type: 'varchar', length: 120 })
  recipient: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  reason: string | null;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 120, nullable: true })
  providerMessageId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
