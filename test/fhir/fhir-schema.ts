import Ajv, { ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The official FHIR R4 (4.0.1) JSON schema, fhir.schema.json (see schema/README.md for where
 * the vendored copy comes from and how it was checked), loaded into Ajv.
 *
 * Two adaptations at load time, neither changing what is valid: the schema names itself with
 * draft-04's `id`, which Ajv 8 only reads as `$id`; and its `discriminator` (an OpenAPI
 * annotation with a mapping Ajv's own discriminator does not take) is left as an annotation,
 * since `oneOf` over the resources with their `resourceType` constants already decides.
 * Non-strict mode, because the official schema also puts `pattern` beside boolean and number
 * types, which Ajv's strict mode reports though it is valid JSON Schema.
 */
const SCHEMA_FILE = join(__dirname, 'schema', 'fhir.schema.json.gz');

let ajv: Ajv | undefined;
let schemaId = '';
const byType = new Map<string, ValidateFunction>();

export function loadFhirSchema(): { id: string; definitions: Record<string, unknown> } {
  return JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString('utf8'));
}

function validatorFor(resourceType: string): ValidateFunction {
  if (!ajv) {
    const { id, ...schema } = loadFhirSchema() as { id: string } & Record<string, unknown>;
    schemaId = id;
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    ajv.addSchema({ ...schema, $id: id });
  }
  let validate = byType.get(resourceType);
  if (!validate) {
    validate = ajv.getSchema(`${schemaId}#/definitions/${resourceType}`);
    if (!validate) throw new Error(`The FHIR schema has no ${resourceType}`);
    byType.set(resourceType, validate);
  }
  return validate;
}

/** The schema's complaints about a resource (by its resourceType), or [] when it is valid. */
export function fhirSchemaErrors(resource: unknown): string[] {
  const type = (resource as { resourceType?: unknown })?.resourceType;
  if (typeof type !== 'string') return ['no resourceType'];
  // A Bundle's entries first, each by its own type: the oneOf over every resource type that
  // the Bundle's schema uses would otherwise bury the one complaint that matters.
  const entries = (resource as { entry?: { resource?: unknown }[] }).entry ?? [];
  const inEntries = type === 'Bundle' ? entries.flatMap((e) => fhirSchemaErrors(e.resource)) : [];
  if (inEntries.length > 0) return inEntries;
  const validate = validatorFor(type);
  if (validate(resource)) return [];
  return (validate.errors ?? [])
    .slice(0, 20)
    .map((e) => `${type}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Fails the test with the schema's words when the resource is not valid FHIR R4. */
export function expectValidFhir(resource: unknown): void {
  expect(fhirSchemaErrors(resource)).toEqual([]);
}
