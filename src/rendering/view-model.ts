/**
 * The document view model the renderer draws: plain data, owned here so that rendering knows
 * nothing of the library or handouts that build it.
 */

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
  | { partial: 'el-exercise-log'; days: number[]; exercises: string[] };

/** A PDF ready to send: its bytes, a strong ETag and the file name the browser saves it as. */
export interface PdfFile {
  bytes: Buffer;
  etag: string;
  filename: string;
}
