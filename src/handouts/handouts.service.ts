import { randomBytes } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { LibraryService } from '../library/library.service';
import { ProtocolEditingService } from '../library/protocol-editing.service';
import { PatientsService } from '../patients/patients.service';
import { CreateHandoutDto, SaveDraftDto } from './dto/handout.dto';
import { HandoutComposer } from './handout-composer.service';
import { HandoutVersion } from './handout-version.entity';
import { REFRESH_ATTENTION } from './plan-progress.entity';
import { DEFAULT_REVIEW_AFTER_DAYS, Handout, HandoutDraft } from './handout.entity';
import { BASE_LANGUAGE, isLanguage, phrasesFor } from '../i18n/phrases';

export interface HandoutView {
  id: string;
  patientId: string;
  condition: string;
  templateKey: string | null;
  draft: HandoutDraft & { revision: number };
  versions: { number: number; publishedAt: string; publishedBy: { id: string; name: string } }[];
}

export interface HandoutSummary {
  id: string;
  title: string;
  latestVersion: number;
  lastPublishedAt: string | null;
  updatedAt: string;
}

@Injectable()
export class HandoutsService {
  constructor(
    @InjectRepository(Handout) private readonly handouts: Repository<Handout>,
    @InjectRepository(HandoutVersion) private readonly versions: Repository<HandoutVersion>,
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly library: LibraryService,
    private readonly composer: HandoutComposer,
    private readonly audit: AuditService,
    private readonly protocols: ProtocolEditingService,
  ) {}

