import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Clinic } from '../clinics/clinic.entity';
import type { Channel } from './addresses';

/**
 * A message the portal would have sent, kept instead of sending it: the development and test
 * outbox, used only outside production when SMTP_URL or SMS_PROVIDER is not set. The recipient
 * is masked; the text is the message as the patient would read it (the clinic admin sees it at
 * /admin/outbox).
 */
@Entity('outbox_messages')
@Index('IDX_outbox_messages_clinic_at', ['clinicId', 'createdAt'])
@Check('CHK_outbox_messages_channel', `"channel" IN ('email', 'sms')`)
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clinic_id' })
  clinic?: Clinic;

  @Column({ type: 'varchar', length: 5 })
  channel: Channel;

  /** Masked, as every record but the patient's own keeps an address. */
  @Column({ type: 'varchar', length: 120 })
  recipient: string;

  /** Emails only. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  subject: string | null;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
