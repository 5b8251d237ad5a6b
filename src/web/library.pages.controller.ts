import { BASE_LANGUAGE, isLanguage, languages, phrasesFor } from '../i18n/phrases';
import { infleszBand, INFLESZ_TARGET } from '../library/content/readability-es';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Actor, hasRole } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { validateDto } from '../common/validation';
import { pick, submitForm } from '../views/forms';
import { PageRenderer } from '../views/page-renderer.service';
import { RenderedHtml } from '../views/rendered-html';
import { BlockEditingService, checkBlockOr400 } from '../library/block-editing.service';
import { BlockPreviewService } from '../library/block-preview.service';
import {
  BlockContentError,
  CATEGORIES,
  categoryLabel,
  parseBlockFile,
  toBlockFile,
} from '../library/content/block-source';
import { lineDiff } from '../library/content/line-diff';
import { BlockQueryDto } from '../library/dto/block-query.dto';
import { KeyPipe } from '../library/key.pipe';
import { checkedOr400 } from '../library/owned-content';
import { LibraryService, VersionView } from '../library/library.service';
import { NumberPipe } from '../common/number.pipe';

const NEW_BLOCK = `---
key: my-new-block
category: self-care
conditions: [low-back-spasm]
title: A short, plain title
summary: One sentence for the library card.
parameters: []
sources:
  - title: Low back pain and sciatica in over 16s (NG59)
    publisher: National Institute for Health and Care Excellence
    year: 2016
---
Write short sentences. Use "you".
`;

