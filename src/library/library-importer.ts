import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import { PROJECT_ROOT } from '../config/paths';
import { BlockVersion } from './block-version.entity';
import { Block } from './block.entity';
import {
  blockVersionFields,
  BlockContentError,
  checkBlockContent,
  CheckedBlock,
  parseBlockFile,
} from './content/block-source';
import {
  checkProtocolContent,
  parseProtocolFile,
  protocolVersionFields,
} from './content/protocol-source';
import { ProtocolVersion } from './protocol-version.entity';
import { Protocol } from './protocol.entity';
import { nextVersionNumber } from './version-number';
import { nextReviewAfter } from './versioned-content.entity';
import { parse as parseYaml } from 'yaml';

export const STARTER_DIR = join(PROJECT_ROOT, 'src', 'library', 'starter');

export interface ImportReport {
  blocks: { created: string[]; updated: string[]; unchanged: number };
  templates: { created: string[]; updated: string[]; unchanged: number };
}

/**
 * Brings the shared library in line with the files in src/library/starter/: a new file makes a
 * new block, a changed file a new approved version, an unchanged one nothing; nothing is ever
 * deleted. Safe to run from several app instances at once (one advisory lock).
 */
export class LibraryImporter {
  constructor(private readonly dataSource: DataSource) {}

  async importStarterLibrary(dir = STARTER_DIR): Promise<ImportReport> {
    const blockFiles = readFiles(join(dir, 'blocks'), '.md');
    const checked = blockFiles.map(({ name, text }) => {
      try {
        return checkBlockContent(parseBlockFile(text));
      } catch (error) {
        if (error instanceof BlockContentError)
          throw new BlockContentError(error.problems.map((p) => `${name}: ${p}`));
        throw error;
      }
    });
    const protocolFiles = readFiles(join(dir, 'protocols'), '.yaml');
    const review = readReview(join(dir, 'review.yaml'));

    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('library-import'))`);
      const report: ImportReport = {
        blocks: { created: [], updated: [], unchanged: 0 },
        templates: { created: [], updated: [], unchanged: 0 },
      };
      for (const block of checked) await this.importBlock(manager, block, review, report);

      const known = new Map(
        checked.map((b) => [
          b.content.key,
          { title: b.content.title, parameters: b.content.parameters },
        ]),
      );
      for (const { name, text } of protocolFiles) {
        let protocol;
        try {
          protocol = checkProtocolContent(parseProtocolFile(text), known);
        } catch (error) {
          if (error instanceof BlockContentError)
            throw new BlockContentError(error.problems.map((p) => `${name}: ${p}`));
          throw error;
        }
        await this.importProtocol(manager, protocol.content, protocol.contentHash, review, report);
      }
      if (
        report.blocks.created.length +
        report.blocks.updated.length +
        report.templates.created.length +
        report.templates.updated.length
      ) {
        await manager.getRepository(AuditEvent).save({
          clinicId: null,
          actorType: 'system',
          actorId: null,
          action: 'library.imported',
          outcome: 'success',
          details: { blocks: report.blocks, templates: report.templates },
        });
      }
      return report;
    });
  }

  private async importBlock(
    manager: EntityManager,
    checked: CheckedBlock,
    review: Review,
    report: ImportReport,
  ): Promise<void> {
    const { content } = checked;
    let block = await manager.findOneBy(Block, { key: content.key, ownerClinicId: IsNull() });
    let number = 1;
    if (block) {
      const current = block.currentVersionId
        ? await manager.findOneBy(BlockVersion, { id: block.currentVersionId })
        : null;
      if (current?.contentHash === checked.contentHash) {
        report.blocks.unchanged++;
        return;
      }
      number = await nextVersionNumber(manager, 'block_versions', block.id);
      report.blocks.updated.push(content.key);
    } else {
      block = await manager.save(
        manager.create(Block, {
          key: content.key,
          ownerClinicId: null,
          category: content.category,
          conditions: content.conditions,
        }),
      );
      report.blocks.created.push(content.key);
    }
    const version = await manager.save(
      manager.create(BlockVersion, {
        blockId: block.id,
        number,
        language: 'en',
        status: 'approved',
        ...blockVersionFields(checked),
        authorId: null,
        approvedById: null,
        approvedAt: new Date(),
        ...review,
      }),
    );
    await manager.update(
      Block,
      { id: block.id },
      { currentVersionId: version.id, category: content.category, conditions: content.conditions },
    );
  }

  private async importProtocol(
    manager: EntityManager,
    content: ReturnType<typeof checkProtocolContent>['content'],
    contentHash: string,
    review: Review,
    report: ImportReport,
  ): Promise<void> {
    let protocol = await manager.findOneBy(Protocol, { key: content.key, ownerClinicId: IsNull() });
    let number = 1;
    if (protocol) {
      const current = protocol.currentVersionId
        ? await manager.findOneBy(ProtocolVersion, { id: protocol.currentVersionId })
        : null;
      if (current?.contentHash === contentHash) {
        report.templates.unchanged++;
        return;
      }
      number = await nextVersionNumber(manager, 'protocol_versions', protocol.id);
      report.templates.updated.push(content.key);
    } else {
      protocol = await manager.save(
        manager.create(Protocol, {
          key: content.key,
          ownerClinicId: null,
          condition: content.condition,
        }),
      );
      report.templates.created.push(content.key);
    }
    const version = await manager.save(
      manager.create(ProtocolVersion, {
        protocolId: protocol.id,
        number,
        status: 'approved',
        ...protocolVersionFields({ content, contentHash }),
        authorId: null,
        approvedById: null,
        approvedAt: new Date(),
        ...review,
      }),
    );
    await manager.update(
      Protocol,
      { id: protocol.id },
      { currentVersionId: version.id, condition: content.condition },
    );
  }
}

interface Review {
  reviewedBy: string;
  reviewedOn: string;
  nextReviewOn: string;
}

/** The release's review record (review.yaml); without one nothing is imported. */
function readReview(path: string): Review {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BlockContentError([`review.yaml: ${(error as Error).message.split('\n')[0]}`]);
  }
  const { reviewedBy, reviewedOn } = (raw ?? {}) as Record<string, unknown>;
  const on = reviewedOn instanceof Date ? reviewedOn.toISOString().slice(0, 10) : reviewedOn;
  const problems = [];
  if (typeof reviewedBy !== 'string' || !reviewedBy.trim() || reviewedBy.length > 120)
    problems.push(
      'review.yaml: reviewedBy must name who reviewed the library (up to 120 characters)',
    );
  if (typeof on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(on))
    problems.push('review.yaml: reviewedOn must be a date like 2026-12-01');
  if (problems.length) throw new BlockContentError(problems);
  return {
    reviewedBy: (reviewedBy as string).trim(),
    reviewedOn: on as string,
    nextReviewOn: nextReviewAfter(on as string),
  };
}

function readFiles(dir: string, extension: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
