import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import {
  checkProtocolContent,
  ProtocolContent,
  protocolVersionFields,
} from './content/protocol-source';
import { LibraryService } from './library.service';
import {
  approveDraft,
  checkedOr400,
  ContentKind,
  insertOwned,
  lockedDraft,
  ownedOrThrow,
  versionOrThrow,
} from './owned-content';
import { nextVersionNumber } from './version-number';
import { ProtocolVersion } from './protocol-version.entity';
import { Protocol } from './protocol.entity';

export interface TemplateVersionView {
  number: number;
  status: string;
  title: string;
  description: string;
  blocks: { key: string; params: Record<string, number | string> }[];
  approvedAt: string | null;
}

const TEMPLATE: ContentKind = {
  noun: 'template',
  shared: 'the shared templates',
  readOnly: 'the shared templates are maintained in the repository and are read-only here',
};

/** Editors' templates for their own clinic, versioned like blocks; the shared ones are read-only. */
@Injectable()
export class TemplateEditingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly library: LibraryService,
    private readonly audit: AuditService,
  ) {}

  async createTemplate(actor: Actor, raw: Record<string, unknown>): Promise<TemplateVersionView> {
    const checked = await this.check(actor, raw);
    return this.dataSource.transaction(async (manager) => {
      const protocol = await insertOwned(manager, Protocol, TEMPLATE, {
        key: checked.content.key,
        ownerClinicId: actor.clinicId,
        condition: checked.content.condition,
      });
      const version = await this.writeDraft(manager, protocol, 1, checked, actor);
      await this.audit.recordByUser(
        actor,
        'template.created',
        { type: 'template', id: protocol.id },
        { key: protocol.key },
        manager,
      );
      return toView(version);
    });
  }

  async saveDraft(
    actor: Actor,
    key: string,
    raw: Record<string, unknown>,
  ): Promise<TemplateVersionView> {
    const checked = await this.check(actor, { ...raw, key: raw.key ?? key });
    if (checked.content.key !== key)
      throw new BadRequestException([`key: cannot change a template's key (it is "${key}")`]);
    return this.dataSource.transaction(async (manager) => {
      const protocol = await ownedOrThrow(manager, Protocol, TEMPLATE, actor, key);
      const draft = await lockedDraft(manager, ProtocolVersion, { protocolId: protocol.id });
      if (draft) {
        Object.assign(draft, protocolVersionFields(checked), { authorId: actor.userId });
        const saved = await manager.save(draft);
        await this.audit.recordByUser(
          actor,
          'template.draft_saved',
          { type: 'template', id: protocol.id },
          { key, version: saved.number },
          manager,
        );
        return toView(saved);
      }
      const next = await nextVersionNumber(manager, 'protocol_versions', protocol.id);
      const version = await this.writeDraft(manager, protocol, next, checked, actor);
      await this.audit.recordByUser(
        actor,
        'template.draft_started',
        { type: 'template', id: protocol.id },
        { key, version: next },
        manager,
      );
      return toView(version);
    });
  }

  approveVersion(actor: Actor, key: string, number: number): Promise<TemplateVersionView> {
    return this.dataSource.transaction(async (manager) => {
      const protocol = await ownedOrThrow(manager, Protocol, TEMPLATE, actor, key);
      const version = await versionOrThrow(
        manager,
        ProtocolVersion,
        TEMPLATE,
        protocol,
        { protocolId: protocol.id, number },
        true,
      );
      await manager.save(approveDraft(version, number, actor));
      await manager.update(Protocol, { id: protocol.id }, { currentVersionId: version.id });
      await this.audit.recordByUser(
        actor,
        'template.approved',
        { type: 'template', id: protocol.id },
        { key, version: number },
        manager,
      );
      return toView(version);
    });
  }

  retireTemplate(actor: Actor, key: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const protocol = await ownedOrThrow(manager, Protocol, TEMPLATE, actor, key, false);
      if (protocol.retiredAt) throw new ConflictException(`template "${key}" is already retired`);
      await manager.update(Protocol, { id: protocol.id }, { retiredAt: new Date() });
      // As for a block: its current version is retired with it.
      if (protocol.currentVersionId) {
        await manager.update(
          ProtocolVersion,
          { id: protocol.currentVersionId, status: 'approved' },
          { status: 'retired' },
        );
      }
      await this.audit.recordByUser(
        actor,
        'template.retired',
        { type: 'template', id: protocol.id },
        { key },
        manager,
      );
    });
  }

  /** Checks the content against the approved blocks the clinic can use. */
  private async check(actor: Actor, raw: Record<string, unknown>) {
    const keys = Array.isArray(raw.blocks)
      ? raw.blocks
          .map((b) => (b as { key?: unknown })?.key)
          .filter((k): k is string => typeof k === 'string')
      : [];
    const found = await this.library.currentVersions(actor, keys);
    const usable = new Map(
      [...found.values()]
        .filter(({ block, version }) => !block.retiredAt && version.status === 'approved')
        .map(({ block, version }) => [
          block.key,
          { title: version.title, parameters: version.parameters },
        ]),
    );
    return checkedOr400(() => checkProtocolContent(raw, usable));
  }

  private writeDraft(
    manager: EntityManager,
    protocol: Protocol,
    number: number,
    checked: { content: ProtocolContent; contentHash: string },
    actor: Actor,
  ) {
    return manager.save(
      manager.create(ProtocolVersion, {
        protocolId: protocol.id,
        number,
        status: 'draft',
        ...protocolVersionFields(checked),
        authorId: actor.userId,
        approvedById: null,
        approvedAt: null,
      }),
    );
  }
}

function toView(v: ProtocolVersion): TemplateVersionView {
  return {
    number: v.number,
    status: v.status,
    title: v.title,
    description: v.description,
    blocks: v.blocks.map((b) => ({ key: b.key, params: b.params ?? {} })),
    approvedAt: v.approvedAt?.toISOString() ?? null,
  };
}
