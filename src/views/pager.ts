import { Page } from '../common/pagination';

/** What a paged list page shows under the list: where it is, and links back and on. */
export interface Pager {
  page: number;
  pages: number;
  previous: string | null;
  next: string | null;
}

/**
 * Previous and next links for a paged list at `path`, keeping the list's other query fields
 * (empty ones are left out).
 */
export function pagerFor(
  path: string,
  result: Pick<Page<unknown>, 'page' | 'pageSize' | 'total'>,
  params: Record<string, string | number | undefined>,
): Pager {
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const link = (page: number) => `${path}?${queryOf({ ...params, page })}`;
  return {
    page: result.page,
    pages,
    previous: result.page > 1 ? link(result.page - 1) : null,
    next: result.page < pages ? link(result.page + 1) : null,
  };
}

/** A query string of the non-empty fields. */
export function queryOf(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  return search.toString();
}
