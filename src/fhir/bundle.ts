import { QueryPairs } from './fhir-query';
import { BundleLink, Resource, SearchsetBundle } from './fhir-resources';
import { Page } from './search-params';

export interface SearchResult<R extends Resource> {
  /** The FHIR base, `${publicUrl}/fhir/r4`. */
  base: string;
  resourceType: R['resourceType'];
  /** The search as asked: kept in the links, with `_count` and `_offset` set for each page. */
  query: QueryPairs;
  page: Page;
  total: number;
  resources: R[];
}

/** A searchset Bundle: the page's matches, the total, and links to this, the next and the previous page. */
export function searchsetBundle<R extends Resource>(result: SearchResult<R>): SearchsetBundle<R> {
  const { base, resourceType, page, total, resources } = result;
  const url = (offset: number) => pageUrl(result, offset);
  const link: BundleLink[] = [{ relation: 'self', url: url(page.offset) }];
  if (page.count > 0 && page.offset + page.count < total)
    link.push({ relation: 'next', url: url(page.offset + page.count) });
  if (page.count > 0 && page.offset > 0)
    link.push({ relation: 'previous', url: url(Math.max(0, page.offset - page.count)) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link,
    ...(resources.length > 0
      ? {
          entry: resources.map((resource) => ({
            fullUrl: `${base}/${resourceType}/${resource.id}`,
            resource,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}

function pageUrl(result: SearchResult<Resource>, offset: number): string {
  const kept = result.query.filter(([name]) => name !== '_count' && name !== '_offset');
  const pairs: QueryPairs = [
    ...kept,
    ['_count', String(result.page.count)],
    ['_offset', String(offset)],
  ];
  const query = pairs
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${result.base}/${result.resourceType}?${query}`;
}
