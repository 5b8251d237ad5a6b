import { diffLines } from 'diff';

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Past this many changed lines, or this long, the texts are shown whole rather than compared. */
const MAX_EDIT_LENGTH = 2000;
const TIMEOUT_MS = 250;

/**
 * What an editor changed since the approved text, line by line (the `diff` package's Myers
 * diff). Bounded: a comparison with more than 2,000 changed lines, or taking over 250 ms, gives
 * the old text as removed and the new as added, so no body can hold up the server.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  // Every line ends with a newline, so a last line is compared like any other.
  const changes = diffLines(withNewline(before), withNewline(after), {
    maxEditLength: MAX_EDIT_LENGTH,
    timeout: TIMEOUT_MS,
  });
  if (!changes) {
    return [
      ...linesOf(before).map((text) => ({ kind: 'removed' as const, text })),
      ...linesOf(after).map((text) => ({ kind: 'added' as const, text })),
    ];
  }
  return changes.flatMap((change) =>
    linesOf(change.value).map((text) => ({
      kind: change.added
        ? ('added' as const)
        : change.removed
          ? ('removed' as const)
          : ('same' as const),
      text,
    })),
  );
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** The lines of a chunk; the newline that ends a chunk's last line is not another line. */
function linesOf(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}
