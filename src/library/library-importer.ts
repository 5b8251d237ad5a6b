import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
import { BASE_LANGUAGE, languages } from '../i18n/phrases';
import { latestApproved } from './block-languages';

export const STARTER_DIR = join(PROJECT_ROOT, 'src', 'library', 'starter');

export interface ImportReport {
  blocks: { created: string[]; updated: string[]; unchanged: number };
  /** Versions in other languages, as "es/cold-pack". */
  translations: { created: string[]; updated: string[]; unchanged: number };
  templates: { created: string[]; updated: string[]; unchanged: number };
}

/**
 * Brings the shared library in line with the files in src/library/starter/: a new file makes a
 * new block, a changed file a new approved version, an unchanged one nothing; nothing is ever
 * deleted. Blocks in other languages are in blocks/<language>/ (blocks/es/cold-pack.md), each
 * checked against its English file. Safe to run from several app instances at once (one
 * advisory lock).
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
    const english = new Map(checked.map((b) => [b.content.key, b]));
    const translated = languages()
      .filter((language) => language !== BASE_LANGUAGE)
      .flatMap((language) => {
        const languageDir = join(dir, 'blocks', language);
        if (!existsSync(languageDir)) return [];
        return readFiles(languageDir, '.md').map(({ name, text }) => {
          const where = `${language}/${name}`;
          try {
            const raw = parseBlockFile(text);
            if (raw.language !== language)
              throw new BlockContentError([
                `language: must be "${language}" in blocks/${language}/`,
              ]);
            const base = english.get(String(raw.key));
            if (!base) throw new BlockContentError([`key: no English block "${String(raw.key)}"`]);
            return checkBlockContent(raw, {}, base);
          } catch (error) {
            if (error instanceof BlockContentError)
              throw new BlockContentError(error.problems.map((p) => `${where}: ${p}`));
            throw error;
          }
        });
      });
    const protocolFiles = readFiles(join(dir, 'protocols'), '.yaml');
    const review = readReview(join(dir, 'review.yaml'));

    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('library-import'))`);
      const report: ImportReport = {
        blocks: { created: [], updated: [], unchanged: 0 },
        translations: { created: [], updated: [], unchanged: 0 },
        templates: { created: [], updated: [], unchanged: 0 },
      };
      for (const block of checked) await this.importBlock(manager, block, review, report);
      for (const block of translated) await this.importTranslation(manager, block, review, report);

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
        report.translations.created.length +
        report.translations.updated.length +
        report.templates.created.length +
        report.templates.updated.length
      ) {
        await manager.getRepository(AuditEvent).save({
          clinicId: null,
          actorType: 'system',
          actorId: null,
          action: 'library.imported',
          outcome: 'success',
          details: {
            blocks: report.blocks,
            translations: report.translations,
            templates: report.templates,
          },
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
        status: 'approved',
        ...blockVersionFields(checked),
        authorId: null,
        approvedById: null,
        approvedAt: new Date(),
        ...reviewFields(review),
      }),
    );
    await manager.update(
      Block,
      { id: block.id },
      { currentVersionId: version.id, category: content.category, conditions: content.conditions },
    );
  }

  /** A block's version in another language: a new approved version when its file changed. */
  private async importTranslation(
    manager: EntityManager,
    checked: CheckedBlock,
    review: Review,
    report: ImportReport,
  ): Promise<void> {
    const { content, language } = checked;
    const name = `${language}/${content.key}`;
    const block = await manager.findOneByOrFail(Block, {
      key: content.key,
      ownerClinicId: IsNull(),
    });
    const current = await latestApproved(manager, block.id, language);
    if (current?.contentHash === checked.contentHash) {
      report.translations.unchanged++;
      return;
    }
    (current ? report.translations.updated : report.translations.created).push(name);
    const checkedBy = review.translations[language];
    await manager.save(
      manager.create(BlockVersion, {
        blockId: block.id,
        number: await nextVersionNumber(manager, 'block_versions', block.id),
        status: 'approved',
        ...blockVersionFields(checked),
        authorId: null,
        approvedById: null,
        approvedAt: new Date(),
        ...reviewFields(review),
        translationCheckedBy: checkedBy?.checkedBy ?? null,
        translationCheckedOn: checkedBy?.checkedOn ?? null,
      }),
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
        ...reviewFields(review),
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
  /** Per language: who, reading that language, checked the translations, and when. */
  translations: Record<string, { checkedBy: string; checkedOn: string } | undefined>;
}

function reviewFields({ reviewedBy, reviewedOn, nextReviewOn }: Review) {
  return { reviewedBy, reviewedOn, nextReviewOn };
}

/**
 * The release's review record (review.yaml); without one nothing is imported. Its optional
 * `translations: { es: { checkedBy, checkedOn } }` records a person who reads the language
 * checking the translations; without it they are marked as not yet checked.
 */
function readReview(path: string): Review {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BlockContentError([`review.yaml: ${(error as Error).message.split('\n')[0]}`]);
  }
  const { reviewedBy, reviewedOn, translations } = (raw ?? {}) as Record<string, unknown>;
  const day = (value: unknown) =>
    value instanceof Date ? value.toISOString().slice(0, 10) : value;
  const on = day(reviewedOn);
  const problems = [];
  const checks: Review['translations'] = {};
  for (const [language, record] of Object.entries((translations ?? {}) as object)) {
    const { checkedBy, checkedOn } = (record ?? {}) as Record<string, unknown>;
    const date = day(checkedOn);
    if (
      typeof checkedBy !== 'string' ||
      !checkedBy.trim() ||
      typeof date !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(date)
    )
      problems.push(
        `review.yaml: translations.${language} needs checkedBy (a name) and checkedOn (a date like 2026-12-01)`,
      );
    else checks[language] = { checkedBy: checkedBy.trim(), checkedOn: date };
  }
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
    translations: checks,
  };
}

function readFiles(dir: string, extension: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
