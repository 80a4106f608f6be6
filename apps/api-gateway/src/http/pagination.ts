import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/** `?page=&limit=` (limit ≤ 100, default 10), as docs/design.md §5 lists them. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, default: 1, description: 'The page to return, from 1.' })
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  page = 1;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 10, description: 'Items per page.' })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 10;
}

export function offsetOf(q: PageQuery): { offset: number; limit: number } {
  return { offset: (q.page - 1) * q.limit, limit: q.limit };
}

/** `data` and a `pagination` that tells the truth about the whole list. */
export function page<T>(items: T[], total: number, q: PageQuery) {
  return {
    data: items,
    pagination: { current_page: q.page, per_page: q.limit, total_items: total, total_pages: Math.max(1, Math.ceil(total / q.limit)) },
  };
}
