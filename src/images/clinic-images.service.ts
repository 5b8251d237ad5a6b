import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { checkPicture, PictureType } from '../common/picture';
import { isUniqueViolation } from '../database/errors';
import { ClinicImage } from './clinic-image.entity';
import { UploadImageDto } from './dto/upload-image.dto';

export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** The largest picture accepted, in pixels on either side: larger ones are refused, not decoded. */
export const IMAGE_MAX_PIXELS = 4000;
/** Pictures are stored at most this wide or high: sharp on a printed page, light on a phone. */
export const IMAGE_STORED_PIXELS = 1200;

export interface ImageView {
  id: string;
  name: string;
  altText: string;
  contentType: PictureType;
  width: number;
  height: number;
  byteSize: number;
  createdAt: string;
}

/** A picture as a handout draws it: its bytes inside the page, so a published version keeps them. */
export interface RenderedImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

@Injectable()
export class ClinicImagesService {
  constructor(
    @InjectRepository(ClinicImage) private readonly images: Repository<ClinicImage>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async upload(actor: Actor, dto: UploadImageDto, bytes: Buffer | undefined): Promise<ImageView> {
    if (!bytes || bytes.length === 0)
      throw new BadRequestException('image: attach a PNG or JPEG file');
    const picture = await checkPicture(bytes, {
      field: 'image',
      maxBytes: IMAGE_MAX_BYTES,
      maxPixels: IMAGE_MAX_PIXELS,
      storedPixels: IMAGE_STORED_PIXELS,
      jpegQuality: 82,
    });
    return this.dataSource.transaction(async (manager) => {
      const image = await saveUniqueName(
        manager,
        manager.create(ClinicImage, {
          clinicId: actor.clinicId,
          name: dto.name,
          altText: dto.altText,
          contentType: picture.type,
          bytes: picture.bytes,
          width: picture.width,
          height: picture.height,
          byteSize: picture.bytes.length,
          createdBy: actor.userId,
        }),
      );
      // What was stored, never the bytes themselves.
      await this.audit.recordByUser(
        actor,
        'image.uploaded',
        { type: 'image', id: image.id },
        {
          name: image.name,
          contentType: image.contentType,
          width: image.width,
          height: image.height,
          byteSize: image.byteSize,
        },
        manager,
      );
      return toImageView(image);
    });
  }

  /** The clinic's pictures, newest first, without their bytes. */
  async list(actor: Pick<Actor, 'clinicId'>): Promise<ImageView[]> {
    const images = await this.images.find({
      where: { clinicId: actor.clinicId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return images.map(toImageView);
  }

  /** One picture's bytes; another clinic's id answers as a missing one. */
  async read(clinicId: string, id: string): Promise<{ bytes: Buffer; type: PictureType }> {
    const image = await this.images
      .createQueryBuilder('i')
      .addSelect('i.bytes')
      .where('i.id = :id AND i.clinicId = :clinicId', { id, clinicId })
      .getOne();
    if (!image) throw new NotFoundException('image: not found');
    return { bytes: image.bytes, type: image.contentType };
  }

  /**
   * Removes a picture no block of the clinic shows any more: a block's approved version or its
   * open draft naming it keeps it (published handouts hold their own copy and are not asked).
   */
  remove(actor: Actor, id: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const image = await manager
        .getRepository(ClinicImage)
        .findOne({ where: { id, clinicId: actor.clinicId }, lock: { mode: 'pessimistic_write' } });
      if (!image) throw new NotFoundException('image: not found');
      const blocks = await blocksUsing(manager, actor.clinicId, image.name);
      if (blocks.length > 0) {
        const those = blocks.length === 1 ? 'that block' : 'those blocks';
        throw new ConflictException(
          `image: ${image.name} is used by the block${blocks.length === 1 ? '' : 's'} ${blocks.join(', ')}; take it out of ${those} first`,
        );
      }
      await manager.delete(ClinicImage, { id, clinicId: actor.clinicId });
      await this.audit.recordByUser(
        actor,
        'image.removed',
        { type: 'image', id },
        { name: image.name },
        manager,
      );
    });
  }

  /** The named pictures of a clinic, as a handout draws them; names it does not have are left out. */
  async forRendering(clinicId: string, names: string[]): Promise<Map<string, RenderedImage>> {
    const wanted = [...new Set(names)];
    if (wanted.length === 0) return new Map();
    const images = await this.images
      .createQueryBuilder('i')
      .addSelect('i.bytes')
      .where('i.clinicId = :clinicId AND i.name IN (:...names)', { clinicId, names: wanted })
      .getMany();
    return new Map(
      images.map((image) => [
        image.name,
        {
          src: `data:${image.contentType};base64,${image.bytes.toString('base64')}`,
          alt: image.altText,
          width: image.width,
          height: image.height,
        },
      ]),
    );
  }

  /** Which of the names the clinic has a picture for, to check a block before it is saved. */
  async existingNames(clinicId: string, names: string[]): Promise<Set<string>> {
    const wanted = [...new Set(names)];
    if (wanted.length === 0) return new Set();
    const images = await this.images.find({
      select: { name: true },
      where: { clinicId, name: In(wanted) },
    });
    return new Set(images.map((image) => image.name));
  }
}

/**
 * The keys of the clinic's blocks whose approved version or open draft shows the picture.
 * Plain SQL on the library's tables: the library uses pictures, so this feature imports none
 * of it. Retired blocks no longer change and no new handout takes them, so they do not count.
 */
async function blocksUsing(
  manager: EntityManager,
  clinicId: string,
  name: string,
): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT DISTINCT b.key
       FROM blocks b
       JOIN block_versions v ON v.block_id = b.id
      WHERE b.owner_clinic_id = $1
        AND b.retired_at IS NULL
        AND (v.id = b.current_version_id OR v.status = 'draft')
        AND v.body ~ $2
      ORDER BY b.key`,
    // The name, then the end of the element or anything that cannot continue a name.
    [clinicId, `\\[\\[image:${name}(\\]\\]|[^a-z0-9-])`],
  )) as { key: string }[];
  return rows.map((row) => row.key);
}

async function saveUniqueName(manager: EntityManager, image: ClinicImage): Promise<ClinicImage> {
  try {
    return await manager.save(image);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictException(`name: this clinic already has a picture called ${image.name}`);
    throw error;
  }
}

function toImageView(image: ClinicImage): ImageView {
  return {
    id: image.id,
    name: image.name,
    altText: image.altText,
    contentType: image.contentType,
    width: image.width,
    height: image.height,
    byteSize: image.byteSize,
    createdAt: image.createdAt.toISOString(),
  };
}
