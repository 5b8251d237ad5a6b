import { searchsetBundle } from './bundle';
import { queryPairs } from './fhir-query';
import { Patient } from './fhir-resources';

const BASE = 'https://portal.example.org/fhir/r4';
const patient = (id: string): Patient => ({ resourceType: 'Patient', id });

describe(searchsetBundle.name, () => {
  const bundle = (offset: number, count: number, total: number, ids: string[]) =>
    searchsetBundle({
      base: BASE,
      resourceType: 'Patient',
      query: queryPairs('identifier=a%7Cb&_count=9&_offset=9'),
      page: { count, offset },
      total,
      resources: ids.map(patient),
    });

  it('lists the matches with their full URLs and the total', () => {
    const b = bundle(0, 2, 3, ['p1', 'p2']);
    expect(b).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 3 });
    expect(b.entry).toEqual([
      { fullUrl: `${BASE}/Patient/p1`, resource: patient('p1'), search: { mode: 'match' } },
      { fullUrl: `${BASE}/Patient/p2`, resource: patient('p2'), search: { mode: 'match' } },
    ]);
  });

  it('links self and next on the first page, self and previous on the last', () => {
    expect(bundle(0, 2, 3, ['p1', 'p2']).link).toEqual([
      { relation: 'self', url: `${BASE}/Patient?identifier=a%7Cb&_count=2&_offset=0` },
      { relation: 'next', url: `${BASE}/Patient?identifier=a%7Cb&_count=2&_offset=2` },
    ]);
    expect(bundle(2, 2, 3, ['p3']).link).toEqual([
      { relation: 'self', url: `${BASE}/Patient?identifier=a%7Cb&_count=2&_offset=2` },
      { relation: 'previous', url: `${BASE}/Patient?identifier=a%7Cb&_count=2&_offset=0` },
    ]);
  });

  it('has no entry when nothing matches, and no paging for _count=0', () => {
    const empty = bundle(0, 0, 5, []);
    expect(empty.entry).toBeUndefined();
    expect(empty.total).toBe(5);
    expect(empty.link.map((l) => l.relation)).toEqual(['self']);
  });
});
