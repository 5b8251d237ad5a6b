/** A valid block of a clinic's own, as the API takes it. */
export function ownBlock(key: string, overrides: Record<string, unknown> = {}) {
  return {
    key,
    category: 'exercise',
    conditions: ['low-back-spasm'],
    title: 'Shoulder rolls',
    summary: 'Loosen your upper back.',
    parameters: [
      {
        name: 'repetitions',
        type: 'integer',
        label: 'Times',
        unit: 'times',
        min: 1,
        max: 10,
        default: 5,
      },
    ],
    sources: [{ title: 'Low back pain and sciatica in over 16s', publisher: 'NICE', year: 2016 }],
    body: 'Sit up tall. Roll your shoulders back slowly.\n\n1. Breathe in.\n2. Roll back **{{repetitions}} times**.',
    ...overrides,
  };
}
