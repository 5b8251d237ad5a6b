import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import {
  checkProtocolContent,
  ProtocolContent,
  protocolVersionFields,
} from './content/protocol-source';
import { LibraryService } from './library.service';
import { checkedOr400 } from './owned-content';
import { ProtocolVersion } from './protocol-version.entity';
import { Protocol } from './protocol.entity';
import { VersionedContentEditor } from './versioned-content-editor';

export interface ProtocolVersionView {
  number: number;
  status: string;
  title: string;
  description: string;
  blocks: { key: string; params: Record<string, number | string> }[];
  approvedAt: string | null;
}

type CheckedProtocol = { content: ProtocolContent; contentHash: string };

/**
 * Editors' protocols for their own clinic (templates in the API and on screen), versioned like
 * blocks; the shared ones are read-only.
 */
@Injectable()
export class ProtocolEditingService extends VersionedContentEditor<
  Protocol,
  ProtocolVersion,
  CheckedProtocol,
  ProtocolVersionView
> {
  constructor(dataSource: DataSource, audit: AuditService, library: LibraryService) {
    super(dataSource, audit, {
      kind: {
        noun: 'template',
        shared: 'the shared templates',
        readOnly: 'the shared templates are maintained in the repository and are read-only here',
      },
      item: Protocol,
      version: ProtocolVersion,
      versionTable: 'protocol_versions',
      itemIdField: 'protocolId',
      check: (actor, raw) => checkAgainstLibrary(library, actor, raw),
      itemFields: ({ content }) => ({ condition: content.condition }),
      versionFields: protocolVersionFields,
      onApproved: () => ({}),
      toView,
    });
  }
}

/** Checks a protocol against the approved blocks the clinic can use. */
async function checkAgainstLibrary(
  library: LibraryService,
  actor: Actor,
  raw: Record<string, unknown>,
): Promise<CheckedProtocol> {
  const keys = Array.isArray(raw.blocks)
    ? raw.blocks
        .map((b) => (b as { key?: unknown })?.key)
        .filter((k): k is string => typeof k === 'string')
    : [];
  const found = await library.currentVersions(actor, keys);
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

function toView(v: ProtocolVersion): ProtocolVersionView {
  return {
    number: v.number,
    status: v.status,
    title: v.title,
    description: v.description,
    blocks: v.blocks.map((b) => ({ key: b.key, params: b.params ?? {} })),
    approvedAt: v.approvedAt?.toISOString() ?? null,
  };
}
