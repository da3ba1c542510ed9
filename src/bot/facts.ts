/** One-fact answers: access yes/no and how, code links, one milestone, a link, still open or not, a dataset's scale or modality. */
import { placeNote } from '../time/format.js';
import type { Entry } from '../catalog/schema.js';
import { type Region, regionOfZone } from '../time/zones.js';
import type { Question } from '../question/types.js';
import { toItem, venueOf } from './items.js';
import { itemBase, shownZone, timeIn } from './person.js';
import { messages, milestoneLabel } from './messages.js';
import type { CommandContext } from './types.js';
import type { Reply } from './reply.js';

/** Links to code (a repository), as opposed to a project page or a paper. */
const CODE_HOSTS = /\b(?:github\.com|gitlab\.|bitbucket\.org|anonymous\.4open\.science|huggingface\.co|codeocean\.com|gitee\.com)\b/i;

export function codeLinks(entry: Entry): string[] {
  return entry.links.filter((l) => CODE_HOSTS.test(l));
}

/** Held in a region: a milestone given for a place (the conference's days) whose zone is there. */
export function heldIn(e: Entry, region: Region): boolean {
  return e.milestones.some((m) => m.place !== undefined && regionOfZone(m.zone) === region);
}

export function factReply(q: Question, entry: Entry, ctx: CommandContext): Reply {
  const M = messages(ctx.lang);
  const item = (extra: { access?: boolean; milestones?: boolean } = {}) => toItem(entry, { ...itemBase(ctx), ...(q.zone ? { zone: q.zone } : {}), ...extra });
  const reply = (text: string[], items = [item()]): Reply => ({ intent: q.intent, lang: ctx.lang, text, items });
  const steps = M.accessApply.replace(/^[^::]*[::]\s*/, '');
  switch (q.fact) {
    case 'access': {
      const items = [item({ access: true })];
      if (entry.access !== 'open' && entry.access !== 'apply') return reply([M.accessUnknown(entry.accessLabel ?? '—')], items);
      if (q.shape === 'yesno') {
        const asked = q.asked ?? 'open';
        const line = asked === 'open' ? (entry.access === 'open' ? M.accessYesOpen : M.accessNoApply(steps)) : entry.access === 'open' ? M.accessNoOpen : M.accessYesApply(steps);
        return reply([line], items);
      }
      return reply([entry.access === 'open' ? M.accessHowOpen(entry.title) : M.accessHowApply(entry.title, steps)], items);
    }
    case 'code': {
      const code = codeLinks(entry);
      if (code.length) return reply([M.codeYes(entry.title, code.join(' '))]);
      const other = entry.links.filter((l) => !code.includes(l));
      return reply([M.codeNo(entry.title), ...(other.length ? [M.otherLinks(other.join(' '))] : [])]);
    }
    case 'link':
      return reply([entry.links.length ? M.linkOf(entry.title, entry.links.join(' ')) : M.noLink(entry.title)]);
    case 'scale':
    case 'modality': {
      const d = entry.details;
      const label = q.fact === 'scale' ? M.labels.scale : M.labels.modality;
      const value = q.fact === 'scale' ? d.scale : (d.modality ?? d.resourceType);
      return reply([value ? M.detailOf(entry.title, label, value) : M.noDetail(entry.title, label)], [item({ access: true })]);
    }
    case 'venue': {
      const venue = venueOf(entry);
      return reply([venue ? M.detailOf(entry.title, M.labels.venue, venue) : M.noDetail(entry.title, M.labels.venue)]);
    }
    case 'milestone': {
      const wanted = q.milestone!;
      const found = entry.milestones.filter((m) => m.type === wanted.type && (!wanted.label || m.label === wanted.label));
      const label = milestoneLabel(wanted.type, wanted.label ?? '', ctx.lang);
      if (found.length === 0) return reply([M.noMilestone(entry.title, label)], [item({ milestones: true })]);
      // "在哪里开", "where is it held": the place comes with the days.
      const lines = found.map((m) => M.milestoneFact(milestoneLabel(m.type, m.label, ctx.lang), `${timeIn(m, ctx.lang, shownZone(q.zone, ctx))}${placeNote(m, ctx.lang)}`));
      return reply(lines, [item({ milestones: true })]);
    }
    case 'status': {
      const d = entry.deadline;
      if (!d) return reply([M.statusNone(entry.title)]);
      const when = timeIn(d, ctx.lang, shownZone(q.zone, ctx));
      const open = Date.parse(d.at) > ctx.now.toMillis();
      // The answer says yes or no to what was asked: "is it open?" or "has it closed?".
      if (q.asked === 'closed') return reply([open ? M.statusNotClosed(entry.title, when) : M.statusYesClosed(entry.title, when)]);
      return reply([open ? M.statusOpen(entry.title, when) : M.statusClosed(entry.title, when)]);
    }
    default:
      return reply([]);
  }
}
