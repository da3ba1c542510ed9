/**
 * Reading what a message asks: a platform command with its options, a /command line
 * (aliases, `page:N`), "more" (the place's paging memory), or a question routed by the
 * commands' declared `routes`. The result is the command to run, or a reply that needs
 * no command (empty message, nothing more to show, unknown command).
 */
import type { DateTime } from 'luxon';
import { cleanInput } from '../bot/input.js';
import { messages } from '../bot/messages.js';
import type { CommandDefinition } from '../bot/types.js';
import type { Lang, Reply } from '../bot/reply.js';
import type { Question } from '../question/types.js';
import { MORE, type PagingMemory } from './paging-memory.js';
import { readQuestion, routeQuestion } from './route.js';
import { parseSlash, splitPageArg } from './slash.js';

/** A message for the bot, as the engine reads it. */
export interface Message {
  /** Free text, cleaned and without the bot's @mention (text and "more" events). */
  text?: string;
  /** A command already parsed (a platform command, a page button) with its arguments. */
  command?: string;
  args?: Record<string, string | undefined>;
  page?: number;
  /** The text was cut to its first MAX_QUERY_CHARS characters (the reply says so). */
  truncated?: boolean;
}

export type Reading =
  | { kind: 'reply'; reply: Reply }
  | {
      kind: 'run';
      command: CommandDefinition;
      args: Record<string, string | undefined>;
      page: number;
      question?: Question;
      /** The answer continues an earlier one ("more", "page:3" alone). */
      continues?: boolean;
      /** The language of the answer it continues (Continuation.lang). */
      lang?: Lang;
    };

export interface ReadContext {
  lang: Lang;
  now: DateTime;
  /** The place's address: what "more" continues. */
  address: string;
  memory: PagingMemory;
  commands: CommandIndex;
}

/** The commands by name and alias. */
export class CommandIndex {
  private readonly byName = new Map<string, CommandDefinition>();

  constructor(readonly all: readonly CommandDefinition[]) {
    for (const command of all) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`command name /${name} is declared twice`);
        this.byName.set(name, command);
      }
    }
  }

  get(name: string): CommandDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The known name nearest a mistyped one (at most two edits away). */
  closest(name: string): string | undefined {
    let best: { name: string; d: number } | undefined;
    for (const known of this.byName.keys()) {
      const d = distance(name, known);
      if (d <= 2 && (!best || d < best.d)) best = { name: known, d };
    }
    return best?.name;
  }
}

export function readMessage(message: Message, ctx: ReadContext): Reading {
  const M = messages(ctx.lang);
  const fail = (intent: string, text: string): Reading => ({ kind: 'reply', reply: { intent, lang: ctx.lang, text: [text], items: [], ephemeral: true } });
  let name = message.command?.toLowerCase();
  let args: Record<string, string | undefined> = {};
  let page = message.page;
  let question: Question | undefined;
  let continues = false;
  let continuedLang: Lang | undefined;
  if (name) {
    for (const [k, v] of Object.entries(message.args ?? {})) args[k] = v === undefined ? undefined : cleanInput(v).text || undefined;
  } else {
    let text = message.text ?? '';
    if (!text) return fail('empty', M.empty);
    // "ecg page:2", "/paper ecg page:2": the page a button passes as data wins over the text's.
    const paged = splitPageArg(text);
    text = paged.query;
    page ??= paged.page;
    if (MORE.test(text) || (!text && paged.page !== undefined)) {
      // "more" / "更多": the next page of this place's last paged answer; "page:3" alone: its page 3.
      const next = ctx.memory.continuation(ctx.address, text ? undefined : page);
      if (!next) return fail('more', M.noMore);
      ({ command: name, args, page } = next);
      continues = true;
      continuedLang = next.lang;
    } else {
      const slash = parseSlash(text);
      if (slash) {
        name = slash.name;
        args = { query: slash.rest || undefined };
      } else {
        question = readQuestion(text, { now: ctx.now, lang: ctx.lang });
        const routed = routeQuestion(question, ctx.commands.all);
        if (!routed) return fail('unknown-command', M.unknownCommand(question.intent, undefined));
        return { kind: 'run', command: routed.command, args: routed.args, page: page ?? 1, question };
      }
    }
  }
  const command = ctx.commands.get(name);
  if (!command) return fail('unknown-command', M.unknownCommand(name, ctx.commands.closest(name)));
  return { kind: 'run', command, args, page: page ?? 1, ...(question ? { question } : {}), ...(continues ? { continues } : {}), ...(continuedLang ? { lang: continuedLang } : {}) };
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length]![b.length]!;
}
