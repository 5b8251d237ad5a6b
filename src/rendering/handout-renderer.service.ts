import { Injectable, OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, TEMPLATES_DIR } from '../config/paths';
import type { RenderedElement } from './view-model';
import { RenderedHtml } from '../views/rendered-html';
import { registerViewHelpers } from '../views/view-helpers';

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
}

export type Variant = 'standard' | 'large';
export const VARIANTS: Variant[] = ['standard', 'large'];

/**
 * The one rendering path for guidance content: templates/handout/ (a document template and a
 * partial per kind of element), compiled in strict mode. Library previews, the builder's
 * preview, the patient's page and the PDF are all drawn here.
 */
@Injectable()
export class HandoutRenderer implements OnModuleInit {
  private readonly hbs = Handlebars.create();
  private blockTemplate: Handlebars.TemplateDelegate;
  private documentTemplate: Handlebars.TemplateDelegate;
  private css: string;
  /** Changes whenever a template or stylesheet changes: part of every PDF cache key. */
  templateHash: string;

  onModuleInit(): void {
    registerViewHelpers(this.hbs);
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
    this.documentTemplate = this.hbs.compile(documentSource, { strict: true });
    this.templateHash = createHash('sha256')
      .update([...sources, documentSource, this.css].join('\u0000'))
      .digest('hex')
      .slice(0, 16);
  }

  /** A block's HTML; every text in it is escaped by the templates. */
  renderBlock(block: RenderedBlock): string {
    return this.blockTemplate(block);
  }

  /**
   * A frozen document with today's stylesheet: the words of a published version never change,
   * but its presentation follows the current templates (the PDF cache key carries their hash).
   */
  restyle(html: string): string {
    const accent = /--accent: (#[0-9a-f]{6}); \}\s*<\/style>/i.exec(html)?.[1] ?? '#1f5f8b';
    return html.replace(
      /<style>[\s\S]*?<\/style>/,
      () => `<style>${this.styleFor(accent)}</style>`,
    );
  }

  private styleFor(accent: string): string {
    return `${this.css}\n:root { --accent: ${accent}; }`;
  }

  /** The whole patient document, self-contained (inline CSS and images, no scripts). */
  renderDocument(doc: HandoutDocument): string {
    const accent = /^#[0-9a-f]{6}$/i.test(doc.clinic.accentColor)
      ? doc.clinic.accentColor
      : '#1f5f8b';
    const warning = doc.blocks.find((b) => b.key === doc.warningBlockKey);
    return this.documentTemplate({
      ...doc,
      variant: 'standard',
      css: new RenderedHtml(this.styleFor(accent)),
      noteParagraphs: doc.note
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean),
      warningLink: !!warning && doc.blocks[0] !== warning,
      warningTitle: warning?.title ?? '',
    });
  }
}

/** The CSP hash of a document's one inline style element, so pages can allow exactly it. */
export function styleHashOf(html: string): string {
  const match = /<style>([\s\S]*?)<\/style>/.exec(html);
  return `'sha256-${createHash('sha256')
    .update(match?.[1] ?? '')
    .digest('base64')}'`;
}

/**
 * Adds the QR code and short address of a live link to a frozen document (for printouts that
 * lead back to the latest version). The SVG is drawn locally; the address is escaped.
 */
export function withPortalLink(html: string, qrSvgMarkup: string, url: string): string {
  const shortUrl = Handlebars.Utils.escapeExpression(url.replace(/^https?:\/\//, ''));
  const aside = `<aside class="doc-portal"><div class="doc-qr">${qrSvgMarkup}</div><p><strong>Scan for the latest version</strong><br>${shortUrl}</p></aside>`;
  return html.replace(/<\/main>/, () => `${aside}\n</main>`);
}

/** Switches a rendered document to another print variant (the class on <html>). */
export function withVariant(html: string, variant: Variant): string {
  return html.replace(
    /^(<!doctype html>\s*<html lang="[^"]*" class=")(standard|large)(")/i,
    `$1${variant}$3`,
  );
}
