import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../config/paths';
import { checkBlockContent, CheckedBlock, parseBlockFile } from './block-source';
import { resolveValues } from './parameter-spec';

/** Tests of the shipped starter library itself: what patients will actually read. */
describe('starter library', () => {
  const dir = join(PROJECT_ROOT, 'src', 'library', 'starter');
  const blockFiles = readdirSync(join(dir, 'blocks')).filter((f) => f.endsWith('.md'));
  const blocks = new Map<string, CheckedBlock>(
    blockFiles.map((file) => {
      const checked = checkBlockContent(
        parseBlockFile(readFileSync(join(dir, 'blocks', file), 'utf8')),
      );
      return [checked.content.key, checked];
    }),
  );
  const templates = readdirSync(join(dir, 'protocols'))
    .filter((f) => f.endsWith('.yaml'))
    .map(
      (f) =>
        parseYaml(readFileSync(join(dir, 'protocols', f), 'utf8')) as {
          key: string;
          title: string;
          blocks: { key: string; params?: Record<string, unknown> }[];
        },
    );
  const body = (key: string) => blocks.get(key)!.content.body;

  /** Each protocol opens with its own "what to do today" summary. */
  const SUMMARIES: Record<string, string> = {
    'first-72-hours': 'today-first-72-hours',
    'recovering-weeks-1-2': 'today-recovering',
    'preventing-the-next-spasm': 'today-preventing',
    'spasms-that-keep-coming-back': 'today-recurring',
  };

  it('has every block of the content brief, each file named after its key', () => {
    const required = [
      // first version
      'what-is-a-back-spasm',
      'what-to-expect',
      'common-triggers',
      'underlying-problems',
      'cold-pack',
      'heat',
      'resting-positions',
      'rest-then-move',
      'walking-plan',
      'stretch-safely',
      'knee-to-chest',
      'pelvic-tilt',
      'core-bracing',
      'bridge',
      'exercise-log',
      'otc-pain-relief',
      'muscle-relaxant',
      'other-pain-medicines',
      'massage',
      'fluids-and-food',
      'sleep-comfort',
      'safe-lifting',
      'desk-and-posture',
      'stay-active',
      'back-to-work',
      'physical-therapy',
      'hands-on-treatments',
      'emergency-signs',
      'call-your-clinic',
      'follow-up',
      'questions-for-your-visit',
      // second version
      'sciatica',
      'hurt-is-not-harm',
      'flare-up-plan',
      'what-does-not-help',
      'pacing-and-sport',
      'driving',
      'who-to-contact',
      'mood-stress-sleep',
      'sex-and-back-pain',
      ...Object.values(SUMMARIES),
    ];
    expect(required.filter((key) => !blocks.has(key))).toEqual([]);
    for (const file of blockFiles) expect(blocks.has(file.replace(/\.md$/, ''))).toBe(true);
    for (const key of ['emergency-signs', 'call-your-clinic'])
      expect(blocks.get(key)?.content.category).toBe('warning-signs');
    for (const block of blocks.values())
      expect({ key: block.content.key, conditions: block.content.conditions }).toEqual({
        key: block.content.key,
        conditions: ['low-back-spasm'],
      });
  });

  it.each(blockFiles.map((f) => f.replace(/\.md$/, '')))(
    '%s reads at Flesch-Kincaid grade 8 and SMOG 9 or lower, with a current source',
    (key) => {
      const block = blocks.get(key)!;
      expect(block.readability.words).toBeGreaterThan(30);
      expect(block.readability.fleschKincaidGrade).toBeLessThanOrEqual(8);
      expect(block.readability.smogGrade).toBeLessThanOrEqual(9);
      expect(block.content.sources.length).toBeGreaterThan(0);
      // No block rests only on sources older than 2000.
      expect(Math.max(...block.content.sources.map((s) => s.year))).toBeGreaterThanOrEqual(2000);
    },
  );

  it('reads at a median Flesch-Kincaid grade of 6 or lower across the library', () => {
    const grades = [...blocks.values()]
      .map((b) => b.readability.fleschKincaidGrade)
      .sort((a, b) => a - b);
    const mid = Math.floor(grades.length / 2);
    const median = grades.length % 2 ? grades[mid] : (grades[mid - 1] + grades[mid]) / 2;
    expect(median).toBeLessThanOrEqual(6);
  });

  it('cites no archived guideline as a source', () => {
    for (const [key, block] of blocks)
      expect({ key, ahcpr: block.content.sources.some((s) => /AHCPR/.test(s.publisher)) }).toEqual({
        key,
        ahcpr: false,
      });
  });

  it('makes no claims the house rules forbid', () => {
    const forbidden =
      /\b(cure[sd]?|best|#1|number one|guarantee[sd]?|miracle|supplement[s]? (?:heals?|cures?))\b/i;
    for (const [key, block] of blocks) {
      const text = `${block.content.title} ${block.content.summary} ${block.content.body}`;
      expect({ key, claim: forbidden.exec(text)?.[0] ?? null }).toEqual({ key, claim: null });
      expect({
        key,
        dose: /\b\d+\s?(mg|milligrams?|ml|tablets?)\b/i.exec(text)?.[0] ?? null,
      }).toEqual({ key, dose: null });
    }
  });

  it('copies no sentence from the source articles', () => {
    const seedsDir = join(PROJECT_ROOT, '..', 'shared', 'seeds');
    if (!existsSync(seedsDir))
      throw new Error(
        `The source articles are missing from ${seedsDir}; this test compares every block with them and cannot pass without them.`,
      );
    const seeds = readdirSync(seedsDir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(seedsDir, f), 'utf8'));
    expect(seeds.length).toBeGreaterThan(0);
    const words = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9\s]/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
    const shingles = new Set<string>();
    for (const seed of seeds) {
      const w = words(seed);
      for (let i = 0; i + 8 <= w.length; i++) shingles.add(w.slice(i, i + 8).join(' '));
    }
    for (const [key, block] of blocks) {
      const w = words(`${block.content.title}. ${block.content.body}`);
      const copied = [];
      for (let i = 0; i + 8 <= w.length; i++)
        if (shingles.has(w.slice(i, i + 8).join(' '))) copied.push(w.slice(i, i + 8).join(' '));
      expect({ key, copied }).toEqual({ key, copied: [] });
    }
  });

  describe('warning content', () => {
    const mentions = (key: string, required: Record<string, RegExp>) => {
      const text = body(key);
      const missing = Object.entries(required)
        .filter(([, pattern]) => !pattern.test(text))
        .map(([name]) => name);
      expect({ key, missing }).toEqual({ key, missing: [] });
    };

    it('emergency-signs names every sign that needs emergency care, and the number to call', () => {
      mentions('emergency-signs', {
        'both legs': /both legs/i,
        'saddle area': /between (your|the) legs/i,
        'bottom or genitals': /bottom|genitals/i,
        'bladder (pee)': /bladder/i,
        peeing: /\bpee\b/i,
        'bowel control': /bowel/i,
        'sexual function': /\bsex\b|sexual/i,
        weakness: /weak/i,
        'chest pain': /chest pain/i,
        'belly pain': /belly/i,
        'a fall or accident': /fall or accident/i,
        'emergency number': /\{\{clinic\.emergencyNumber\}\}/,
      });
    });

    it('call-your-clinic names every reason to call today, the review date and the out-of-hours route', () => {
      mentions('call-your-clinic', {
        today: /today/i,
        cancer: /cancer/i,
        fever: /fever/i,
        'weight loss': /losing weight|weight loss/i,
        'night pain': /night/i,
        'over 50': /over 50/i,
        steroids: /steroid/i,
        'weak immune system': /immune/i,
        'injected drugs': /inject/i,
        osteoporosis: /osteoporosis/i,
        'fall or accident': /fall or accident/i,
        'below the knee': /below (the|your) knee/i,
        'review date': /\{\{handout\.reviewDate\}\}/,
        'out of hours': /\{\{clinic\.outOfHours\}\}/,
        'clinic phone': /\{\{clinic\.phone\}\}/,
        'emergency number': /\{\{clinic\.emergencyNumber\}\}/,
      });
      // One review date per handout: no review period of its own.
      expect(blocks.get('call-your-clinic')!.content.parameters).toEqual([]);
    });

    it('otc-pain-relief says who must check first and when to stop and get help', () => {
      mentions('otc-pain-relief', {
        pregnancy: /pregnan/i,
        'not unless a doctor says so': /unless your doctor says so/i,
        kidney: /kidney/i,
        'stomach ulcer': /stomach ulcer/i,
        bleeding: /bleeding/i,
        'blood thinners': /blood thinner/i,
        asthma: /asthma/i,
        'over 65': /over 65/i,
        'stop sign: black or tarry stools': /black or tarry/i,
        'stop sign: vomiting blood': /(vomit|throw up) blood/i,
        'stop sign: wheeze': /wheeze/i,
        'stop sign: swelling': /swelling/i,
        'paracetamol alone': /paracetamol/i,
      });
    });

    it('muscle-relaxant and other-pain-medicines name the risks and the medicines', () => {
      mentions('muscle-relaxant', {
        falls: /fall/i,
        opioids: /opioid/i,
        'sleeping tablets': /sleeping tablets/i,
        alcohol: /alcohol/i,
        dependence: /depend/i,
        pregnancy: /pregnan/i,
      });
      mentions('other-pain-medicines', {
        codeine: /codeine/i,
        tramadol: /tramadol/i,
        gabapentin: /gabapentin/i,
        pregabalin: /pregabalin/i,
        antidepressants: /antidepressant/i,
        'steroid tablets': /steroid/i,
      });
    });

    it('says plainly that guidance on acupuncture differs', () => {
      mentions('hands-on-treatments', {
        acupuncture: /acupuncture/i,
        'US guidance': /American College of Physicians/i,
        'UK guidance': /NICE/,
      });
    });

    it('gives no advice the guidance has moved away from', () => {
      for (const [key, block] of blocks) {
        const text = block.content.body;
        // Dehydration is not a known trigger of back spasm.
        expect({ key, dehydration: /not drinking enough|dehydrat/i.test(text) }).toEqual({
          key,
          dehydration: false,
        });
        // Bracing on every lift feeds the belief that the back is fragile.
        expect({
          key,
          brace: /(?<!not need to )brace (gently )?(each|every) time/i.test(text),
        }).toEqual({
          key,
          brace: false,
        });
        // Bed rest is never prescribed for more than a day.
        for (const p of block.content.parameters)
          if (/bed rest/i.test(p.label)) expect({ key, max: p.max }).toEqual({ key, max: 1 });
      }
      expect(body('rest-then-move')).toMatch(/avoid bed rest/i);
      expect(body('cold-pack')).not.toMatch(/after that, you can switch to heat/i);
      expect(body('heat')).toMatch(/first day/i);
      expect(body('heat')).toMatch(/heat rub/i);
      expect(body('safe-lifting')).toMatch(/\{\{clinic\.weightUnit\}\}/);
      expect(body('safe-lifting')).toMatch(/do not prevent back pain/i);
    });

    it('names one review date: every "better by" reads the handout review date', () => {
      for (const [key, block] of blocks) {
        const text = block.content.body;
        const own = /better (by|after|within)\s+\**\{\{(?!handout\.reviewDate\}\})/i.exec(text);
        expect({ key, ownReviewPoint: own?.[0] ?? null }).toEqual({ key, ownReviewPoint: null });
      }
      for (const key of ['call-your-clinic', 'underlying-problems', 'what-to-expect'])
        expect(body(key)).toMatch(/\{\{handout\.reviewDate\}\}/);
      expect(blocks.get('underlying-problems')!.content.parameters).toEqual([]);
    });

    it('gives the walking plan a ceiling', () => {
      const names = blocks.get('walking-plan')!.content.parameters.map((p) => p.name);
      expect(names).toEqual(
        expect.arrayContaining(['walk-minutes', 'walks-per-day', 'add-minutes-per-day']),
      );
      expect(names).toContain('target-minutes');
    });
  });

  describe('templates', () => {
    it('ships the four templates, each with known blocks, in-bounds values and the warning signs', () => {
      expect(templates.map((t) => t.key).sort()).toEqual(Object.keys(SUMMARIES).sort());
      for (const template of templates) {
        expect(template.blocks.map((b) => b.key)).toContain('emergency-signs');
        expect(template.blocks.map((b) => b.key)).toContain('call-your-clinic');
        for (const entry of template.blocks) {
          const block = blocks.get(entry.key);
          expect({ template: template.key, block: entry.key, known: !!block }).toEqual({
            template: template.key,
            block: entry.key,
            known: true,
          });
          const { problems } = resolveValues(
            block!.content.title,
            block!.content.parameters,
            entry.params,
          );
          expect(problems).toEqual([]);
        }
      }
    });

    it('opens each template with its own "what to do today" summary', () => {
      for (const template of templates)
        expect({ template: template.key, first: template.blocks[0].key }).toEqual({
          template: template.key,
          first: SUMMARIES[template.key],
        });
    });

    it('says "stop if pain spreads down your leg" once per template', () => {
      for (const template of templates) {
        const warnings = template.blocks.filter((b) =>
          /stop\b[^.]*\bif[^.]*pain spreads down/i.test(body(b.key).replace(/\n>?\s*-?\s*/g, ' ')),
        );
        expect({ template: template.key, count: warnings.length }).toEqual({
          template: template.key,
          count: template.blocks.some((b) => blocks.get(b.key)!.content.category === 'exercise')
            ? 1
            : 0,
        });
      }
    });

    it('gives the recurrent template exercises, and puts sleep advice in at least one template', () => {
      const recurrent = templates.find((t) => t.key === 'spasms-that-keep-coming-back')!;
      expect(
        recurrent.blocks.filter((b) => blocks.get(b.key)!.content.category === 'exercise').length,
      ).toBeGreaterThanOrEqual(2);
      expect(templates.some((t) => t.blocks.some((b) => b.key === 'sleep-comfort'))).toBe(true);
    });
  });

  describe('pictures', () => {
    /** Exercise, movement and relief blocks that describe no position or movement of their own. */
    const WITHOUT_A_POSITION: Record<string, string> = {
      'exercise-log': 'a tick-box chart',
      'stretch-safely': 'rules for every exercise, no one exercise',
      'pacing-and-sport': 'a way to plan activity, no one position',
      'rest-then-move': 'advice to keep active, no one position',
    };
    const figuresOf = (key: string) =>
      [...body(key).matchAll(/^\[\[figure:([a-z0-9-]+)\]\]$/gm)].map((m) => m[1]);

    it('shows every exercise, movement and resting position in a figure', () => {
      const missing = [...blocks.values()]
        .filter((b) => ['exercise', 'movement', 'relief'].includes(b.content.category))
        .map((b) => b.content.key)
        .filter((key) => !(key in WITHOUT_A_POSITION) && figuresOf(key).length === 0);
      expect(missing).toEqual([]);
      for (const key of Object.keys(WITHOUT_A_POSITION)) expect(blocks.has(key)).toBe(true);
      // Lifting, sitting at a desk and getting out of bed are shown too.
      for (const key of ['safe-lifting', 'desk-and-posture', 'sleep-comfort'])
        expect(figuresOf(key).length).toBeGreaterThan(0);
    });

    it('draws each resting position and both knee-to-chest stretches', () => {
      expect(figuresOf('resting-positions')).toEqual([
        'lying-pillow-under-knees',
        'legs-on-chair',
        'side-lying-pillow',
        'reclining-chair',
      ]);
      expect(figuresOf('knee-to-chest')).toEqual(['knee-to-chest-one', 'knee-to-chest-both']);
    });
  });
});
