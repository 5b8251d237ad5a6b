import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { ProtocolEntry } from '../protocol-version.entity';
import { BlockContentError } from './block-source';
import { ParameterSpec, resolveValues } from './parameter-spec';
import { BASE_LANGUAGE, isLanguage, languages } from '../../i18n/phrases';

/** A template's title and description in another language ("es"): its blocks are the same. */
export type ProtocolTranslations = Record<string, { title: string; description: string }>;

export interface ProtocolContent {
  key: string;
  title: string;
  condition: string;
  description: string;
  blocks: ProtocolEntry[];
  /** Absent when there are none, so a template's hash is what it was before languages. */
  translations?: ProtocolTranslations;
}

const KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function parseProtocolFile(text: string): Record<string, unknown> {
  try {
    const parsed = parseYaml(text);
    if (typeof parsed !== 'object' || parsed === null) throw new Error('must be a list of fields');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new BlockContentError([`template: ${(error as Error).message.split('\n')[0]}`]);
  }
}

/**
 * Validates a protocol against the blocks it names: every key exists and every default value
 * is within the block's bounds. `blocks` maps key to the block's title and parameters.
 */
export function checkProtocolContent(
  raw: Record<string, unknown>,
  blocks: Map<string, { title: string; parameters: ParameterSpec[] }>,
): { content: ProtocolContent; contentHash: string } {
  const problems: string[] = [];
  const text = (field: string, max: number, required = true) => {
    const value = raw[field];
    if (value === undefined && !required) return '';
    if (typeof value !== 'string' || !value.trim()) problems.push(`${field}: is required`);
    else if (value.length > max) problems.push(`${field}: must be at most ${max} characters`);
    return typeof value === 'string' ? value.trim() : '';
  };
  const key = text('key', 60);
  if (key && !KEY.test(key)) problems.push('key: must be kebab-case, like first-72-hours');
  const title = text('title', 120);
  const condition = text('condition', 60);
  const description = text('description', 300, false);
  const entries = raw.blocks;
  const blocksOut: ProtocolEntry[] = [];
  if (!Array.isArray(entries) || entries.length === 0)
    problems.push('blocks: list at least one block');
  else {
    entries.forEach((entry, i) => {
      const e = entry as ProtocolEntry;
      const block = typeof e?.key === 'string' ? blocks.get(e.key) : undefined;
      if (!block)
        return problems.push(`blocks[${i}]: no approved block with key "${String(e?.key)}"`);
      const { problems: valueProblems } = resolveValues(block.title, block.parameters, e.params);
      problems.push(...valueProblems.map((p) => `blocks[${i}]: ${p}`));
      blocksOut.push(
        e.params && Object.keys(e.params).length
          ? { key: e.key, params: e.params }
          : { key: e.key },
      );
    });
  }
  const translations = checkTranslations(raw.translations, problems);
  const unknown = Object.keys(raw).filter(
    (k) => !['key', 'title', 'condition', 'description', 'blocks', 'translations'].includes(k),
  );
  if (unknown.length) problems.push(`${unknown[0]}: is not a template field`);
  if (problems.length) throw new BlockContentError(problems);
  const content: ProtocolContent = {
    key,
    title,
    condition,
    description,
    blocks: blocksOut,
    ...(translations ? { translations } : {}),
  };
  return {
    content,
    contentHash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
  };
}

/** `translations: { es: { title, description } }`: each a language the portal speaks. */
function checkTranslations(raw: unknown, problems: string[]): ProtocolTranslations | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push('translations: must map a language (es) to its title and description');
    return undefined;
  }
  const out: ProtocolTranslations = {};
  for (const [language, value] of Object.entries(raw)) {
    const where = `translations.${language}`;
    if (!isLanguage(language) || language === BASE_LANGUAGE) {
      problems.push(
        `${where}: not a language to translate into (one of ${languages()
          .filter((l) => l !== BASE_LANGUAGE)
          .join(', ')})`,
      );
      continue;
    }
    const { title, description } = (value ?? {}) as Record<string, unknown>;
    if (typeof title !== 'string' || !title.trim() || title.length > 120)
      problems.push(`${where}.title: is required (up to 120 characters)`);
    if (description !== undefined && (typeof description !== 'string' || description.length > 300))
      problems.push(`${where}.description: must be text of up to 300 characters`);
    out[language] = {
      title: typeof title === 'string' ? title.trim() : '',
      description: typeof description === 'string' ? description.trim() : '',
    };
  }
  return Object.keys(out).length ? out : undefined;
}

/** The columns of a template version that come from its checked content. */
export function protocolVersionFields(checked: { content: ProtocolContent; contentHash: string }) {
  return {
    title: checked.content.title,
    description: checked.content.description,
    translations: checked.content.translations ?? {},
    blocks: checked.content.blocks,
    contentHash: checked.contentHash,
  };
}
