/** Cutting a result list into pages; the reply says how to ask for the next one. */
import type { Paging } from './reply.js';

const PAGE_SIZE = 5;

export function pageOf<T>(all: readonly T[], page: number, command: string, args: Record<string, string | undefined>, pageSize = PAGE_SIZE): { items: T[]; paging?: Paging } {
  const pages = Math.max(1, Math.ceil(all.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const items = all.slice((current - 1) * pageSize, current * pageSize);
  if (all.length <= pageSize) return { items };
  return { items, paging: { page: current, pages, total: all.length, pageSize, command, args } };
}
