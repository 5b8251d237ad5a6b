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
import type { PictureType } from '../common/picture';

/**
 * A picture a clinic uploaded for its own blocks, used in a block's text as
 * `[[image:<name>]]`. Stored re-encoded (PNG or JPEG, at most 1200 pixels on its long side,
 * no metadata); a published handout keeps its own copy, so removing one changes no handout.
 */
@Entity('clinic_images')
@Index('UQ_clinic_images_clinic_name', ['clinicId', 'name'], { unique: true })
@Index('IDX_clinic_images_clinic_created', ['clinicId', 'createdAt'])
@Check('CHK_clinic_images_type', `"content_type" IN ('image/png', 'image/jpeg')`)
@Check(
  'CHK_clinic_images_name',
  `"name" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("name") BETWEEN 2 AND 60`,
)
@Check('CHK_clinic_images_alt_text', `char_length("alt_text") BETWEEN 3 AND 300`)
@Check('CHK_clinic_images_size', `"width" > 0 AND "height" > 0 AND "byte_size" > 0`)
export class ClinicImage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'clinic_id' })
  clinic?: Clinic;

  /** How a block names the picture: a slug, unique within the clinic. */
  @Column({ type: 'varchar', length: 60 })
  name: string;

  /** What the picture shows, for someone who cannot see it; becomes the `alt` attribute. */
  @Column({ name: 'alt_text', type: 'varchar', length: 300 })
  altText: string;

  @Column({ name: 'content_type', type: 'varchar', length: 10 })
  contentType: PictureType;

  /** Read only when the picture itself is asked for. */
  @Column({ type: 'bytea', select: false })
  bytes: Buffer;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  @Column({ name: 'byte_size', type: 'int' })
  byteSize: number;

  /** The user who uploaded it. */
  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
