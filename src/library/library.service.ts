import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor, hasRole } from '../auth/actor';
import { likeEscape, Page } from '../common/pagination';
import { BlockVersion } from './block-version.entity';
import { Block } from './block.entity';
import { CATEGORIES } from './content/block-source';
import { ParameterSpec } from './content/parameter-spec';
import { BlockQueryDto } from './dto/block-query.dto';
import { ProtocolVersion } from './protocol-version.entity';
import { Protocol } from './protocol.entity';
import { reviewState } from './versioned-content.entity';
import { Clock } from '../common/clock';
import { BASE_LANGUAGE } from '../i18n/phrases';
import { currentVersionOn } from './block-languages';

export interface BlockListItem {
  key: string;
  category: string;
  title: string;
  summary: string;
  version: number;
  parameters: ParameterSpec[];
  /** The version's language; English versions carry a grade, Spanish ones a reading ease. */
  language: string;
  /** Every language the block has an approved version in (the library marks what is missing). */
  languages: string[];
  readingGrade: number | null;
  readingEase: number | null;
  owner: 'shared' | 'clinic';
  /** Content governance: when the approved text is due for review, and whether it is now. */
  nextReviewOn: string | null;
  review: 'overdue' | 'due-soon' | null;
  /** The label of the block's line in a day-by-day plan ([[plan: Label | …]]), or null. */
  planLabel: string | null;
}

export interface VersionView {
  id: string;
  number: number;
  status: string;
  title: string;
  summary: string;
  category: string;
  conditions: string[];
  body: string;
  parameters: ParameterSpec[];
  sources: { title: string; publisher: string; year: number }[];
  language: string;
  readingGrade: number | null;
  smogGrade: number | null;
  readingEase: number | null;
  /** A translation checked by a person who reads its language (null: not yet; English: null). */
  translationCheckedBy: string | null;
  translationCheckedOn: string | null;
  approvedAt: string | null;
  reviewedBy: string | null;
  reviewedOn: string | null;
  nextReviewOn: string | null;
  createdAt: string;
}

export interface BlockDetail {
  key: string;
  category: string;
  conditions: string[];
  owner: 'shared' | 'clinic';
  retired: boolean;
  /** The English version new handouts use. */
  current: VersionView | null;
  /** The open English draft, shown to editors only. */
  draft: VersionView | null;
  /** The block in other languages: the version in use and the open draft (editors only). */
  translations: { language: string; current: VersionView | null; draft: VersionView | null }[];
  versions: {
    number: number;
    language: string;
    status: string;
    title: string;
    approvedAt: string | null;
    createdAt: string;
  }[];
}

/** A block as the library shows it to someone in a clinic: shared blocks plus the clinic's own. */
@Injectable()
export class LibraryService {
  constructor(
    @InjectRepository(Block) private readonly blocks: Repository<Block>,
    @InjectRepository(BlockVersion) private readonly versions: Repository<BlockVersion>,
    @InjectRepository(Protocol) private readonly protocols: Repository<Protocol>,
    private readonly clock: Clock,
  ) {}

