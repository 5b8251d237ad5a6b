import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type PaperSize = 'A4' | 'Letter';
export const PAPER_SIZES: PaperSize[] = ['A4', 'Letter'];
export type WeightUnit = 'kg' | 'lb';
/** Every time zone this Node knows, and UTC. */
export const TIME_ZONES: string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];
export const WEIGHT_UNITS: WeightUnit[] = ['kg', 'lb'];

/** A practice: the unit of data isolation. Every other record belongs to exactly one clinic. */
@Entity('clinics')
@Check('CHK_clinics_paper_size', `"paper_size" IN ('A4', 'Letter')`)
@Check('CHK_clinics_link_days', `"default_link_days" BETWEEN 1 AND 365`)
@Check('CHK_clinics_accent', `"accent_color" ~ '^#[0-9a-f]{6}$'`)
@Check('CHK_clinics_weight_unit', `"weight_unit" IN ('kg', 'lb')`)
export class Clinic {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ length: 120 })
  name: string;

  @Column({ length: 40, default: '' })
  phone: string;

  @Column({ length: 300, default: '' })
  address: string;

  @Column({ length: 200, default: '' })
  website: string;

  /** PNG or JPEG bytes, checked by content; at most 300 KB. */
  @Column({ name: 'logo', type: 'bytea', nullable: true, select: false })
  logo: Buffer | null;

  @Column({ name: 'logo_type', type: 'varchar', length: 20, nullable: true })
  logoType: 'image/png' | 'image/jpeg' | null;

  /**
   * The number to call in an emergency where the clinic is (999, 911, 112 …): handouts tell
   * patients to call it. Empty until set; handouts then say "your local emergency number".
   */
  @Column({ name: 'emergency_number', length: 20, default: '' })
  emergencyNumber: string;

  /** Where patients turn when the clinic is closed, as a phrase ("NHS 111"). */
  @Column({ name: 'out_of_hours', length: 120, default: '' })
  outOfHours: string;

  /** The clinic's time zone (IANA, such as Europe/London): pages show times in it. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;

  /** The unit handouts give weights in. */
  @Column({ name: 'weight_unit', type: 'varchar', length: 2, default: 'kg' })
  weightUnit: WeightUnit;

  @Column({ name: 'accent_color', length: 7, default: '#1f5f8b' })
  accentColor: string;

  @Column({ name: 'paper_size', type: 'varchar', length: 6, default: 'A4' })
  paperSize: PaperSize;

  @Column({ name: 'default_link_days', type: 'int', default: 90 })
  defaultLinkDays: number;

  @Column({ name: 'require_dob_by_default', default: true })
  requireDobByDefault: boolean;

  /**
   * Whether a message carrying a portal link greets the patient by first name ("Hello Maria").
   * Off by default: a message on a lock screen or a shared inbox then names no one.
   */
  @Column({ name: 'messages_use_first_name', default: false })
  messagesUseFirstName: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
