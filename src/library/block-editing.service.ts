import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { ClinicImagesService } from '../images/clinic-images.service';
import { imageNamesIn, MarkupOptions, SAVED_CONTENT } from './content/block-markup';
import { BlockVersion } from './block-version.entity';
import { Block } from './block.entity';
import { blockVersionFields, checkBlockContent, CheckedBlock } from './content/block-source';
import { toVersionView, VersionView } from './library.service';
import { checkedOr400 } from './owned-content';
import { VersionedContentEditor } from './versioned-content-editor';
import { BASE_LANGUAGE } from '../i18n/phrases';
import { IsNull } from 'typeorm';

/** Checks a block's content (a translation against its English version); problems become a 400. */
export function checkBlockOr400(
  raw: Record<string, unknown>,
  options: MarkupOptions = {},
  english?: CheckedBlock,
): CheckedBlock {
  return checkedOr400(() => checkBlockContent(raw, options, english));
}

/**
 * The approved English version of the clinic's block `key` (or a shared one), checked, for a
 * translation to be checked against; undefined when there is none (the check then says so).
 */
async function englishOf(
  dataSource: DataSource,
  actor: Pick<Actor, 'clinicId'>,
  raw: Record<string, unknown>,
): Promise<CheckedBlock | undefined> {
  if (raw.language === undefined || raw.language === BASE_LANGUAGE) return undefined;
  if (typeof raw.key !== 'string') return undefined;
  const blocks = dataSource.getRepository(Block);
  const block =
    (await blocks.findOneBy({ key: raw.key, ownerClinicId: actor.clinicId })) ??
    (await blocks.findOneBy({ key: raw.key, ownerClinicId: IsNull() }));
  if (!block?.currentVersionId) return undefined;
  const v = await dataSource.getRepository(BlockVersion).findOneByOrFail({
    id: block.currentVersionId,
  });
  const { category, conditions, title, summary, parameters, sources, body } = v;
  return checkBlockContent(
    { key: raw.key, category, conditions, title, summary, parameters, sources, body },
    SAVED_CONTENT,
  );
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
      check: async (actor, raw) =>
        checkBlockOr400(
          raw,
          await picturesFor(images, actor, raw),
          await englishOf(dataSource, actor, raw),
        ),
      itemFields: ({ content }) => ({
        category: content.category,
        conditions: content.conditions,
      }),
      versionFields: blockVersionFields,
      onApproved: (version) => ({ category: version.category, conditions: version.conditions }),
      scope: (checked) => ({ language: checked.language }),
      isPrimary: (version) => version.language === BASE_LANGUAGE,
      approvalFields: (version, actor, { translationChecked }) =>
        version.language !== BASE_LANGUAGE && translationChecked
          ? { translationCheckedBy: actor.name, translationCheckedOn: version.reviewedOn }
          : {},
      toView: toVersionView,
    });
  }

  /** Checks a block file's content as a save would, without saving; problems are thrown. */
  async checkContent(
    actor: Pick<Actor, 'clinicId'>,
    raw: Record<string, unknown>,
  ): Promise<CheckedBlock> {
    return checkBlockContent(
      raw,
      await picturesFor(this.images, actor, raw),
      await englishOf(this.dataSource, actor, raw),
    );
  }
}