@ApiExcludeController()
@Controller('library')
export class LibraryPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly library: LibraryService,
    private readonly editing: BlockEditingService,
    private readonly preview: BlockPreviewService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async browse(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() raw: Record<string, string>,
  ) {
    const query = validateDto(BlockQueryDto, pick(raw, ['q', 'category']));
    const others = languages().filter((l) => l !== BASE_LANGUAGE);
    const [result, dueForReview] = await Promise.all([
      this.library.listBlocks(actor, query),
      hasRole(actor, 'editor') ? this.library.dueForReview(actor) : Promise.resolve([]),
    ]);
    const chips = [{ value: '', label: 'All', active: !query.category }].concat(
      CATEGORIES.map((c) => ({
        value: c,
        label: categoryLabel(c),
        active: query.category === c,
      })),
    );
    return this.pages.render(req, res, 'library/browse', 'Library', {
      q: query.q ?? '',
      category: query.category ?? '',
      chips: chips.map((c) => ({
        ...c,
        href: `/library?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(c.value ? { category: c.value } : {}) })}`,
      })),
      result: {
        ...result,
        // Which languages each block still lacks ("No Spanish version").
        items: result.items.map((b) => ({
          ...b,
          missing: others
            .filter((l) => !b.languages.includes(l))
            .map((l) => phrasesFor(l).englishName),
        })),
      },
      dueForReview,
      canEdit: hasRole(actor, 'editor'),
    });
  }

  @Roles('editor')
  @Get('new')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async newBlock(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('from') from?: string,
  ) {
    let source = NEW_BLOCK;
    if (from && /^[a-z0-9-]{1,60}$/.test(from)) {
      const detail = await this.library.getBlock(actor, from);
      if (detail.current)
        source = toBlockFile({ ...contentOf(detail.current), key: `${from}-own` });
    }
    return this.renderEditor(req, res, actor, {
      mode: 'new',
      key: '',
      source,
      errors: [],
      preview: null,
      diff: null,
    });
  }

  @Roles('editor')
  @Post()
  async create(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, string>,
  ) {
    const source = String(body.source ?? '');
    const outcome = await submitForm(async () =>
      this.editing.create(
        actor,
        checkedOr400(() => parseBlockFile(source)),
      ),
    );
    if (outcome.ok) return res.redirect(303, `/library/${parseBlockFile(source).key}`);
    res
      .status(400)
      .type('html')
      .send(
        await this.renderEditor(req, res, actor, {
          mode: 'new',
          key: '',
          source,
          errors: outcome.errors,
          preview: null,
          diff: null,
        }),
      );
  }

  @Get(':key')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Query('language') lang: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const block = await this.library.getBlock(actor, key);
    // ?language=es shows the block's Spanish version (its preview, reading score and review).
    const language = isLanguage(lang) ? lang : BASE_LANGUAGE;
    const translation = block.translations.find((t) => t.language === language);
    const shown =
      language === BASE_LANGUAGE
        ? (block.current ?? block.draft)
        : (translation?.current ?? translation?.draft ?? null);
    const previewHtml = shown ? await this.preview.previewHtml(actor, { key, ...shown }) : '';
    return this.pages.render(req, res, 'library/show', shown?.title ?? key, {
      block,
      shown,
      previewHtml: new RenderedHtml(previewHtml),
      languages: languages().map((code) => {
        const t = block.translations.find((x) => x.language === code);
        const version = code === BASE_LANGUAGE ? block.current : (t?.current ?? null);
        return {
          code,
          name: phrasesFor(code).englishName,
          viewing: code === language,
          version: version?.number ?? null,
          draft: code === BASE_LANGUAGE ? !!block.draft : !!t?.draft,
          translation: code !== BASE_LANGUAGE,
          checkedBy: version?.translationCheckedBy ?? null,
          checkedOn: version?.translationCheckedOn ?? null,
        };
      }),
      viewingName: phrasesFor(language).englishName,
      viewing: {
        language,
        query: languageQuery(language),
        translation: language !== BASE_LANGUAGE,
        draft: language === BASE_LANGUAGE ? block.draft : (translation?.draft ?? null),
      },
      ease:
        shown?.readingEase !== null && shown?.readingEase !== undefined
          ? { score: shown.readingEase, band: infleszBand(shown.readingEase) }
          : null,
      easeWarning: !!shown && shown.readingEase !== null && shown.readingEase < INFLESZ_TARGET,
      gradeWarning: !!shown && (shown.readingGrade ?? 0) > 8,
      canEdit: hasRole(actor, 'editor') && block.owner === 'clinic' && !block.retired,
      isEditor: hasRole(actor, 'editor'),
    });
  }

  @Roles('editor')
  @Get(':key/edit')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async edit(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Query('language') lang: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const block = await this.library.getBlock(actor, key);
    if (isLanguage(lang) && lang !== BASE_LANGUAGE) {
      // A translation: its open draft or version in use, else the English text to translate.
      const t = block.translations.find((x) => x.language === lang);
      const base = t?.draft ?? t?.current ?? block.current;
      const source = base ? translationFile(key, lang, base) : NEW_BLOCK;
      return this.renderEditor(req, res, actor, {
        mode: 'edit',
        key,
        source,
        errors: [],
        preview: null,
        diff: this.diff(t?.current ?? null, source),
      });
    }
    const base = block.draft ?? block.current;
    const source = base ? toBlockFile({ ...contentOf(base), key }) : NEW_BLOCK;
    return this.renderEditor(req, res, actor, {
      mode: 'edit',
      key,
      source,
      errors: [],
      preview: null,
      diff: this.diff(block.current, source),
    });
  }

  @Roles('editor')
  @Post(':key/draft')
  async saveDraft(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, string>,
  ) {
    const source = String(body.source ?? '');
    let language = BASE_LANGUAGE;
    const outcome = await submitForm(async () => {
      const raw = checkedOr400(() => parseBlockFile(source));
      if (isLanguage(raw.language)) language = raw.language;
      return this.editing.saveDraft(actor, key, raw);
    });
    if (outcome.ok) return res.redirect(303, `/library/${key}${languageQuery(language)}`);
    const block = await this.library.getBlock(actor, key);
    res
      .status(400)
      .type('html')
      .send(
        await this.renderEditor(req, res, actor, {
          mode: 'edit',
          key,
          source,
          errors: outcome.errors,
          preview: null,
          diff: this.diff(block.current, source),
        }),
      );
  }

  @Roles('editor')
  @Post(':key/versions/:number/approve')
  async approve(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Param('number', NumberPipe) number: number,
    @Body() body: Record<string, string>,
    @Res() res: Response,
  ) {
    const version = await this.editing.approveVersion(actor, key, number, {
      translationChecked: body.translationChecked === 'yes',
    });
    res.redirect(303, `/library/${key}${languageQuery(version.language)}`);
  }

  @Roles('editor')
  @Post(':key/retire')
  async retire(
    @CurrentActor() actor: Actor,
    @Param('key', KeyPipe) key: string,
    @Res() res: Response,
  ) {
    await this.editing.retire(actor, key);
    res.redirect(303, `/library/${key}`);
  }

  private async renderEditor(
    req: Request,
    res: Response,
    actor: Actor,
    data: {
      mode: 'new' | 'edit';
      key: string;
      source: string;
      errors: string[];
      preview: string | null;
      diff: unknown;
    },
  ) {
    let preview = '';
    let grade: number | null = null;
    try {
      const checked = checkBlockOr400(parseBlockFile(data.source));
      preview = await this.preview.previewHtml(actor, checked.content, checked.elements);
      grade = checked.readability.fleschKincaidGrade;
    } catch (error) {
      // The block's own problems are listed on the page, and the preview stays empty until
      // they are fixed; anything else (the database, a bug) fails like every other request.
      if (!isContentProblem(error)) throw error;
    }
    const title = data.mode === 'new' ? 'New block' : `Edit ${data.key}`;
    return this.pages.render(req, res, 'library/editor', title, {
      ...data,
      action: data.mode === 'new' ? '/library' : `/library/${data.key}/draft`,
      preview: new RenderedHtml(preview),
      grade,
      gradeWarning: grade !== null && grade > 8,
    });
  }

  private diff(current: VersionView | null, source: string) {
    if (!current) return null;
    let draftBody: string;
    try {
      draftBody = String(parseBlockFile(source).body ?? '').trim();
    } catch (error) {
      if (!isContentProblem(error)) throw error;
      return null; // a file that does not parse has no body to compare yet
    }
    const lines = lineDiff(current.body.trim(), draftBody);
    return lines.some((l) => l.kind !== 'same') ? lines : null;
  }
}

/** A problem with what the editor wrote (shown on the page), not a failure of the server. */
function isContentProblem(error: unknown): boolean {
  return error instanceof BlockContentError || error instanceof BadRequestException;
}

/** `?language=es` for a language other than English, else nothing. */
function languageQuery(language: string): string {
  return language === BASE_LANGUAGE ? '' : `?language=${language}`;
}

/** A block file in another language: only the fields a translation writes. */
function translationFile(key: string, language: string, v: VersionView): string {
  const { title, summary, sources, body } = v;
  return toBlockFile({ key, language, title, summary, sources, body } as never);
}

function contentOf(v: VersionView) {
  return {
    key: '',
    category: v.category as never,
    conditions: v.conditions,
    title: v.title,
    summary: v.summary,
    parameters: v.parameters,
    sources: v.sources,
    body: v.body,
  };
}
