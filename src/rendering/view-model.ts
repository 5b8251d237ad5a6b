/**
 * The document view model the renderer draws: plain data, owned here so that rendering knows
 * nothing of the library or handouts that build it.
 */

import type { FigureDrawing } from '../figures/figures';

export type { FigureDrawing };

/** A clinic's own picture, frozen into the document as a data address. */
export interface RenderedPicture {
  src: string;
  alt: string;
  width: number;
  height: number;
}

/** The kinds of callout box; `emergency` is the one a patient must not miss. */
export type CalloutTone = 'warning' | 'tip' | 'emergency';

/** A run of text ready for the template: `value` marks a personalised value (shown in bold). */
export interface TextRun {
  text: string;
  strong: boolean;
  em: boolean;
  value: boolean;
}

/** Render-ready elements; `partial` names the Handlebars partial that draws each kind. */
export type RenderedElement =
  | { partial: 'el-heading'; level2: boolean; runs: TextRun[] }
  | { partial: 'el-paragraph'; runs: TextRun[] }
  | { partial: 'el-list'; ordered: boolean; items: TextRun[][] }
  | { partial: 'el-callout'; tone: CalloutTone; label: string; children: RenderedElement[] }
  | { partial: 'el-table'; header: TextRun[][]; rows: TextRun[][][] }
  | {
      partial: 'el-exercise-log';
      days: number[];
      exercises: string[];
      /** The handout's dated plan is the log: the element points to it. */
      inPlan?: boolean;
    }
  | {
      partial: 'el-walking-schedule';
      rows: { days: string; minutes: number; walks: number }[];
      target: number;
    }
  | { partial: 'el-figure'; figure: FigureDrawing }
  | { partial: 'el-image'; picture: RenderedPicture };

/** A PDF ready to send: its bytes, a strong ETag and the file name the browser saves it as. */
export interface PdfFile {
  bytes: Buffer;
  etag: string;
  filename: string;
}

/** One block, ready to draw. */
export interface RenderedBlock {
  key: string;
  category: string;
  title: string;
  elements: RenderedElement[];
}

/** Everything the patient document shows: a plain object, built by the handout composer. */
export interface HandoutDocument {
  lang: string;
  title: string;
  clinic: {
    name: string;
    phone: string;
    address: string;
    accentColor: string;
    logo: string | null;
    /** Absent in documents published before it was kept. */
    emergencyNumber?: string;
  };
  patientName: string;
  clinicianName: string;
  dateText: string;
  versionLabel: string;
  note: string;
  followUp: string | null;
  blocks: RenderedBlock[];
  /** The condition's warning-signs block: linked from the top when it is not first. */
  warningBlockKey: string | null;
  /** The day-by-day plan as a printed table; absent when the handout has none. */
  plan?: PrintedPlan | null;
  /**
   * A handout in another language: its blocks in English with the same values, for the
   * bilingual printout (each block in the handout's language, then in English).
   */
  companion?: { lang: string; blocks: RenderedBlock[] };
}

/** The day-by-day plan's printed table: a row a day, a tick box per item that applies. */
export interface PrintedPlan {
  /** "Monday 1 December to Monday 15 December". */
  span: string;
  columns: { label: string; detail: string }[];
  rows: {
    day: number;
    dateText: string;
    /** Per column: null when the item does not apply that day, else what to tick ("9 min"). */
    cells: ({ amount: string } | null)[];
  }[];
}

/** One thing to do on a day of the plan, as frozen with a published version. */
export interface PlanItem {
  /** The block it comes from. */
  key: string;
  /** Short label (a printed column's heading). */
  label: string;
  /** What to do that day, the clinician's numbers worked out. */
  text: string;
  /** exercise: ticked done in a check-in; walk: minutes walked; other: advice for the day. */
  kind: 'exercise' | 'walk' | 'other';
  /** A walk's minutes that day. */
  minutes?: number;
}

/** The day-by-day plan frozen with a version: day 1 is the start date. */
export interface DayPlan {
  startDate: string;
  endDate: string;
  days: { day: number; date: string; items: PlanItem[] }[];
  /** The emergency signs a check-in asks about, from the warning-signs block. */
  signs: { key: string; text: string }[];
}

/** Today's part of the plan above the patient's page, with the check-in form. */
export interface PortalToday {
  /** "Today is day 3 of your plan (Tuesday 3 March)", or what to say before or after it. */
  heading: string;
  message: string | null;
  items: PlanItem[];
  form: CheckInFormView | null;
  /** Shown first and large when the check-in ticked an emergency sign. */
  emergency: { number: string } | null;
  /** "Your check-in for today is saved." */
  saved: string | null;
  errors: string[];
}

export interface CheckInFormView {
  action: string;
  token: string;
  exercises: { key: string; text: string; checked: boolean }[];
  walk: { text: string; value: string } | null;
  painChoices: { value: number; checked: boolean }[];
  signs: { key: string; text: string; checked: boolean }[];
}

export type Variant = 'standard' | 'large';
export const VARIANTS: Variant[] = ['standard', 'large'];

/** The portal's action bar over the document: addresses are ours, the phone is escaped. */
export interface PortalBar {
  pdfHref: string;
  sizeHref: string;
  /** The page is in large print: the size link goes back to normal text. */
  large: boolean;
  tel: string | null;
}

/** How one drawing of a document differs: print size, the portal's bar, a printout's QR code. */
export interface DocumentOptions {
  variant?: Variant;
  portalBar?: PortalBar;
  /** A live link to the latest version: its QR code (SVG drawn locally) and address. */
  portalLink?: { qrSvg: string; url: string };
  /** The patient's page: today's part of the plan and the check-in form, above the document. */
  today?: PortalToday;
  /**
   * A translated handout printed with English alongside: each block in the handout's
   * language, then the same block in English (its companion). Ignored for English handouts.
   */
  bilingual?: boolean;
}
