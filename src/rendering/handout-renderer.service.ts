import { Injectable, OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, TEMPLATES_DIR } from '../config/paths';
import {
  DocumentOptions,
  HandoutDocument,
  PortalBar,
  RenderedBlock,
  Variant,
  VARIANTS,
} from './view-model';
import { RenderedHtml } from '../views/rendered-html';
import { registerViewHelpers } from '../views/view-helpers';
import { legacyDocument } from './legacy-document';
import { registerPhraseHelpers } from '../i18n/phrase-helpers';
import { BASE_LANGUAGE, languages, PHRASES_DIR, phrasesFor } from '../i18n/phrases';

export type { DocumentOptions, HandoutDocument, PortalBar, RenderedBlock, Variant };
export { VARIANTS };

/**
 * The one rendering path for guidance content: templates/handout/ (a document template and a
 * partial per kind of element), compiled in strict mode. Library previews, the builder's
 * preview, the patient's page and the PDF are all drawn here. The words around the content
 * are phrases (`{{t "…"}}`) in the document's language, its `lang`.
 */
@Injectable()
export class HandoutRenderer implements OnModuleInit {
  private readonly hbs = Handlebars.create();
  private blockTemplate: Handlebars.TemplateDelegate;
  private documentTemplate: Handlebars.TemplateDelegate;
  /** The portal bar and QR code partials, for versions drawn from their stored HTML. */
  private partials: { bar: Handlebars.TemplateDelegate; link: Handlebars.TemplateDelegate };
  private css: string;
  /**
   * The look's hash: changes whenever a template, stylesheet or phrase changes; part of every
   * PDF cache key and of the portal's page cache keys.
   */
  styleHash: string;

  onModuleInit(): void {
    registerViewHelpers(this.hbs);
    registerPhraseHelpers(this.hbs);
    const dir = join(TEMPLATES_DIR, 'handout', 'partials');
    const sources: string[] = [];
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.hbs'))
      .sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      sources.push(text);
      this.hbs.registerPartial(file.replace(/\.hbs$/, ''), text);
    }
    const documentSource = readFileSync(join(TEMPLATES_DIR, 'handout', 'document.hbs'), 'utf8');
    this.css = [
      readFileSync(join(PROJECT_ROOT, 'src', 'web', 'public', 'handout.css'), 'utf8'),
      readFileSync(join(TEMPLATES_DIR, 'handout', 'document.css'), 'utf8'),
    ].join('\n');
    this.blockTemplate = this.hbs.compile('{{> block}}', { strict: true });
    this.partials = {
      bar: this.hbs.compile('{{> portal-bar}}', { strict: true }),
      link: this.hbs.compile('{{> portal-link}}', { strict: true }),
    };
    this.documentTemplate = this.hbs.compile(documentSource, { strict: true });
    const phrases = languages().map((code) =>
      readFileSync(join(PHRASES_DIR, `${code}.yaml`), 'utf8'),
    );
    this.styleHash = createHash('sha256')
      .update([...sources, documentSource, this.css, ...phrases].join('\u0000'))
      .digest('hex')
      .slice(0, 16);
  }

  /** A block's HTML, its table headings in `language`; every text in it is escaped by the templates. */
  renderBlock(block: RenderedBlock, language: string = BASE_LANGUAGE): string {
    return this.blockTemplate({ ...block, companion: null, lang: language });
  }

  private styleFor(accent: string): string {
    return `${this.css}\n:root { --accent: ${accent}; }`;
  }

  /**
   * A published version as HTML, from its frozen view model with today's templates and
   * stylesheet: its words never change, its presentation follows the current look (the PDF
   * cache key carries the style hash). Versions published before view models were kept are
   * drawn from their stored HTML instead (legacy-document.ts).
   */
  renderVersion(
    version: { document: HandoutDocument | null; html: string },
    options: DocumentOptions = {},
  ): string {
    if (version.document) return this.renderDocument(version.document, options);
    return legacyDocument(version.html, this.styleFor.bind(this), options, this.partials);
  }

  /** The whole patient document, self-contained (inline CSS and images, no scripts). */
  renderDocument(doc: HandoutDocument, options: DocumentOptions = {}): string {
    const accent = /^#[0-9a-f]{6}$/i.test(doc.clinic.accentColor)
      ? doc.clinic.accentColor
      : '#1f5f8b';
    const warning = doc.blocks.find((b) => b.key === doc.warningBlockKey);
    return this.documentTemplate({
      ...doc,
      blocks: withCompanions(doc, !!options.bilingual),
      clinic: { emergencyNumber: '', ...doc.clinic },
      variant: options.variant ?? 'standard',
      portalBar: options.portalBar ?? null,
      portalLink: options.portalLink
        ? {
            qr: new RenderedHtml(options.portalLink.qrSvg),
            shortUrl: options.portalLink.url.replace(/^https?:\/\//, ''),
          }
        : null,
      css: new RenderedHtml(this.styleFor(accent)),
      noteParagraphs: doc.note
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean),
      plan: doc.plan ?? null,
      today: options.today ?? null,
      formAction: options.today?.form ? "'self'" : "'none'",
      warningLink: !!warning && doc.blocks[0] !== warning,
      warningTitle: warning?.title ?? '',
    });
  }
}

/**
 * The blocks to draw: each with `companion: null`, or, printed bilingual, each followed by the
 * same block in English (`companion`: its language's name in the document's language, the
 * label above it), kept as its own section so each warning box stays whole in each language.
 */
function withCompanions(doc: HandoutDocument, bilingual: boolean) {
  const blocks = doc.blocks.map((b) => ({
    ...b,
    companion: null as null | { lang: string; label: string },
  }));
  if (!bilingual || !doc.companion || doc.companion.lang === doc.lang) return blocks;
  const { lang } = doc.companion;
  const english = new Map(doc.companion.blocks.map((b) => [b.key, b]));
  // Labelled in its own language ("In English"), for whoever reads that part.
  const label = phrasesFor(lang).t('document.companionLabel', { language: phrasesFor(lang).name });
  return blocks.flatMap((b) => {
    const other = english.get(b.key);
    return other ? [b, { ...other, key: `${other.key}-${lang}`, companion: { lang, label } }] : [b];
  });
}

/** The CSP hash of a document's one inline style element, so pages can allow exactly it. */
export function styleHashOf(html: string): string {
  const match = /<style>([\s\S]*?)<\/style>/.exec(html);
  return `'sha256-${createHash('sha256')
    .update(match?.[1] ?? '')
    .digest('base64')}'`;
}