  /**
   * The handout's blocks and values as a template of the clinic's own, approved at once (it
   * arranges approved blocks, it writes no text), to start the next handout from.
   */
  async saveAsTemplate(
    actor: Actor,
    id: string,
    title: string,
  ): Promise<{ key: string; title: string }> {
    const handout = await this.findByIdOrThrow(actor, id);
    if (handout.draft.blocks.length === 0)
      throw new BadRequestException(['blocks: add at least one block before saving a template']);
    const slug =
      title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40)
        .replace(/-+$/, '') || 'template';
    const key = `${/^[a-z]/.test(slug) ? slug : `t-${slug}`}-${randomBytes(3).toString('hex')}`;
    await this.protocols.create(actor, {
      key,
      title,
      condition: handout.condition,
      description: `Saved from a handout by ${actor.name}`.slice(0, 300),
      blocks: handout.draft.blocks.map((b) => ({ key: b.key, params: b.params })),
    });
    await this.protocols.approveVersion(actor, key, 1);
    return { key, title };
  }

  /** A new handout for a patient, empty or filled from a template. */
  async createHandout(
    actor: Actor,
    patientId: string,
    dto: CreateHandoutDto,
  ): Promise<HandoutView> {
    const patient = await this.patients.findByIdOrThrow(actor, patientId);
    // The patient's preferred language, when the portal speaks it (a "es-MX" preference reads "es").
    const preferred = patient.language.split('-')[0];
    const language = isLanguage(preferred) ? preferred : BASE_LANGUAGE;
    let draft: HandoutDraft = {
      title: dto.title ?? phrasesFor(language).t('document.untitled'),
      note: '',
      followUpDate: null,
      reviewAfterDays: DEFAULT_REVIEW_AFTER_DAYS,
      blocks: [],
      ...(language !== BASE_LANGUAGE ? { language } : {}),
    };
    let condition = 'low-back-spasm';
    if (dto.templateKey) {
      const protocol = (await this.library.listProtocols(actor, language)).items.find(
        (p) => p.key === dto.templateKey,
      );
      if (!protocol)
        throw new BadRequestException([`templateKey: no template "${dto.templateKey}"`]);
      draft = {
        ...draft,
        title: dto.title ?? protocol.title,
        blocks: protocol.blocks.map((b) => ({ key: b.key, params: { ...b.params } })),
      };
      condition = protocol.condition;
    }
    const handout = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(Handout, {
          clinicId: actor.clinicId,
          patientId: patient.id,
          condition,
          protocolKey: dto.templateKey ?? null,
          draft,
          revision: 1,
          latestVersion: 0,
          createdById: actor.userId,
        }),
      );
      await this.audit.recordByUser(
        actor,
        'handout.created',
        { type: 'handout', id: saved.id },
        { patientId: patient.id, template: dto.templateKey ?? null },
        manager,
      );
      return saved;
    });
    return this.toView(handout, []);
  }

  async getHandout(actor: Actor, id: string): Promise<HandoutView> {
    const handout = await this.findByIdOrThrow(actor, id);
    return this.toView(
      handout,
      await this.versions.find({ where: { handoutId: id }, order: { number: 'ASC' } }),
    );
  }

  async findByIdOrThrow(
    actor: Pick<Actor, 'clinicId'>,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<Handout> {
    const repo = manager ? manager.getRepository(Handout) : this.handouts;
    const handout = await repo.findOne({
      where: { id, clinicId: actor.clinicId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!handout) throw new NotFoundException('handout: not found');
    return handout;
  }

  /**
   * Saves the draft if it is based on the latest revision (409 otherwise, so a change made in
   * another tab is never overwritten). Every block and value is checked first: nothing invalid
   * is ever saved.
   */
  async saveDraft(
    actor: Actor,
    id: string,
    dto: SaveDraftDto,
  ): Promise<HandoutDraft & { revision: number }> {
    const saved = await this.findByIdOrThrow(actor, id);
    // A draft saved without a language keeps the one it has.
    const language = dto.language ?? saved.draft.language ?? BASE_LANGUAGE;
    const draft: HandoutDraft = {
      title: dto.title,
      note: dto.note ?? '',
      followUpDate: dto.followUpDate ?? null,
      reviewAfterDays: dto.reviewAfterDays ?? DEFAULT_REVIEW_AFTER_DAYS,
      startDate: dto.startDate ?? null,
      ...(language !== BASE_LANGUAGE ? { language } : {}),
      blocks: dto.blocks.map((b) => ({
        key: b.key,
        params: b.params ?? {},
        ...(b.fromDay !== undefined ? { fromDay: b.fromDay } : {}),
        ...(b.toDay !== undefined ? { toDay: b.toDay } : {}),
      })),
    };
    const problems = await this.composer.check(actor, draft);
    if (problems.length) throw new BadRequestException(problems);
    const result = await this.handouts
      .createQueryBuilder()
      .update(Handout)
      .set({ draft, revision: () => 'revision + 1' })
      .where('id = :id AND clinic_id = :clinicId AND revision = :revision', {
        id,
        clinicId: actor.clinicId,
        revision: dto.revision,
      })
      .returning(['revision'])
      .execute();
    if (result.affected === 0) {
      const current = await this.findByIdOrThrow(actor, id);
      throw new ConflictException(
        `This handout was changed elsewhere (you edited revision ${dto.revision}; the latest is ${current.revision}). Reload to see the latest version; your edits are still on this page.`,
      );
    }
    return { ...draft, revision: (result.raw as { revision: number }[])[0].revision };
  }

  /**
   * Freezes the draft into version N+1. The handout row is locked for the duration, so two
   * publishes at once get consecutive numbers, never a duplicate or a gap. Publishing a draft
   * identical to the latest version is refused with 409 (nothing to publish).
   */
  publish(actor: Actor, id: string): Promise<{ number: number; publishedAt: string }> {
    return this.dataSource.transaction(async (manager) => {
      const handout = await this.findByIdOrThrow(actor, id, manager, true);
      const patient = await this.patients.findByIdOrThrow(actor, handout.patientId, manager);
      const number = handout.latestVersion + 1;
      const publishedAt = new Date();
      const latest =
        handout.latestVersion > 0
          ? await manager.findOneByOrFail(HandoutVersion, {
              handoutId: id,
              number: handout.latestVersion,
            })
          : null;
      const composition = await this.composer.compose(
        actor,
        {
          draft: handout.draft,
          condition: handout.condition,
          patientName: patient.displayName,
          clinicianName: actor.name,
          publishedAt,
          versionNumber: number,
          previousStartDate: latest?.startDate ?? null,
        },
        manager,
      );
      const problems = [...composition.problems, ...composition.publishProblems];
      if (problems.length) throw new BadRequestException(problems);
      if (latest) {
        if (latest.contentHash === composition.contentHash) {
          throw new ConflictException(
            `Nothing has changed since version ${latest.number}; edit the handout before publishing again.`,
          );
        }
      }
      await manager.insert(HandoutVersion, {
        handoutId: id,
        clinicId: actor.clinicId,
        number,
        language: composition.language,
        title: handout.draft.title,
        note: handout.draft.note,
        followUpDate: handout.draft.followUpDate,
        startDate: composition.startDate,
        plan: composition.plan,
        blocks: composition.blocks,
        document: composition.document,
        html: composition.html,
        plainText: composition.plainText,
        readingGrade: composition.readingGrade,
        readingEase: composition.readingEase,
        contentHash: composition.contentHash,
        publishedById: actor.userId,
        publishedAt,
      });
      await manager.update(Handout, { id }, { latestVersion: number });
      // Where the plan stands follows the latest version's dates; flags already raised stay.
      await manager.query(
        `INSERT INTO plan_progress (handout_id, clinic_id, patient_id, start_date, end_date)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (handout_id) DO UPDATE SET start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date`,
        [
          id,
          actor.clinicId,
          handout.patientId,
          composition.plan?.startDate ?? null,
          composition.plan?.endDate ?? null,
        ],
      );
      await manager.query(REFRESH_ATTENTION, [id]);
      await this.audit.recordByUser(
        actor,
        'handout.published',
        { type: 'handout', id },
        { version: number },
        manager,
      );
      return { number, publishedAt: publishedAt.toISOString() };
    });
  }

  async findVersionOrThrow(
    actor: Pick<Actor, 'clinicId'>,
    id: string,
    number: number,
  ): Promise<HandoutVersion> {
    await this.findByIdOrThrow(actor, id);
    const version = await this.versions.findOneBy({
      handoutId: id,
      number,
      clinicId: actor.clinicId,
    });
    if (!version) throw new NotFoundException(`handout: version ${number} not found`);
    return version;
  }

  /** A published version exactly as frozen. */
  async getVersion(actor: Actor, id: string, number: number) {
    const version = await this.findVersionOrThrow(actor, id, number);
    const names = await this.publisherNames(actor.clinicId, [version.publishedById]);
    return {
      number: version.number,
      title: version.title,
      note: version.note,
      followUpDate: version.followUpDate,
      blocks: version.blocks,
      html: version.html,
      language: version.language,
      readingGrade: version.readingGrade,
      readingEase: version.readingEase,
      contentHash: version.contentHash,
      publishedAt: version.publishedAt.toISOString(),
      publishedBy: { id: version.publishedById, name: names.get(version.publishedById) ?? '' },
    };
  }

  /** The draft drawn as the patient will see it (for the builder's preview). */
  async previewDraft(
    actor: Actor,
    id: string,
  ): Promise<{
    html: string;
    language: string;
    readingGrade: number | null;
    readingEase: number | null;
    problems: string[];
    notices: string[];
  }> {
    const handout = await this.findByIdOrThrow(actor, id);
    const patient = await this.patients.findByIdOrThrow(actor, handout.patientId);
    const latest = handout.latestVersion
      ? await this.versions.findOne({
          where: { handoutId: id, number: handout.latestVersion, clinicId: actor.clinicId },
          select: { id: true, startDate: true },
        })
      : null;
    const composition = await this.composer.compose(actor, {
      draft: handout.draft,
      condition: handout.condition,
      patientName: patient.displayName,
      clinicianName: actor.name,
      publishedAt: null,
      versionNumber: null,
      previousStartDate: latest?.startDate ?? null,
    });
    return {
      html: composition.html,
      language: composition.language,
      readingGrade: composition.readingGrade,
      readingEase: composition.readingEase,
      problems: [...composition.problems, ...composition.publishProblems],
      notices: composition.notices,
    };
  }

  async listForPatient(actor: Actor, patientId: string): Promise<HandoutSummary[]> {
    await this.patients.findByIdOrThrow(actor, patientId);
    const rows = await this.handouts.find({
      where: { clinicId: actor.clinicId, patientId },
      order: { updatedAt: 'DESC' },
    });
    const published = rows.filter((h) => h.latestVersion > 0);
    const latest = published.length
      ? await this.versions.find({
          select: { handoutId: true, number: true, publishedAt: true },
          where: published.map((h) => ({ handoutId: h.id, number: h.latestVersion })),
        })
      : [];
    const publishedAt = new Map(latest.map((v) => [v.handoutId, v.publishedAt.toISOString()]));
    return rows.map((h) => ({
      id: h.id,
      title: h.draft.title,
      latestVersion: h.latestVersion,
      lastPublishedAt: publishedAt.get(h.id) ?? null,
      updatedAt: h.updatedAt.toISOString(),
    }));
  }

  /** Who published: a person of the clinic, or another system with an API key. */
  private async publisherNames(clinicId: string, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM users WHERE id = ANY($1::uuid[]) AND clinic_id = $2
       UNION ALL
       SELECT id, 'API key "' || name || '"' FROM api_keys WHERE id = ANY($1::uuid[]) AND clinic_id = $2`,
      [unique, clinicId],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private async toView(handout: Handout, versions: HandoutVersion[]): Promise<HandoutView> {
    const names = await this.publisherNames(
      handout.clinicId,
      versions.map((v) => v.publishedById),
    );
    return {
      id: handout.id,
      patientId: handout.patientId,
      condition: handout.condition,
      templateKey: handout.protocolKey,
      draft: {
        reviewAfterDays: DEFAULT_REVIEW_AFTER_DAYS,
        startDate: null,
        language: BASE_LANGUAGE,
        ...handout.draft,
        revision: handout.revision,
      },
      versions: versions.map((v) => ({
        number: v.number,
        publishedAt: v.publishedAt.toISOString(),
        publishedBy: { id: v.publishedById, name: names.get(v.publishedById) ?? '' },
      })),
    };
  }
}
