/**
 * A planned post as a platform-neutral Reply: the heading (lead, "closes today", a
 * changed deadline, late), then the item with the deadline in the subscription's zone
 * and in Beijing time, the countdown and the links (the shared item formatting). A
 * reminder to a person (a follow) carries the buttons "remind me tomorrow", "only on the
 * last day" and "stop for this item", with tokens sized to the platform (`tokenBytes`):
 * a post outlives any paging memory, so an action whose token does not fit is left out.
 */
import type { DateTime } from 'luxon';
import type { Entry, Milestone } from '../catalog/schema.js';
import { toItem } from '../bot/items.js';
import { milestoneLabel } from '../bot/messages.js';
import type { ItemField, Reply, ReplyItem } from '../bot/reply.js';
import { countdown, formatMilestoneTime } from '../time/format.js';
import type { DigestContent } from './digest.js';
import { encodeSelf } from '../engine/page-token.js';
import { isFollow, reminderActions } from './follow.js';
import { announceMessages } from './messages.js';
import type { PlannedPost } from './planned.js';

const BEIJING = 'Asia/Shanghai';
/** The smallest button payload of the platforms (Telegram callback data). */
const DEFAULT_TOKEN_BYTES = 64;

export function postReply(post: PlannedPost, now: DateTime, digest?: DigestContent, tokenBytes = DEFAULT_TOKEN_BYTES): Reply {
  const { lang, zone } = post.subscription;
  const A = announceMessages(lang);
  if (post.kind === 'digest') return digestReply(post, now, digest ?? { closing: [], opened: [] });
  const entry = post.entry!;
  const m = post.milestone!;
  const text: string[] = [];
  if (post.kind === 'changed') {
    const before = formatMilestoneTime({ ...m, at: post.previousAt! }, lang, zone);
    text.push(A.changed(before, formatMilestoneTime(m, lang, zone)));
  } else if (m.type === 'deadline') {
    text.push(A.lead(post.leadDays!));
  } else {
    text.push(A.leadOf(milestoneLabel(m.type, m.label, lang), post.leadDays!));
  }
  if (post.late) text.push(A.late);
  const item = announcedItem(entry, m, zone, lang, now);
  if (isFollow(post.subscription)) {
    const actions = reminderActions(post.subscription, lang).flatMap((action) => {
      const token = encodeSelf({ command: action.command, args: action.args }, 1, tokenBytes);
      return token ? [{ ...action, token }] : [];
    });
    if (actions.length) item.actions = actions;
  }
  return { intent: 'announcement', lang, text, items: [item] };
}

/** A person's reminder rings only on the last day (and for a changed date); earlier ones arrive silently. */
export function silentPost(post: PlannedPost): boolean {
  return isFollow(post.subscription) && post.kind === 'lead' && (post.leadDays ?? 0) > 0;
}

/** The entry as an item, with the announced milestone shown in the subscription's zone. */
function announcedItem(entry: Entry, m: Milestone, zone: string, lang: 'zh' | 'en', now: DateTime): ReplyItem {
  const A = announceMessages(lang);
  const item = toItem(entry, { lang, now, follow: false });
  const extra: ItemField[] = [];
  if (m !== entry.deadline) {
    extra.push({ key: 'milestone', label: milestoneLabel(m.type, m.label, lang), facts: { at: m.at }, value: `${formatMilestoneTime(m, lang)} (${countdown(m, now, lang)})` });
  }
  if (zone !== BEIJING) extra.push({ key: 'announcement', label: A.yourZone(zone), facts: { at: m.at }, value: formatMilestoneTime(m, lang, zone, zone) });
  // Right after the deadline line (Beijing time and the countdown), else at the end.
  const at = item.fields.findIndex((f) => f.key === 'deadline');
  item.fields.splice(at >= 0 ? at + 1 : item.fields.length, 0, ...extra);
  return item;
}

function digestReply(post: PlannedPost, now: DateTime, content: DigestContent): Reply {
  const { lang } = post.subscription;
  const A = announceMessages(lang);
  const text = [A.digestTitle, A.digestClosing(content.closing.length)];
  if (post.late) text.push(A.late);
  const items = content.closing.map(({ entry }) => announcedItem(entry, entry.deadline!, post.subscription.zone, lang, now));
  const footer = content.opened.length ? [A.digestOpened(content.opened.length), ...content.opened.map((e) => `• ${e.title}`)] : [];
  return { intent: 'announcement', lang, text, items, ...(footer.length ? { footer } : {}) };
}
