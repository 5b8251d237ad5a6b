/** JSON is the only format served; these names (with any parameters) ask for it. */
const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];
const FORMAT_NAMES = ['json', ...JSON_TYPES];

/**
 * Why the asked-for format cannot be served (406), or undefined when JSON will do: `_format`
 * must name JSON; an Accept header must allow some JSON type (or anything).
 */
export function formatProblem(formats: string[], accept: string | undefined): string | undefined {
  for (const format of formats) {
    if (!FORMAT_NAMES.includes(mediaType(format)))
      return '_format: only json is served (json, application/fhir+json or application/json)';
  }
  if (formats.length > 0 || !accept?.trim()) return undefined;
  const ranges = accept.split(',').map(mediaType);
  const acceptable = ranges.some(
    (range) => range === '*/*' || range === 'application/*' || JSON_TYPES.includes(range),
  );
  return acceptable
    ? undefined
    : 'Accept: only application/fhir+json (or application/json) is served';
}

function mediaType(value: string): string {
  return value.split(';')[0].trim().toLowerCase();
}
