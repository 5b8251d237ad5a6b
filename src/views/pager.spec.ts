import { pagerFor, queryOf } from './pager';

describe(pagerFor.name, () => {
  it('links back and on, keeping the non-empty filters', () => {
    expect(
      pagerFor(
        '/patients',
        { page: 2, pageSize: 25, total: 60 },
        { q: 'lee', includeArchived: undefined },
      ),
    ).toEqual({
      page: 2,
      pages: 3,
      previous: '/patients?q=lee&page=1',
      next: '/patients?q=lee&page=3',
    });
  });

  it('has no links for a single page, even an empty one', () => {
    expect(pagerFor('/admin/audit', { page: 1, pageSize: 50, total: 0 }, { action: '' })).toEqual({
      page: 1,
      pages: 1,
      previous: null,
      next: null,
    });
  });
});

describe(queryOf.name, () => {
  it('escapes values and leaves out empty ones', () => {
    expect(queryOf({ action: 'auth.', from: '', to: '2026-11-30', q: 'a&b' })).toBe(
      'action=auth.&to=2026-11-30&q=a%26b',
    );
  });
});
