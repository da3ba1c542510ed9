/** A reply as plain text: what the console prints and what `ask --json` puts in "text". */
import type { Reply, ReplyItem } from '../../src/bot/reply.js';

export function renderText(reply: Reply): string {
  const lines: string[] = [...reply.text];
  const offset = reply.paging ? (reply.paging.page - 1) * reply.paging.pageSize : 0;
  reply.items.forEach((item, i) => {
    lines.push(...renderItem(item, offset + i + 1));
  });
  if (reply.footer) lines.push(...reply.footer);
  return lines.join('\n');
}

function renderItem(item: ReplyItem, n: number): string[] {
  const out = [`${n}. [${item.kindLabel}] ${item.title}`];
  for (const f of item.fields) out.push(`   ${f.label}: ${f.value}`);
  if (item.summary) out.push(`   ${item.summary}`);
  return out;
}
