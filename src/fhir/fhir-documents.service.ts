import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { HandoutPdfService } from '../handouts/handout-pdf.service';
import { HandoutVersion } from '../handouts/handout-version.entity';
import { Handout } from '../handouts/handout.entity';
import { User } from '../users/user.entity';
import { searchsetBundle } from './bundle';
import { PublishedVersionRow, toDocumentReference } from './document-reference.mapper';
import { fhirBase, parseDocumentReferenceId } from './fhir-ids';
import { QueryPairs } from './fhir-query';
import { DocumentReference, SearchsetBundle } from './fhir-resources';
import { DateCondition } from './date-search';
import { assertReadParams, DocumentSearch, parseDocumentSearch } from './search-params';

type Clinic = Pick<Actor, 'clinicId'>;

/**
 * FHIR DocumentReference read and search: one per published handout version, within the
 * actor's clinic, with the hash and size of the PDF its url serves.
 */
@Injectable()
export class FhirDocumentsService {
  constructor(
    @InjectRepository(HandoutVersion) private readonly versions: Repository<HandoutVersion>,
    private readonly pdfs: HandoutPdfService,
    private readonly config: AppConfig,
  ) {}

  async read(actor: Clinic, id: string, query: QueryPairs): Promise<DocumentReference> {
    assertReadParams(query, 'a DocumentReference read');
    const named = parseDocumentReferenceId(id);
    const row = named
      ? await this.published(actor)
          .andWhere('v.handoutId = :handoutId AND v.number = :number', named)
          .select(ROW_COLUMNS)
          .getRawOne<PublishedVersionRow>()
      : undefined;
    if (!row) throw new NotFoundException(['DocumentReference: not found']);
    return this.toResource(actor, row);
  }

  async search(actor: Clinic, query: QueryPairs): Promise<SearchsetBundle<DocumentReference>> {
    const base = fhirBase(this.config.publicUrl);
    const search = parseDocumentSearch(query, base);
    const matches = this.matching(actor, search);
    const total = matches ? await matches.getCount() : 0;
    const { count, offset } = search.page;
    const rows =
      !matches || count === 0 || offset >= total
        ? []
        : await matches
            .select(ROW_COLUMNS)
            .orderBy('v.publishedAt', 'ASC')
            .addOrderBy('v.handoutId', 'ASC')
            .addOrderBy('v.number', 'ASC')
            .offset(offset)
            .limit(count)
            .getRawMany<PublishedVersionRow>();
    const resources = await inTurn(rows, (row) => this.toResource(actor, row));
    return searchsetBundle({
      base,
      resourceType: 'DocumentReference',
      query,
      page: search.page,
      total,
      resources,
    });
  }

  /** The clinic's published versions matching the search, or null when none can match. */
  private matching(
    actor: Clinic,
    search: DocumentSearch,
  ): SelectQueryBuilder<HandoutVersion> | null {
    const statuses = search.statuses;
    if (search.patientIds.some((ids) => ids.length === 0)) return null;
    if (statuses && !statuses.includes('current') && !statuses.includes('superseded')) return null;
    const query = this.published(actor);
    search.patientIds.forEach((ids, i) =>
      query.andWhere(`h.patientId IN (:...patients${i})`, { [`patients${i}`]: ids }),
    );
    search.dates.forEach((condition, i) => query.andWhere(dateClause(condition, i)));
    if (statuses && !(statuses.includes('current') && statuses.includes('superseded')))
      query.andWhere(
        statuses.includes('current') ? 'v.number = h.latestVersion' : 'v.number < h.latestVersion',
      );
    return query;
  }

  private published(actor: Clinic): SelectQueryBuilder<HandoutVersion> {
    return this.versions
      .createQueryBuilder('v')
      .innerJoin(Handout, 'h', 'h.id = v.handoutId AND h.clinicId = v.clinicId')
      .leftJoin(User, 'u', 'u.id = v.publishedById AND u.clinicId = v.clinicId')
      .leftJoin(ApiKey, 'k', 'k.id = v.publishedById AND k.clinicId = v.clinicId')
      .where('v.clinicId = :clinicId', { clinicId: actor.clinicId });
  }

  private async toResource(actor: Clinic, row: PublishedVersionRow): Promise<DocumentReference> {
    const pdf = await this.pdfs.versionPdfDigest(actor, row.handoutId, row.number);
    return toDocumentReference(row, pdf, this.config.publicUrl);
  }
}

/**
 * Maps rows two at a time (the renderer's smallest page pool), in order: a page of versions
 * whose PDFs are not cached yet never floods the renderer's queue.
 */
async function inTurn<T, R>(items: T[], map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await map(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(2, items.length) }, worker));
  return results;
}

const ROW_COLUMNS = [
  'v.id AS "versionId"',
  'v.handoutId AS "handoutId"',
  'v.number AS "number"',
  'v.language AS "language"',
  'v.title AS "title"',
  'v.publishedAt AS "publishedAt"',
  'h.patientId AS "patientId"',
  'h.latestVersion AS "latestVersion"',
  'u.name AS "userName"',
  'k.name AS "keyName"',
];

/** A date condition on the publish instant; the value covers [start, end). */
function dateClause({ prefix, start, end }: DateCondition, i: number): Brackets {
  const [s, e] = [`dateStart${i}`, `dateEnd${i}`];
  return new Brackets((where) => {
    if (prefix === 'eq')
      where.where(`v.publishedAt >= :${s} AND v.publishedAt < :${e}`, { [s]: start, [e]: end });
    else if (prefix === 'ge') where.where(`v.publishedAt >= :${s}`, { [s]: start });
    else if (prefix === 'gt') where.where(`v.publishedAt >= :${e}`, { [e]: end });
    else if (prefix === 'lt') where.where(`v.publishedAt < :${s}`, { [s]: start });
    else where.where(`v.publishedAt < :${e}`, { [e]: end });
  });
}
