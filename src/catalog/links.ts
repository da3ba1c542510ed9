/** Code and project links in descriptions, and the shape of a link cut short. */

const URL_RE = /https?:\/\/[^\s<>"'`,;,;。()()\][]+/g;

export function findLinks(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const url = m[0].replace(/[.:!?]+$/, '');
    if (isUrl(url) && !out.includes(url)) out.push(url);
  }
  return out;
}

function isUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return Boolean(url.hostname.includes('.'));
  } catch {
    return false;
  }
}

/** A link that stops where a link cannot end, or that another link of the entry extends. */
export function looksTruncated(url: string, others: string[]): boolean {
  if (others.some((o) => o !== url && o.startsWith(url))) return true;
  return /[-_=&~]$|\/r\/?$/.test(url);
}
