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
import { BASE_LANGUAGE, phrasesFor } from '../i18n/phrases';
import { spanishReadability } from '../library/content/readability-es';
import { BlockVersion } from '../library/block-version.entity';

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
  /** The handout's language and its reading score: a grade in English, a reading ease in Spanish. */
  language: string;
  readingGrade: number | null;
  readingEase: number | null;
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
  /** In a handout in another language: the block's English version, printed beside it on request. */
  english?: { title: string; body: string };
}

/** Parameters as a translation must share them with its English version (labels aside). */
function sharedParameters(specs: ParameterSpec[]): string {
  return JSON.stringify(specs.map(({ label: _label, ...rest }) => rest));
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
    const language = draft.language ?? BASE_LANGUAGE;
    const phrases = phrasesFor(language);
    const { locale } = phrases;
    const { blocks, resolved, problems, notices, untranslated } = await this.resolve(
      actor,
      draft,
      manager,
    );
    const clinic = await this.clinics.getClinicWithLogo(actor);

    const publishProblems: string[] = [];
    if (untranslated.length)
      publishProblems.push(
        `language: ${untranslated.length === 1 ? 'this block has' : 'these blocks have'} no approved ${phrases.englishName} version yet: ${untranslated.map((t) => `"${t}"`).join(', ')}. Remove ${untranslated.length === 1 ? 'it' : 'them'}, or have ${untranslated.length === 1 ? 'it' : 'them'} translated and approved, before publishing in ${phrases.englishName}.`,
      );
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
      reviewDate: formatValue(DATE_SPEC, reviewDate, locale),
      hasPlan,
      followUpDate: draft.followUpDate ? formatValue(DATE_SPEC, draft.followUpDate, locale) : '',
      exerciseTitles,
      locale,
      phrases,
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
    const companion = companionOf(parsed, context, exerciseTitles);
    const doc: HandoutDocument = {
      lang: language,
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
      dateText: input.publishedAt
        ? language === BASE_LANGUAGE
          ? formatDate(input.publishedAt)
          : new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(input.publishedAt)
        : phrases.t('document.version.notPublished'),
      versionLabel: input.versionNumber
        ? phrases.t('document.version.number', { number: input.versionNumber })
        : phrases.t('document.version.draft'),
      note: draft.note,
      followUp: draft.followUpDate ? formatValue(DATE_SPEC, draft.followUpDate, locale) : null,
      blocks: rendered,
      warningBlockKey: required?.key ?? null,
      plan: plan ? printedPlan(plan, locale, phrases) : null,
      ...(companion ? { companion } : {}),
    };
    const html = this.renderer.renderDocument(doc);
    const tooBig = documentSizeProblem(html);
    if (tooBig) publishProblems.push(tooBig);
    const text = [
      draft.title,
      draft.note,
      ...rendered.map((b) => plainText(b.title, b.elements, phrases)),
    ]
      .filter(Boolean)
      .join('\n');
    const contentHash = createHash('sha256')
      .update(
        JSON.stringify({
          title: draft.title,
          note: draft.note,
          followUpDate: draft.followUpDate,
          reviewAfterDays: draft.reviewAfterDays ?? DEFAULT_REVIEW_AFTER_DAYS,
          // English hashes are as they were before languages.
          ...(language !== BASE_LANGUAGE ? { language } : {}),
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
      language,
      readingGrade: language === BASE_LANGUAGE ? readability(text).fleschKincaidGrade : null,
      readingEase: language === 'es' ? spanishReadability(text).perspicuity : null,
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
    /** Titles of blocks with no approved version in the handout's language (shown in English). */
    untranslated: string[];
  }> {
    const problems: string[] = [];
    const notices: string[] = [];
    const untranslated: string[] = [];
    const today = this.clock.now();
    const language = draft.language ?? BASE_LANGUAGE;
    const keys = draft.blocks.map((b) => b.key);
    const found = await this.library.currentVersions(actor, keys, manager);
    const translated =
      language === BASE_LANGUAGE
        ? null
        : await this.library.currentVersions(actor, keys, manager, language);
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
      // In another language: the block's version in it, if it has one that still shares the
      // English version's parameters; otherwise the English text, and publishing is refused.
      let version: BlockVersion = hit.version;
      if (translated) {
        const own = translated.get(entry.key)?.version;
        if (own && sharedParameters(own.parameters) === sharedParameters(hit.version.parameters))
          version = own;
        else {
          untranslated.push(hit.version.title);
          notices.push(
            own
              ? `"${hit.version.title}": its ${phrasesFor(language).englishName} version no longer matches the English version's values; it is shown in English and cannot be published until it is updated.`
              : `"${hit.version.title}" has no approved ${phrasesFor(language).englishName} version; it is shown in English and cannot be published in ${phrasesFor(language).englishName}.`,
          );
        }
      }
      if (reviewState(version.nextReviewOn, today) === 'overdue')
        notices.push(
          `"${version.title}" was due for content review on ${formatDate(version.nextReviewOn)}. It can still be published; ask your content editor to review it.`,
        );
      blocks.push({
        key: entry.key,
        blockVersionId: version.id,
        blockVersion: version.number,
        title: version.title,
        category: version.category,
        params: values,
        ...days,
      });
      resolved.push({
        key: entry.key,
        category: version.category,
        title: version.title,
        body: version.body,
        specs: version.parameters,
        values,
        ...days,
        ...(version !== hit.version
          ? { english: { title: hit.version.title, body: hit.version.body } }
          : {}),
      });
    });
    return { blocks, resolved, problems, notices, untranslated };
  }
}

/**
 * A translated handout's blocks in English, with the same values, for the bilingual printout;
 * null for an English handout. Frozen with the version like the document itself.
 */
function companionOf(
  parsed: (ResolvedBlock & { elements: ReturnType<typeof parseMarkup>['elements'] })[],
  context: Parameters<typeof renderElements>[3],
  exerciseTitles: string[],
): HandoutDocument['companion'] | null {
  if (!parsed.some((b) => b.english)) return null;
  const english = phrasesFor(BASE_LANGUAGE);
  const englishContext = { ...context, locale: english.locale, phrases: english, exerciseTitles };
  return {
    lang: BASE_LANGUAGE,
    blocks: parsed.map((b) => {
      const source = b.english ?? { title: b.title, body: b.body };
      const elements = parseMarkup(
        source.body,
        b.specs.map((p) => p.name),
        SAVED_CONTENT,
      ).elements;
      return {
        key: b.key,
        category: b.category,
        title: source.title,
        elements: renderElements(elements, b.specs, b.values, englishContext),
      };
    }),
  };
}
