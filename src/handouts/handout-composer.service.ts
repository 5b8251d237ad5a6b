import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { ClinicsService } from '../clinics/clinics.service';
import {
  imageNamesOf,
  parseMarkup,
  planLineOf,
  SAVED_CONTENT,
} from '../library/content/block-markup';
import { ClinicImagesService } from '../images/clinic-images.service';
import {
  clinicContextOf,
  formatValue,
  plainText,
  renderElements,
} from '../library/content/block-render';
import { ParameterSpec, ParameterValues, resolveValues } from '../library/content/parameter-spec';
import { readability } from '../library/content/readability';
import { LibraryService } from '../library/library.service';
import {
  HandoutDocument,
  HandoutRenderer,
  RenderedBlock,
} from '../rendering/handout-renderer.service';
import type { DayPlan } from '../rendering/view-model';
import { formatDate } from '../views/view-helpers';
import { reviewState } from '../library/versioned-content.entity';
import { Clock } from '../common/clock';
import { FrozenBlock } from './handout-version.entity';
import { addDays, todayIn } from './day-plan';
import { DEFAULT_REVIEW_AFTER_DAYS, HandoutDraft } from './handout.entity';
import { composePlan, emergencySignsOf, printedPlan } from './plan-composer';

/** The block every handout for a condition must carry (warning signs). */
export const REQUIRED_BLOCKS: Record<string, { key: string; title: string; condition: string }> = {
  'low-back-spasm': {
    key: 'emergency-signs',
    title: 'Emergency warning signs',
    condition: 'low back spasm',
  },
};

/**
 * The largest document a handout may render to. Sixty full blocks come to about 1.5 MB; more
 * would hold up the shared PDF renderer for every clinic.
 */
export const MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;

export function documentSizeProblem(html: string, limit = MAX_DOCUMENT_BYTES): string | undefined {
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes <= limit) return undefined;
  const kb = (n: number) => `${Math.ceil(n / 1024).toLocaleString('en')} KB`;
  return `blocks: the handout is too long to print (${kb(bytes)}; at most ${kb(limit)}). Remove blocks or shorten them.`;
}

const DATE_SPEC = { name: 'date', type: 'date', label: '' } as const;

/**
 * The handout's one review date (YYYY-MM-DD): the follow-up date when there is one, else the
 * plan's start date (the publish date unless the clinician set one) plus the days to review
 * after.
 */
export function reviewDateOf(draft: HandoutDraft, startDate: string): string {
  if (draft.followUpDate) return draft.followUpDate;
  return addDays(startDate, draft.reviewAfterDays ?? DEFAULT_REVIEW_AFTER_DAYS);
}

export interface Composition {
  /** Problems with the draft itself (unknown or retired blocks, values out of bounds). */
  problems: string[];
  /** Further rules a version must meet to be published (not empty, required warning signs). */
  publishProblems: string[];
  /** What the clinician should know but need not fix: blocks overdue for content review. */
  notices: string[];
  blocks: FrozenBlock[];
  rendered: RenderedBlock[];
  /** The view model the HTML is drawn from (frozen with a published version). */
  document: HandoutDocument;
  /** Day 1 of the plan: the clinician's start date, or the publish date on the clinic's clock. */
  startDate: string;
  /** The day-by-day plan, or null when no block has a plan line. */
  plan: DayPlan | null;
  html: string;
  plainText: string;
  readingGrade: number;
  contentHash: string;
}

interface ResolvedBlock {
  key: string;
  category: string;
  title: string;
  /** The version's markup, parsed only when the document is rendered. */
  body: string;
  specs: ParameterSpec[];
  values: ParameterValues;
  fromDay?: number;
  toDay?: number;
}

export interface ComposeInput {
  draft: HandoutDraft;
  condition: string;
  patientName: string;
  clinicianName: string;
  /** Publication time, or null for a draft preview. */
  publishedAt: Date | null;
  /** The latest published version's start date, which a draft without its own continues. */
  previousStartDate?: string | null;
  versionNumber: number | null;
}

/**
 * Turns a draft into the patient document: resolves each block to its current approved
 * version, checks every value against its bounds, applies the condition's safety rules, and
 * renders through the shared renderer. The preview, the draft check and publishing all use it.
 */
