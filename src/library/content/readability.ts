/**
 * Readability of patient text. Flesch-Kincaid grade and SMOG, computed on the rendered plain
 * text (one sentence per line or full stop). Syllables are estimated from vowel groups, as most
 * readability tools do; the result is a guide for editors, not a verdict.
 */
export interface Readability {
  words: number;
  sentences: number;
  fleschKincaidGrade: number;
  smogGrade: number;
}

export function readability(text: string): Readability {
  const sentences = text
    .split(/(?<=[.!?:])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[A-Za-z0-9]/.test(s));
  const words = sentences.flatMap((s) => s.match(/[A-Za-z0-9]+(?:['’][A-Za-z]+)*/g) ?? []);
  if (words.length === 0 || sentences.length === 0) {
    return { words: 0, sentences: 0, fleschKincaidGrade: 0, smogGrade: 0 };
  }
  const syllables = words.map(countSyllables);
  const totalSyllables = syllables.reduce((a, b) => a + b, 0);
  const polysyllables = syllables.filter((n) => n >= 3).length;
  const fk =
    0.39 * (words.length / sentences.length) + 11.8 * (totalSyllables / words.length) - 15.59;
  const smog = 1.043 * Math.sqrt(polysyllables * (30 / sentences.length)) + 3.1291;
  return {
    words: words.length,
    sentences: sentences.length,
    fleschKincaidGrade: round1(Math.max(0, fk)),
    smogGrade: round1(smog),
  };
}

function countSyllables(raw: string): number {
  const word = raw.toLowerCase().replace(/['’]s?$/, '');
  if (/^\d+$/.test(word)) return word.length <= 2 ? 1 : 2;
  if (word.length <= 3) return 1;
  const stem = word.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  return stem.match(/[aeiouy]{1,2}/g)?.length ?? 1;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
