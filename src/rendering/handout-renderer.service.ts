import { Injectable, OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../config/paths';
import type { RenderedElement } from '../library/content/block-render';
import { registerViewHelpers } from '../views/view-helpers';

/** One block, ready to draw. */
export interface RenderedBlock {
  key: string;
  category: string;
  title: string;
  elements: RenderedElement[];
}

/**
 * The one rendering path for guidance content: templates/handout/ (a partial per kind of
 * element), compiled in strict mode. Library previews, the builder's preview, the patient's
 * page and the PDF all draw blocks through here.
 */
@Injectable()
export class HandoutRenderer implements OnModuleInit {
  private readonly hbs = Handlebars.create();
  private blockTemplate: Handlebars.TemplateDelegate;

  onModuleInit(): void {
    registerViewHelpers(this.hbs);
    const dir = join(TEMPLATES_DIR, 'handout', 'partials');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
      this.hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(dir, file), 'utf8'));
    }
    this.blockTemplate = this.hbs.compile('{{> block}}', { strict: true });
  }

  /** A block's HTML; every text in it is escaped by the templates. */
  renderBlock(block: RenderedBlock): string {
    return this.blockTemplate(block);
  }
}
