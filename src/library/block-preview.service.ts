import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { ClinicsService } from '../clinics/clinics.service';
import { ClinicImagesService } from '../images/clinic-images.service';
import { HandoutRenderer } from '../rendering/handout-renderer.service';
import { BlockElement, imageNamesOf, parseMarkup, SAVED_CONTENT } from './content/block-markup';
import { clinicContextOf, renderElements } from './content/block-render';
import { defaultValues, ParameterSpec } from './content/parameter-spec';
import { phrasesFor } from '../i18n/phrases';

/** A block drawn with its default values, by the same renderer handouts use. */
@Injectable()
export class BlockPreviewService {
  constructor(
    private readonly renderer: HandoutRenderer,
    private readonly clinics: ClinicsService,
    private readonly images: ClinicImagesService,
  ) {}

  async previewHtml(
    actor: Pick<Actor, 'clinicId'>,
    block: {
      key: string;
      category: string;
      title: string;
      body: string;
      parameters: ParameterSpec[];
      /** The version's language (English when absent). */
      language?: string;
    },
    elements?: BlockElement[],
  ): Promise<string> {
    const clinic = await this.clinics.getClinic(actor);
    const parsed =
      elements ??
      parseMarkup(
        block.body,
        block.parameters.map((p) => p.name),
        SAVED_CONTENT,
      ).elements;
    const phrases = phrasesFor(block.language ?? 'en');
    const rendered = renderElements(parsed, block.parameters, defaultValues(block.parameters), {
      clinic: clinicContextOf(clinic),
      exerciseTitles: [],
      locale: phrases.locale,
      phrases,
      images: await this.images.forRendering(actor.clinicId, imageNamesOf(parsed)),
    });
    return this.renderer.renderBlock(
      { key: block.key, category: block.category, title: block.title, elements: rendered },
      phrases.language,
    );
  }
}
