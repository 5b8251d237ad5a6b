import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasRole } from '../auth/actor';
import { CSRF_TOKENS } from '../auth/access.guard';
import { CsrfTokens } from '../auth/csrf';
import { SessionUser } from '../auth/session-user';
import { TEMPLATES_DIR } from '../config/paths';
import { registerViewHelpers } from './view-helpers';
import { registerPhraseHelpers } from '../i18n/phrase-helpers';
import { BASE_LANGUAGE } from '../i18n/phrases';

export interface ErrorPage {
  status: number;
  title: string;
  message: string;
  requestId: string;
}

/**
 * Server-rendered pages: templates/pages/** inside templates/layouts/main.hbs, with
 * templates/partials/**. Compiled once, in strict mode, so a missing value is an error rather
 * than a silent blank; `{{ }}` escapes everything a person typed.
 */
@Injectable()
export class PageRenderer implements OnModuleInit {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private layout: Handlebars.TemplateDelegate;
  private portalLayout: Handlebars.TemplateDelegate;

  constructor(@Inject(CSRF_TOKENS) private readonly csrf: CsrfTokens) {}

  onModuleInit(): void {
    registerViewHelpers(this.hbs);
    registerPhraseHelpers(this.hbs);
    const partialsDir = join(TEMPLATES_DIR, 'partials');
    for (const file of listTemplates(partialsDir)) {
      this.hbs.registerPartial(nameOf(partialsDir, file), readFileSync(file, 'utf8'));
    }
    const pagesDir = join(TEMPLATES_DIR, 'pages');
    for (const file of listTemplates(pagesDir)) {
      this.pages.set(nameOf(pagesDir, file), this.compile(file));
    }
    this.layout = this.compile(join(TEMPLATES_DIR, 'layouts', 'main.hbs'));
    this.portalLayout = this.compile(join(TEMPLATES_DIR, 'layouts', 'portal.hbs'));
  }

  /** A page for the signed-in user (or the sign-in page), with the CSRF token forms need. */
  render(req: Request, res: Response, page: string, title: string, data: object = {}): string {
    const user = (req.user as SessionUser | undefined) ?? null;
    const csrfToken = user ? this.csrf.issue(req, res) : '';
    res.setHeader('Cache-Control', 'no-store');
    return this.renderWith(page, { title, user, csrfToken, ...data });
  }

  /**
   * A page of the patient portal: its own plain layout, no staff navigation, no sign-in, its
   * words in `data.lang` (the handout's language). English only where nothing tells which
   * language the patient reads (an error answered before any link is known).
   */
  renderPortal(
    page: string,
    title: string,
    data: { lang?: string; [key: string]: unknown },
  ): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`No page template "${page}"`);
    const context = { title, lang: BASE_LANGUAGE, ...data };
    return this.portalLayout({ ...context, body: new this.hbs.SafeString(template(context)) });
  }

  renderError(error: ErrorPage, user: SessionUser | null): string {
    return this.renderWith('error', { title: error.title, user, csrfToken: '', error });
  }

  private renderWith(
    page: string,
    context: { title: string; user: SessionUser | null; [key: string]: unknown },
  ): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`No page template "${page}"`);
    const user = context.user;
    const nav = {
      clinician: !!user && hasRole(user, 'clinician'),
      editor: !!user && hasRole(user, 'editor'),
      admin: !!user && user.role === 'admin',
    };
    const full = { timeZone: user?.timeZone ?? 'UTC', ...context, nav };
    return this.layout({ ...full, body: new this.hbs.SafeString(template(full)) });
  }

  private compile(file: string): Handlebars.TemplateDelegate {
    return this.hbs.compile(readFileSync(file, 'utf8'), { strict: true, noEscape: false });
  }
}

function listTemplates(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return listTemplates(path);
    return entry.endsWith('.hbs') ? [path] : [];
  });
}

function nameOf(base: string, file: string): string {
  return relative(base, file)
    .replace(/\\/g, '/')
    .replace(/\.hbs$/, '');
}
