/** Stable entry ids: derived from the title alone, never from file order. */
import { createHash } from 'node:crypto';
import { titleKey } from './text.js';

export function entryId(title: string, acronym?: string): string {
  const key = titleKey(title);
  const hash = createHash('sha1').update(key).digest('hex').slice(0, 8);
  const slug = (acronym ?? title)
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug ? `${slug}-${hash}` : `item-${hash}`;
}
