import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { ClinicImagesService } from '../images/clinic-images.service';
import { imageNamesIn, MarkupOptions } from './content/block-markup';
import { BlockVersion } from './block-version.entity';
import { Block } from './block.entity';
import { blockVersionFields, checkBlockContent, CheckedBlock } from './content/block-source';
import { toVersionView, VersionView } from './library.service';
import { checkedOr400 } from './owned-content';
import { VersionedContentEditor } from './versioned-content-editor';

/** Checks a block's content; its problems become a 400 naming each one. */
export function checkBlockOr400(
  raw: Record<string, unknown>,
  options: MarkupOptions = {},
): CheckedBlock {
  return checkedOr400(() => checkBlockContent(raw, options));
}

/** The clinic's pictures a block's body names, so the check can refuse the ones it lacks. */
async function picturesFor(
  images: ClinicImagesService,
  actor: Pick<Actor, 'clinicId'>,
  raw: Record<string, unknown>,
): Promise<MarkupOptions> {
  const body = typeof raw.body === 'string' ? raw.body : '';
  return { images: await images.existingNames(actor.clinicId, imageNamesIn(body)) };
}

/**
 * Editors' changes to their clinic's own blocks: drafts, approval, retirement. The shared
 * library is maintained as files in the repository and imported; it is read-only here.
 */
@Injectable()
export class BlockEditingService extends VersionedContentEditor<
  Block,
  BlockVersion,
  CheckedBlock,
  VersionView
> {
  constructor(
    dataSource: DataSource,
    audit: AuditService,
    private readonly images: ClinicImagesService,
  ) {
    super(dataSource, audit, {
      kind: {
        noun: 'block',
        shared: 'the shared library',
        readOnly:
          'the shared library is maintained in the repository and is read-only here; start a block of your own from its text instead',
      },
      item: Block,
      version: BlockVersion,
      versionTable: 'block_versions',
      itemIdField: 'blockId',
      check: async (actor, raw) => checkBlockOr400(raw, await picturesFor(images, actor, raw)),
      itemFields: ({ content }) => ({
        category: content.category,
        conditions: content.conditions,
      }),
      versionFields: (checked) => ({ language: 'en', ...blockVersionFields(checked) }),
      onApproved: (version) => ({ category: version.category, conditions: version.conditions }),
      toView: toVersionView,
    });
  }

  /** Checks a block file's content as a save would, without saving; problems are thrown. */
  async checkContent(
    actor: Pick<Actor, 'clinicId'>,
    raw: Record<string, unknown>,
  ): Promise<CheckedBlock> {
    return checkBlockContent(raw, await picturesFor(this.images, actor, raw));
  }
}
