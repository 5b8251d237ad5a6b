import { formatProblem } from './fhir-format';

describe(formatProblem.name, () => {
  it.each([
    [[], undefined],
    [[], '*/*'],
    [[], 'application/fhir+json'],
    [[], 'application/json'],
    [[], 'application/fhir+json; fhirVersion=4.0'],
    [[], 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
    [['json'], 'application/fhir+xml'],
    [['application/fhir+json'], undefined],
  ])('serves JSON for _format %j and Accept %j', (formats, accept) => {
    expect(formatProblem(formats, accept)).toBeUndefined();
  });

  it('refuses XML, by _format or by Accept, naming which', () => {
    expect(formatProblem(['xml'], undefined)).toMatch(/^_format:/);
    expect(formatProblem([], 'application/fhir+xml')).toMatch(/^Accept:/);
  });
});
