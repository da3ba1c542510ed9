/** The item titles of an HTML message the bot sent: its "<b>N. [kind] title</b>" lines, unescaped. */
export function titlesOfHtml(html: string): string[] {
  return [...html.matchAll(/<b>\d+\. \[[^\]]*\] ([\s\S]*?)<\/b>/g)].map((m) => unescapeHtml(m[1]!));
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