@Injectable()
export class HandoutComposer {
  constructor(
    private readonly library: LibraryService,
    private readonly clinics: ClinicsService,
    private readonly renderer: HandoutRenderer,
    private readonly clock: Clock,
    private readonly images: ClinicImagesService,
  ) {}

  /** The draft's blocks checked against the library: what a save refuses, without rendering. */
  async check(
    actor: Pick<Actor, 'clinicId'>,
    draft: HandoutDraft,
    manager?: EntityManager,
  ): Promise<string[]> {
    return (await this.resolve(actor, draft, manager)).problems;
  }

  async compose(
    actor: Pick<Actor, 'clinicId'>,
    input: ComposeInput,
    manager?: EntityManager,
  ): Promise<Composition> {
    const { draft } = input;
    const { blocks, resolved, problems, notices } = await this.resolve(actor, draft, manager);
    const clinic = await this.clinics.getClinicWithLogo(actor);

    const publishProblems: string[] = [];
    if (draft.blocks.length === 0) publishProblems.push('blocks: add at least one block');
    const required = REQUIRED_BLOCKS[input.condition];
    if (required && !draft.blocks.some((b) => b.key === required.key)) {
      publishProblems.push(
        `blocks: a handout for ${required.condition} must include the "${required.title}" block (${required.key}) before it can be published`,
      );
    }

    const parsed = resolved.map((b) => ({
      ...b,
      elements: parseMarkup(
        b.body,
        b.specs.map((p) => p.name),
        SAVED_CONTENT,
      ).elements,
    }));
    // The log lists exercises the patient is prescribed (a block with a number to do: holds,
    // repetitions), not advice about exercising.
    // A plan started by an earlier version goes on from its day 1: a correction published on
    // day 10 must not put the patient back on day 1.
    const startDate =
      draft.startDate ??
      input.previousStartDate ??
      todayIn(clinic.timeZone, input.publishedAt ?? this.clock.now());
    const reviewDate = reviewDateOf(draft, startDate);
    const hasPlan = parsed.some((b) => planLineOf(b.elements));
    const exerciseTitles = parsed
      .filter(
        (b) =>
          b.category === 'exercise' &&
          b.specs.some((p) => p.type === 'integer' || p.type === 'decimal') &&
          !b.elements.some((e) => e.kind === 'exercise-log'),
      )
      .map((b) => b.title);
    const context = {
      clinic: clinicContextOf(clinic),
      reviewDate: formatValue(DATE_SPEC, reviewDate, 'en-GB'),
      hasPlan,
      followUpDate: draft.followUpDate ? formatValue(DATE_SPEC, draft.followUpDate, 'en-GB') : '',
      exerciseTitles,
      locale: 'en-GB',
      // Frozen into the version as data addresses: a picture replaced later changes no handout.
      images: await this.images.forRendering(
        actor.clinicId,
        parsed.flatMap((b) => imageNamesOf(b.elements)),
      ),
    };
    const rendered: RenderedBlock[] = parsed.map((b) => ({
      key: b.key,
      category: b.category,
      title: b.title,
      elements: renderElements(b.elements, b.specs, b.values, context),
    }));
    const plan = composePlan({
      startDate,
      lastDate: reviewDate,
      blocks: parsed,
      context,
      signs: emergencySignsOf(rendered.find((b) => b.key === required?.key)),
    });
    const doc: HandoutDocument = {
      lang: 'en',
      title: draft.title,
      clinic: {
        name: clinic.name,
        phone: clinic.phone,
        address: clinic.address,
        accentColor: clinic.accentColor,
        emergencyNumber: clinic.emergencyNumber,
        logo: clinic.logo
          ? `data:${clinic.logo.type};base64,${clinic.logo.bytes.toString('base64')}`
          : null,
      },
      patientName: input.patientName,
      clinicianName: input.clinicianName,
      dateText: input.publishedAt ? formatDate(input.publishedAt) : 'Draft, not yet published',
      versionLabel: input.versionNumber ? `Version ${input.versionNumber}` : 'Draft',
      note: draft.note,
      followUp: draft.followUpDate ? formatValue(DATE_SPEC, draft.followUpDate, 'en-GB') : null,
      blocks: rendered,
      warningBlockKey: required?.key ?? null,
      plan: plan ? printedPlan(plan, 'en-GB') : null,
    };
    const html = this.renderer.renderDocument(doc);
    const tooBig = documentSizeProblem(html);
    if (tooBig) publishProblems.push(tooBig);
    const text = [draft.title, draft.note, ...rendered.map((b) => plainText(b.title, b.elements))]
      .filter(Boolean)
      .join('\n');
    const contentHash = createHash('sha256')
      .update(
        JSON.stringify({
          title: draft.title,
          note: draft.note,
          followUpDate: draft.followUpDate,
          reviewAfterDays: draft.reviewAfterDays ?? DEFAULT_REVIEW_AFTER_DAYS,
          // The clinician's start date only: a plan that starts when published is the same plan.
          ...(draft.startDate ? { startDate: draft.startDate } : {}),
          blocks,
          patient: input.patientName,
        }),
      )
      .digest('hex');
    return {
      problems,
      publishProblems,
      notices,
      blocks,
      rendered,
      document: doc,
      startDate,
      plan,
      html,
      plainText: text,
      readingGrade: readability(text).fleschKincaidGrade,
      contentHash,
    };
  }

