import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Far past any list's last page, and small enough that its offset stays a number PostgreSQL takes. */
export const MAX_PAGE = 100_000;

/**
 * The `page` and `pageSize` query fields, with this list's own largest and default page size;
 * a query DTO extends what this returns.
 */
export function PageQuery(sizes: { max: number; default: number }) {
  class PageFields {
    @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE)
    page?: number;

    @ApiPropertyOptional({ minimum: 1, maximum: sizes.max, default: sizes.default })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(sizes.max)
    pageSize?: number;
  }
  return PageFields;
}

export class PageQueryDto extends PageQuery({ max: 100, default: 25 }) {}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Escapes LIKE wildcards in user input. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
