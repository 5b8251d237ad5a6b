import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { BlockVersion } from './block-version.entity';
import { Block } from './block.entity';
import { blockVersionFields, checkBlockContent, CheckedBlock } from './content/block-source';
import { nextVersionNumber } from './version-number';
import { LibraryService, toVersionView, VersionView } from './library.service';
import {
  approveDraft,
  checkedOr400,
  ContentKind,
  insertOwned,
  lockedDraft,
  ownedOrThrow,
  versionOrThrow,
} from './owned-content';

const BLOCK: ContentKind = {
  noun: 'block',
  shared: 'the shared library',
  readOnly:
    'the shared library is maintained in the repository and is read-only here; start a block of your own from its text instead',
};

/**
 * Editors' changes to their clinic's own blocks: drafts, approval, retirement. The shared
 * library is maintained as files in the repository and imported; it is read-only here.
 */
@Injectable()
export class BlockEditingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly library: LibraryService,
    private readonly audit: AuditService,
  ) {}

  /** Checks content without saving anything (for the editor's live preview). */
  check(raw: Record<string, unknown>): CheckedBlock {
    return checkedOr400(() => checkBlockContent(raw));
  }

  createBlock(actor: Actor, raw: Record<string, unknown>): Promise<VersionView> {
    const checked = this.check(raw);
    const { content } = checked;
    return this.dataSource.transaction(async (manager) => {
      const block = await insertOwned(manager, Block, BLOCK, {
        key: content.key,
        ownerClinicId: actor.clinicId,
        category: content.category,
        conditions: content.conditions,
      });
      const version = await this.writeDraft(manager, block, 1, checked, actor);
      await this.audit.recordByUser(
        actor,
        'block.created',
        { type: 'block', id: block.id },
        { key: block.key },
        manager,
      );
      return toVersionView(version);
    });
  }

  /** Saves the block's open draft, or starts the next one from an approved version. */
  saveDraft(actor: Actor, key: string, raw: Record<string, unknown>): Promise<VersionView> {
    const checked = this.check({ ...raw, key: raw.key ?? key });
    if (checked.content.key !== key)
      throw new BadRequestException([`key: cannot change a block's key (it is "${key}")`]);
    return this.dataSource.transaction(async (manager) => {
      const block = await ownedOrThrow(manager, Block, BLOCK, actor, key);
      const draft = await lockedDraft(manager, BlockVersion, { blockId: block.id });
      if (draft) {
        Object.assign(draft, blockVersionFields(checked), { authorId: actor.userId });
        const saved = await manager.save(draft);
        await this.audit.recordByUser(
          actor,
          'block.draft_saved',
          { type: 'block', id: block.id },
          { key, version: saved.number },
          manager,
        );
        return toVersionView(saved);
      }
      const next = await nextVersionNumber(manager, 'block_versions', block.id);
      const version = await this.writeDraft(manager, block, next, checked, actor);
      await this.audit.recordByUser(
        actor,
        'block.draft_started',
        { type: 'block', id: block.id },
        { key, version: next },
        manager,
      );
      return toVersionView(version);
    });
  }

  /** Edits one version by number: only drafts can change (409 otherwise). */
  updateVersion(
    actor: Actor,
    key: string,
    number: number,
    raw: Record<string, unknown>,
  ): Promise<VersionView> {
    const checked = this.check({ ...raw, key: raw.key ?? key });
    return this.dataSource.transaction(async (manager) => {
      const block = await ownedOrThrow(manager, Block, BLOCK, actor, key);
      const version = await versionOrThrow(manager, BlockVersion, BLOCK, block, {
        blockId: block.id,
        number,
      });
      if (version.status !== 'draft') {
        throw new ConflictException(
          `version ${number} is ${version.status} and never changes; save a new draft instead`,
        );
      }
      Object.assign(version, blockVersionFields(checked), { authorId: actor.userId });
      return toVersionView(await manager.save(version));
    });
  }

  approveVersion(actor: Actor, key: string, number: number): Promise<VersionView> {
    return this.dataSource.transaction(async (manager) => {
      const block = await ownedOrThrow(manager, Block, BLOCK, actor, key);
      const version = await versionOrThrow(
        manager,
        BlockVersion,
        BLOCK,
        block,
        { blockId: block.id, number },
        true,
      );
      await manager.save(approveDraft(version, number, actor));
      await manager.update(
        Block,
        { id: block.id },
        {
          currentVersionId: version.id,
          category: version.category,
          conditions: version.conditions,
        },
      );
      await this.audit.recordByUser(
        actor,
        'block.approved',
        { type: 'block', id: block.id },
        { key, version: number },
        manager,
      );
      return toVersionView(version);
    });
  }

  /** Retires a block: no new handout can use it; published handouts keep their exact text. */
  retireBlock(actor: Actor, key: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const block = await ownedOrThrow(manager, Block, BLOCK, actor, key, false);
      if (block.retiredAt) throw new ConflictException(`block "${key}" is already retired`);
      await manager.update(Block, { id: block.id }, { retiredAt: new Date() });
      if (block.currentVersionId) {
        await manager.update(
          BlockVersion,
          { id: block.currentVersionId, status: 'approved' },
          { status: 'retired' },
        );
      }
      await this.audit.recordByUser(
        actor,
        'block.retired',
        { type: 'block', id: block.id },
        { key },
        manager,
      );
    });
  }

  private writeDraft(
    manager: EntityManager,
    block: Block,
    number: number,
    checked: CheckedBlock,
    actor: Actor,
  ): Promise<BlockVersion> {
    return manager.save(
      manager.create(BlockVersion, {
        blockId: block.id,
        number,
        language: 'en',
        status: 'draft',
        ...blockVersionFields(checked),
        authorId: actor.userId,
        approvedById: null,
        approvedAt: null,
      }),
    );
  }
}
