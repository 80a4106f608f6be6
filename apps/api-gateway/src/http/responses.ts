/** docs/design.md §5: lists put items in `data` and pages in `pagination`. */
export function singlePage<T>(items: T[]): { data: T[]; pagination: { current_page: number; per_page: number; total_items: number; total_pages: number } } {
  return { data: items, pagination: { current_page: 1, per_page: items.length, total_items: items.length, total_pages: 1 } };
}