  /**
   * Approved blocks the clinic uses that are overdue for content review or due within 60 days,
   * soonest first (the library page lists them for editors).
   */
  async dueForReview(actor: Pick<Actor, 'clinicId'>) {
    const today = this.clock.now();
    const horizon = new Date(today.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    const rows: { key: string; title: string; nextReviewOn: string; owner: string | null }[] =
      await this.blocks
        .createQueryBuilder('b')
        .innerJoin(BlockVersion, 'v', 'v.id = b.currentVersionId')
        .select(['b.key AS key', 'v.title AS title', 'b.ownerClinicId AS owner'])
        .addSelect(`to_char(v.nextReviewOn, 'YYYY-MM-DD')`, 'nextReviewOn')
        .where('(b.ownerClinicId IS NULL OR b.ownerClinicId = :clinicId)', {
          clinicId: actor.clinicId,
        })
        .andWhere('b.retiredAt IS NULL')
        .andWhere('v.nextReviewOn <= :horizon', { horizon })
        .orderBy('v.nextReviewOn')
        .addOrderBy('v.title')
        .limit(200)
        .getRawMany();
    return rows.map((r) => ({
      key: r.key,
      title: r.title,
      nextReviewOn: r.nextReviewOn,
      owner: r.owner ? ('clinic' as const) : ('shared' as const),
      overdue: reviewState(r.nextReviewOn, today) === 'overdue',
    }));
  }

  /** Approved, current, not retired; searched by words in title, summary and body. */
  async listBlocks(
    actor: Pick<Actor, 'clinicId'>,
    query: BlockQueryDto,
  ): Promise<Page<BlockListItem>> {
    const language = query.language ?? BASE_LANGUAGE;
    const qb = this.blocks
      .createQueryBuilder('b')
      .innerJoin(BlockVersion, 'v', currentVersionOn(language), { language })
      .select(['b.key AS key', 'b.category AS category', 'b.ownerClinicId AS "ownerClinicId"'])
      .addSelect([
        'v.title AS title',
        'v.summary AS summary',
        'v.number AS version',
        'v.parameters AS parameters',
        'v.language AS language',
      ])
      .addSelect('v.readingGrade', 'readingGrade')
      .addSelect('v.readingEase', 'readingEase')
      .addSelect(
        `ARRAY(SELECT DISTINCT x.language::text FROM block_versions x WHERE x.block_id = b.id AND x.status = 'approved' ORDER BY 1)`,
        'languages',
      )
      .addSelect(`to_char(v.nextReviewOn, 'YYYY-MM-DD')`, 'nextReviewOn')
      .addSelect(`substring(v.body from '\\[\\[plan[^:\\]]*:\\s*([^|\\]]*?)\\s*\\|')`, 'planLabel')
      .where('(b.ownerClinicId IS NULL OR b.ownerClinicId = :clinicId)', {
        clinicId: actor.clinicId,
      })
      .andWhere('b.retiredAt IS NULL')
      .andWhere(`v.status = 'approved'`);
    if (query.category) qb.andWhere('b.category = :category', { category: query.category });
    if (query.condition)
      qb.andWhere(':condition = ANY(b.conditions)', { condition: query.condition });
    const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    words.forEach((word, i) => {
      qb.andWhere(`v.searchText LIKE :w${i}`, { [`w${i}`]: `%${likeEscape(word)}%` });
    });
    qb.orderBy(
      `array_position(ARRAY[${CATEGORIES.map((c) => `'${c}'`).join(',')}]::varchar[], b.category)`,
    ).addOrderBy('v.title');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [total, rows] = await Promise.all([
      qb.getCount(),
      qb
        .clone()
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getRawMany<BlockListItem & { ownerClinicId: string | null }>(),
    ]);
    const today = this.clock.now();
    const items = rows.map(({ ownerClinicId, ...row }) => ({
      ...row,
      owner: ownerClinicId ? ('clinic' as const) : ('shared' as const),
      review: reviewState(row.nextReviewOn, today),
    }));
    return { items, total, page, pageSize };
  }

  /** A visible block or 404 (another clinic's block is as missing as one that does not exist). */
  async findBlockOrThrow(actor: Pick<Actor, 'clinicId'>, key: string): Promise<Block> {
    const block = await this.blocks
      .createQueryBuilder('b')
      .where('b.key = :key', { key })
      .andWhere('(b.ownerClinicId IS NULL OR b.ownerClinicId = :clinicId)', {
        clinicId: actor.clinicId,
      })
      .getOne();
    if (!block) throw new NotFoundException(`block: no block with key "${key}"`);
    return block;
  }

  async getBlock(actor: Actor, key: string): Promise<BlockDetail> {
    const block = await this.findBlockOrThrow(actor, key);
    const versions = await this.versions.find({
      where: { blockId: block.id },
      order: { number: 'DESC' },
    });
    const current = versions.find((v) => v.id === block.currentVersionId) ?? null;
    const draftIn = (language: string) =>
      hasRole(actor, 'editor')
        ? (versions.find((v) => v.status === 'draft' && v.language === language) ?? null)
        : null;
    const draft = draftIn(BASE_LANGUAGE);
    const translations = [...new Set(versions.map((v) => v.language))]
      .filter((language) => language !== BASE_LANGUAGE)
      .sort()
      .map((language) => {
        const inUse = versions.find((v) => v.language === language && v.status === 'approved');
        const open = draftIn(language);
        return {
          language,
          current: inUse ? toVersionView(inUse) : null,
          draft: open ? toVersionView(open) : null,
        };
      })
      .filter((t) => t.current || t.draft);
    return {
      key: block.key,
      category: block.category,
      conditions: block.conditions,
      owner: block.ownerClinicId ? 'clinic' : 'shared',
      retired: block.retiredAt !== null,
      current: current ? toVersionView(current) : null,
      draft: draft ? toVersionView(draft) : null,
      translations,
      versions: versions
        .filter((v) => v.status !== 'draft' || hasRole(actor, 'editor'))
        .map((v) => ({
          number: v.number,
          language: v.language,
          status: v.status,
          title: v.title,
          approvedAt: v.approvedAt?.toISOString() ?? null,
          createdAt: v.createdAt.toISOString(),
        })),
    };
  }

  async getVersion(actor: Actor, key: string, number: number): Promise<VersionView> {
    const block = await this.findBlockOrThrow(actor, key);
    const version = await this.versions.findOneBy({ blockId: block.id, number });
    if (!version || (version.status === 'draft' && !hasRole(actor, 'editor'))) {
      throw new NotFoundException(`block: "${key}" has no version ${number}`);
    }
    return toVersionView(version);
  }

  /**
   * Current approved versions for the given keys (for handouts and templates), in a language
   * (English by default); a block without an approved version in it is missing from the map.
   */
  async currentVersions(
    actor: Pick<Actor, 'clinicId'>,
    keys: string[],
    manager?: EntityManager,
    language: string = BASE_LANGUAGE,
  ): Promise<Map<string, { block: Block; version: BlockVersion }>> {
    if (keys.length === 0) return new Map();
    const repo = manager ? manager.getRepository(Block) : this.blocks;
    const blocks = await repo
      .createQueryBuilder('b')
      .innerJoinAndMapOne('b.currentVersion', BlockVersion, 'v', currentVersionOn(language), {
        language,
      })
      .where('b.key IN (:...keys)', { keys })
      .andWhere('(b.ownerClinicId IS NULL OR b.ownerClinicId = :clinicId)', {
        clinicId: actor.clinicId,
      })
      .getMany();
    return new Map(blocks.map((b) => [b.key, { block: b, version: b.currentVersion! }]));
  }

  /**
   * Approved templates (protocols) visible to the clinic, titled in `language` where the
   * template has a translation (its blocks are the same in every language).
   */
  async listProtocols(actor: Pick<Actor, 'clinicId'>, language: string = BASE_LANGUAGE) {
    const rows = await this.protocols
      .createQueryBuilder('p')
      .innerJoinAndMapOne('p.currentVersion', ProtocolVersion, 'v', 'v.id = p.currentVersionId')
      .where('(p.ownerClinicId IS NULL OR p.ownerClinicId = :clinicId)', {
        clinicId: actor.clinicId,
      })
      .andWhere('p.retiredAt IS NULL')
      .andWhere(`v.status = 'approved'`)
      .orderBy('v.title')
      .getMany();
    return {
      items: rows.map((p) => ({
        key: p.key,
        title: p.currentVersion!.translations?.[language]?.title ?? p.currentVersion!.title,
        description:
          p.currentVersion!.translations?.[language]?.description ?? p.currentVersion!.description,
        languages: [BASE_LANGUAGE, ...Object.keys(p.currentVersion!.translations ?? {})],
        condition: p.condition,
        version: p.currentVersion!.number,
        blocks: p.currentVersion!.blocks.map((b) => ({ key: b.key, params: b.params ?? {} })),
      })),
    };
  }
}

export function toVersionView(v: BlockVersion): VersionView {
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    title: v.title,
    summary: v.summary,
    category: v.category,
    conditions: v.conditions,
    body: v.body,
    parameters: v.parameters,
    sources: v.sources,
    language: v.language,
    readingGrade: v.readingGrade,
    smogGrade: v.smogGrade,
    readingEase: v.readingEase,
    translationCheckedBy: v.translationCheckedBy,
    translationCheckedOn: v.translationCheckedOn,
    approvedAt: v.approvedAt?.toISOString() ?? null,
    reviewedBy: v.reviewedBy,
    reviewedOn: v.reviewedOn,
    nextReviewOn: v.nextReviewOn,
    createdAt: v.createdAt.toISOString(),
  };
}