  /** Each block of the draft at its current approved version, with its values checked. */
  private async resolve(
    actor: Pick<Actor, 'clinicId'>,
    draft: HandoutDraft,
    manager?: EntityManager,
  ): Promise<{
    blocks: FrozenBlock[];
    resolved: ResolvedBlock[];
    problems: string[];
    notices: string[];
  }> {
    const problems: string[] = [];
    const notices: string[] = [];
    const today = this.clock.now();
    const found = await this.library.currentVersions(
      actor,
      draft.blocks.map((b) => b.key),
      manager,
    );
    if (draft.followUpDate && draft.startDate && draft.followUpDate < draft.startDate)
      problems.push(
        `startDate: the plan starts on ${formatValue(DATE_SPEC, draft.startDate, 'en-GB')}, after the follow-up date`,
      );
    const blocks: FrozenBlock[] = [];
    const resolved: ResolvedBlock[] = [];
    const seen = new Set<string>();
    draft.blocks.forEach((entry, i) => {
      const at = `blocks[${i}]`;
      if (seen.has(entry.key)) problems.push(`${at}: "${entry.key}" is in the handout twice`);
      seen.add(entry.key);
      const hit = found.get(entry.key);
      if (!hit) return problems.push(`${at}: no block with key "${entry.key}"`);
      if (hit.block.retiredAt || hit.version.status !== 'approved') {
        return problems.push(
          `${at}: "${hit.version.title}" is retired and cannot be used in a new version`,
        );
      }
      const { values, problems: valueProblems } = resolveValues(
        hit.version.title,
        hit.version.parameters,
        entry.params,
      );
      problems.push(...valueProblems.map((p) => `${at}: ${p}`));
      if (entry.fromDay !== undefined && entry.toDay !== undefined && entry.fromDay > entry.toDay)
        problems.push(
          `${at}: "${hit.version.title}" starts on day ${entry.fromDay}, after its last day (${entry.toDay})`,
        );
      const days = {
        ...(entry.fromDay !== undefined ? { fromDay: entry.fromDay } : {}),
        ...(entry.toDay !== undefined ? { toDay: entry.toDay } : {}),
      };
      if (reviewState(hit.version.nextReviewOn, today) === 'overdue')
        notices.push(
          `"${hit.version.title}" was due for content review on ${formatDate(hit.version.nextReviewOn)}. It can still be published; ask your content editor to review it.`,
        );
      blocks.push({
        key: entry.key,
        blockVersionId: hit.version.id,
        blockVersion: hit.version.number,
        title: hit.version.title,
        category: hit.version.category,
        params: values,
        ...days,
      });
      resolved.push({
        key: entry.key,
        category: hit.version.category,
        title: hit.version.title,
        body: hit.version.body,
        specs: hit.version.parameters,
        values,
        ...days,
      });
    });
    return { blocks, resolved, problems, notices };
  }
}
