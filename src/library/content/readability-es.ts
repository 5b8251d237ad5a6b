/**
 * Readability of Spanish patient text: the Szigriszt-Pazos perspicuity index (1993), read on
 * the INFLESZ scale (Barrio-Cantalejo et al., 2008), computed on the rendered plain text:
 *
 *   perspicuity = 206.835 − 62.3 × syllables / words − words / sentences
 *
 * INFLESZ: below 40 very hard, 40–55 somewhat hard, 55–65 normal, 65–80 fairly easy
 * ("bastante fácil"), above 80 very easy. Patient texts should reach 65.
 *
 * Sentences and words are split as for English (see readability.ts). Spanish spelling is
 * phonetic enough that syllables follow from the letters: each run of vowels is one syllable
 * unless it holds two strong vowels (a, e, o, or an accented í or ú), which are spoken apart
 * (hiatus); "u" is silent in que, qui, gue, gui; "y" is a vowel only when no vowel follows it
 * ("hoy", "muy", "y"). npm has no maintained Spanish syllable counter (the one package found
 * has a single release that ships its test framework as a dependency), so the rules are here,
 * checked in readability-es.spec.ts against words whose division a dictionary gives.
 */

export interface SpanishReadability {
  words: number;
  sentences: number;
  syllables: number;
  /** Szigriszt-Pazos perspicuity, 0–100 (higher is easier). */
  perspicuity: number;
  /** Its band on the INFLESZ scale. */
  band: InfleszBand;
}

export type InfleszBand = 'very hard' | 'somewhat hard' | 'normal' | 'fairly easy' | 'very easy';

/** The INFLESZ score a patient text should reach ("bastante fácil"). */
export const INFLESZ_TARGET = 65;

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const SENTENCE_BREAK = /(?<=[.!?]["'’”»)\]]*)\s+|\s*\n\s*/;

export function spanishReadability(text: string): SpanishReadability {
  const sentences = text
    .split(SENTENCE_BREAK)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
  const words = sentences.flatMap((s) => s.match(WORD) ?? []);
  if (words.length === 0) {
    return { words: 0, sentences: 0, syllables: 0, perspicuity: 0, band: 'very hard' };
  }
  const syllables = words.reduce((n, w) => n + spanishSyllables(w), 0);
  const score = 206.835 - 62.3 * (syllables / words.length) - words.length / sentences.length;
  const perspicuity = Math.round(Math.max(0, Math.min(100, score)) * 10) / 10;
  return {
    words: words.length,
    sentences: sentences.length,
    syllables,
    perspicuity,
    band: infleszBand(perspicuity),
  };
}

export function infleszBand(perspicuity: number): InfleszBand {
  if (perspicuity < 40) return 'very hard';
  if (perspicuity < 55) return 'somewhat hard';
  if (perspicuity < 65) return 'normal';
  if (perspicuity <= 80) return 'fairly easy';
  return 'very easy';
}

/** Syllables of the numbers 0–20 and the tens, as spoken in Spanish. */
const SMALL_NUMBERS = [2, 1, 1, 1, 3, 2, 2, 3, 2, 3, 2, 2, 2, 2, 3, 2, 4, 4, 4, 4, 2];
const TENS = [0, 0, 2, 2, 3, 3, 3, 3, 3, 3];

function numberSyllables(digits: string): number {
  const value = Number(digits);
  if (!Number.isFinite(value) || digits.length > 4) return digits.length;
  if (value <= 20) return SMALL_NUMBERS[value];
  if (value < 30) return 1 + SMALL_NUMBERS[value - 20]; // veintiuno … veintinueve
  if (value < 100)
    return TENS[Math.floor(value / 10)] + (value % 10 ? 1 + SMALL_NUMBERS[value % 10] : 0);
  // cien(to), doscientos …, mil: a fair count without spelling every number out.
  const hundreds = Math.floor(value / 100) % 10;
  const thousands = Math.floor(value / 1000);
  const rest = value % 100;
  return (
    (thousands ? 1 + (thousands > 1 ? SMALL_NUMBERS[thousands] : 0) : 0) +
    (hundreds ? (hundreds === 1 ? 2 : 3) : 0) +
    (rest ? numberSyllables(String(rest)) : 0)
  );
}

const STRONG = /[aeoáéóíú]/;

/** Syllables in one Spanish word as it is spoken. */
export function spanishSyllables(token: string): number {
  const word = token.toLowerCase().replace(/’/g, "'");
  if (word.includes('-'))
    return word
      .split('-')
      .filter(Boolean)
      .reduce((n, part) => n + spanishSyllables(part), 0);
  if (/^\d+$/.test(word)) return numberSyllables(word);
  const letters = word
    .replace(/[^a-zñáéíóúü]/g, '')
    // Silent "u": que, qui, gue, gui (a sounded "u" is written ü: pingüino).
    .replace(/([qg])u(?=[eiéí])/g, '$1')
    // "y" before a vowel is a consonant ("ayuda", "yo"); elsewhere it is the vowel i.
    .replace(/y(?=[aeiouáéíóú])/g, 'j')
    .replace(/y/g, 'i');
  if (letters.length === 0) return /\d/.test(word) ? numberSyllables(word.replace(/\D/g, '')) : 0;
  const groups = letters.match(/[aeiouáéíóúü]+/g) ?? [];
  if (groups.length === 0) return 1;
  return groups.reduce((n, group) => n + nucleiIn(group), 0);
}

/** A run of vowels: diphthongs and triphthongs are one syllable, strong vowels side by side two. */
function nucleiIn(group: string): number {
  const strong = [...group].filter((c) => STRONG.test(c)).length;
  return Math.max(1, strong);
}
