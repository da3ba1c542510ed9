/**
 * Subscriptions as reply lines (for /subscribe and /subscriptions): what the channel
 * gets, when, in which language, and when the next post is due.
 */
import { DateTime } from 'luxon';
import type { Entry } from '../catalog/schema.js';
import { kindLabel } from '../bot/messages.js';
import type { CommandContext } from '../bot/types.js';
import type { Lang, Reply } from '../bot/reply.js';
import type { Subscription } from '../store/types.js';
import { effectiveKinds, matchEntries } from './match.js';
import { announceMessages } from './messages.js';
import { nextDue } from './plan.js';
import { indexOf } from './schedule.js';

function filterText(sub: Pick<Subscription, 'filter'>, lang: Lang): string {
  const A = announceMessages(lang);
  const f = sub.filter;
  if (!f.kinds?.length && !f.tags?.length && !f.query) return A.everyDefault;
  const parts: string[] = [];
  const kinds = effectiveKinds(f);
  if (kinds && f.kinds?.length) parts.push(A.kinds(kinds.map((k) => kindLabel(k, lang)).join(', ')));
  if (f.tags?.length) parts.push(A.tags(f.tags.join(', ')));
  if (f.query) parts.push(A.query(f.query));
  return parts.join(lang === 'zh' ? ';' : '; ');
}

export function describeSubscription(sub: Subscription, ctx: Pick<CommandContext, 'lang' | 'now' | 'core'>): string[] {
  const A = announceMessages(ctx.lang);
  const lines = [A.what(filterText(sub, ctx.lang)), A.when(sub.leads.join(', '), sub.zone), A.langIs(sub.lang)];
  if (sub.digest) {
    lines.push(A.digest(`${A.weekdays[sub.digest.weekday - 1] ?? sub.digest.weekday} ${sub.digest.time} ${sub.zone}`));
  }
  if (!sub.active) {
    lines.push(A.inactive(sub.inactiveReason ?? '?'));
    return lines;
  }
  const ids = new Set(matchEntries(sub.filter, ctx.core.entries, (q, k) => ctx.core.search(q, k)).map((e: Entry) => e.id));
  const next = nextDue(sub, indexOf(ctx.core.entries), ids, ctx.now.toMillis());
  lines.push(next ? A.next(`${DateTime.fromMillis(next.at, { zone: sub.zone }).toFormat('yyyy-MM-dd HH:mm')} ${sub.zone}`, next.entry.title) : A.noNext);
  return lines;
}

export function textReply(intent: string, lang: Lang, text: string[], ephemeral = false): Reply {
  return { intent, lang, text, items: [], ...(ephemeral ? { ephemeral: true } : {}) };
}
