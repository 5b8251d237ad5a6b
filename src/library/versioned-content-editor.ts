import { BadRequestException, ConflictException } from '@nestjs/common';
import { DataSource, DeepPartial, EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import {
  approveDraft,
  ContentKind,
  insertOwned,
  lockedDraft,
  OwnedItem,
  ownedOrThrow,
  Version,
  versionOrThrow,
} from './owned-content';
import { nextVersionNumber } from './version-number';

/** What differs between the kinds of versioned content (blocks, protocols); the rest is shared. */
export interface ContentKindSpec<I extends OwnedItem, V extends Version, C extends Checked, View> {
  kind: ContentKind;
  item: EntityTarget<I>;
  version: EntityTarget<V>;
  /** The version table and the version's column naming its item. */
  versionTable: 'block_versions' | 'protocol_versions';
  itemIdField: 'blockId' | 'protocolId';
  /** Checks raw content for the actor's clinic; throws a 400 that names each problem. */
  check(actor: Actor, raw: Record<string, unknown>): C | Promise<C>;
  /** The item's own columns, from checked content (besides key and owner). */
  itemFields(checked: C): DeepPartial<I>;
  /** The version's columns, from checked content. */
  versionFields(checked: C): DeepPartial<V>;
  /** Item columns that follow the version approved (a block's category). */
  onApproved(version: V): DeepPartial<I>;
  /**
   * Where an item has parallel versions (a block's languages): the columns that set this
   * content's versions apart, so each has its own open draft. None by default.
   */
  scope?(checked: C): FindOptionsWhere<V>;
  /** Whether approving the version makes it the item's current one (a translation does not). */
  isPrimary?(version: V): boolean;
  /** Columns set on approval besides the approval itself (a translation checked by a reader). */
  approvalFields?(version: V, actor: Actor, options: ApproveOptions): DeepPartial<V>;
  toView(version: V): View;
}

export interface Checked {
  content: { key: string };
}

export interface ApproveOptions {
  /** The approver reads the translation's language and checked it against the English. */
  translationChecked?: boolean;
}

/**
 * Editors' changes to their clinic's own content of one kind: create, save a draft (the open
 * one, or the next after an approved version), edit a draft by number, approve, retire. Every
 * change is one transaction on the item's locked row, and audited as `<noun>.<what>`. The
 * shared library is maintained in the repository and read-only here.
 */
export class VersionedContentEditor<
  I extends OwnedItem,
  V extends Version,
  C extends Checked,
  View,
> {
  constructor(
    protected readonly dataSource: DataSource,
    protected readonly audit: AuditService,
    private readonly spec: ContentKindSpec<I, V, C, View>,
  ) {}

  /** Checks content without saving anything (for an editor's live preview). */
  check(actor: Actor, raw: Record<string, unknown>): C | Promise<C> {
    return this.spec.check(actor, raw);
  }

  async create(actor: Actor, raw: Record<string, unknown>): Promise<View> {
    const checked = await this.spec.check(actor, raw);
    return this.dataSource.transaction(async (manager) => {
      const item = await insertOwned(manager, this.spec.item, this.spec.kind, {
        ...this.spec.itemFields(checked),
        key: checked.content.key,
        ownerClinicId: actor.clinicId,
      } as DeepPartial<I> & { key: string });
      const version = await this.writeDraft(manager, item, 1, checked, actor);
      await this.record(actor, 'created', item, { key: item.key }, manager);
      return this.spec.toView(version);
    });
  }

  /** Saves the item's open draft, or starts the next one from an approved version. */
  async saveDraft(actor: Actor, key: string, raw: Record<string, unknown>): Promise<View> {
    const checked = await this.spec.check(actor, { ...raw, key: raw.key ?? key });
    const { noun } = this.spec.kind;
    if (checked.content.key !== key)
      throw new BadRequestException([`key: cannot change a ${noun}'s key (it is "${key}")`]);
    return this.dataSource.transaction(async (manager) => {
      const item = await ownedOrThrow(manager, this.spec.item, this.spec.kind, actor, key);
      const draft = await lockedDraft(manager, this.spec.version, {
        ...this.ofItem(item),
        ...this.spec.scope?.(checked),
      });
      if (draft) {
        Object.assign(draft, this.spec.versionFields(checked), { authorId: actor.userId });
        const saved = await manager.save(draft);
        await this.record(actor, 'draft_saved', item, { key, version: saved.number }, manager);
        return this.spec.toView(saved);
      }
      const next = await nextVersionNumber(manager, this.spec.versionTable, item.id);
      const version = await this.writeDraft(manager, item, next, checked, actor);
      await this.record(actor, 'draft_started', item, { key, version: next }, manager);
      return this.spec.toView(version);
    });
  }

  /** Edits one version by number: only drafts can change (409 otherwise). */
  async updateVersion(
    actor: Actor,
    key: string,
    number: number,
    raw: Record<string, unknown>,
  ): Promise<View> {
    const checked = await this.spec.check(actor, { ...raw, key: raw.key ?? key });
    return this.dataSource.transaction(async (manager) => {
      const item = await ownedOrThrow(manager, this.spec.item, this.spec.kind, actor, key);
      const version = await versionOrThrow(manager, this.spec.version, this.spec.kind, item, {
        ...this.ofItem(item),
        number,
      });
      if (version.status !== 'draft') {
        throw new ConflictException(
          `version ${number} is ${version.status} and never changes; save a new draft instead`,
        );
      }
      Object.assign(version, this.spec.versionFields(checked), { authorId: actor.userId });
      const saved = await manager.save(version);
      await this.record(actor, 'draft_saved', item, { key, version: number }, manager);
      return this.spec.toView(saved);
    });
  }

  approveVersion(
    actor: Actor,
    key: string,
    number: number,
    options: ApproveOptions = {},
  ): Promise<View> {
    return this.dataSource.transaction(async (manager) => {
      const item = await ownedOrThrow(manager, this.spec.item, this.spec.kind, actor, key);
      const version = await versionOrThrow(
        manager,
        this.spec.version,
        this.spec.kind,
        item,
        { ...this.ofItem(item), number },
        true,
      );
      approveDraft(version, number, actor);
      Object.assign(version, this.spec.approvalFields?.(version, actor, options));
      await manager.save(version);
      if (this.spec.isPrimary?.(version) ?? true)
        await manager.update(
          this.spec.item,
          { id: item.id } as FindOptionsWhere<I>,
          {
            currentVersionId: version.id,
            ...this.spec.onApproved(version),
          } as never,
        );
      await this.record(actor, 'approved', item, { key, version: number }, manager);
      return this.spec.toView(version);
    });
  }

  /** Retires the item and its current version: no new handout can use it; published ones keep their text. */
  retire(actor: Actor, key: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const item = await ownedOrThrow(manager, this.spec.item, this.spec.kind, actor, key, false);
      if (item.retiredAt)
        throw new ConflictException(`${this.spec.kind.noun} "${key}" is already retired`);
      await manager.update(
        this.spec.item,
        { id: item.id } as FindOptionsWhere<I>,
        {
          retiredAt: new Date(),
        } as never,
      );
      if (item.currentVersionId) {
        await manager.update(
          this.spec.version,
          { id: item.currentVersionId, status: 'approved' } as FindOptionsWhere<V>,
          { status: 'retired' } as never,
        );
      }
      await this.record(actor, 'retired', item, { key }, manager);
    });
  }

  private ofItem(item: I): FindOptionsWhere<V> {
    return { [this.spec.itemIdField]: item.id } as FindOptionsWhere<V>;
  }

  private writeDraft(
    manager: EntityManager,
    item: I,
    number: number,
    checked: C,
    actor: Actor,
  ): Promise<V> {
    return manager.save(
      this.spec.version,
      manager.create(this.spec.version, {
        ...this.spec.versionFields(checked),
        [this.spec.itemIdField]: item.id,
        number,
        status: 'draft',
        authorId: actor.userId,
        approvedById: null,
        approvedAt: null,
      } as DeepPartial<V>),
    );
  }

  private record(
    actor: Actor,
    what: 'created' | 'draft_started' | 'draft_saved' | 'approved' | 'retired',
    item: I,
    details: Record<string, unknown>,
    manager: EntityManager,
  ) {
    const { noun } = this.spec.kind;
    return this.audit.recordByUser(
      actor,
      `${noun}.${what}`,
      { type: noun, id: item.id },
      details,
      manager,
    );
  }
}
