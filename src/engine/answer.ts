/**
 * Running the command a message asks for: the rights it declares (`requires`) are
 * checked first, then its handler runs (awaited) on the catalog pinned when the event arrived.
 * An error, sync or async, becomes the polite error reply and nothing after it runs.
 */
import { announceMessages } from '../announce/messages.js';
import { messages } from '../bot/messages.js';
import type { Lang, Reply } from '../bot/reply.js';
import type { DateTime } from 'luxon';
import { isStoreBusy } from '../store/busy.js';
import type { PersonSettings } from '../store/types.js';
import type { Reading } from './read.js';
import type { CatalogServices } from './services.js';
import type { Actor, Place } from './types.js';

export interface RunContext {
  lang: Lang;
  now: DateTime;
  actor: Actor;
  place: Place;
  /** The services pinned when the event arrived. */
  services: CatalogServices;
  log?: ((message: string, error?: unknown) => void) | undefined;
  /** The actor's own settings, when the store has them. */
  person?: PersonSettings;
}

type Run = Extract<Reading, { kind: 'run' }>;

/** The refusal when the actor lacks a right the command requires (asked lazily), else undefined. */
export async function refusal(run: Run, ctx: RunContext): Promise<Reply | undefined> {
  if (!run.command.requires?.includes('manage')) return undefined;
  const A = announceMessages(ctx.lang);
  const refuse = (text: string): Reply => ({ intent: run.command.name, lang: ctx.lang, text: [text], items: [], ephemeral: true });
  if (ctx.place.noSettings) return refuse(A.serverOnly);
  const granted = await ctx.actor.canManage().catch((error: unknown) => {
    ctx.log?.('engine: asking whether the actor manages the place failed', error);
    return false;
  });
  return granted ? undefined : refuse(A.notManager);
}

/** The command's reply (`ok`), or the polite error reply when it throws or rejects. */
export async function runCommand(run: Run, ctx: RunContext): Promise<{ reply: Reply; ok: boolean }> {
  try {
    const reply = await run.command.handler(run.args, {
      lang: ctx.lang,
      now: ctx.now,
      page: run.page,
      actor: ctx.actor,
      place: ctx.place,
      core: ctx.services,
      ...(run.question ? { question: run.question } : {}),
      ...(ctx.person ? { person: ctx.person } : {}),
    });
    return { reply, ok: true };
  } catch (error) {
    return { reply: failed(error, ctx), ok: false };
  }
}

function failed(error: unknown, ctx: Pick<RunContext, 'lang' | 'log'>): Reply {
  const M = messages(ctx.lang);
  if (isStoreBusy(error)) {
    ctx.log?.('handler: the store is busy (locked by another process)');
    return { intent: 'error', lang: ctx.lang, text: [M.busy], items: [], ephemeral: true };
  }
  ctx.log?.('handler failed', error);
  return { intent: 'error', lang: ctx.lang, text: [M.error], items: [], ephemeral: true };
}
