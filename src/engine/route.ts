/**
 * Routing free text to a command through the question model (src/question/) and the
 * commands' declared `routes`: "EMNLP 什么时候截止" → deadline "EMNLP", "how do I get
 * access to MIMIC-IV-Note" → dataset, "有没有关于心理健康的论文" → paper "心理健康",
 * "thanks!" → help (small talk). A plain topic question routes its topic; a question with
 * filters, a zone or a fact routes its whole text, which the command reads back into the
 * same question (so a platform's slash command with that text answers the same).
 */
import { DateTime } from 'luxon';
import { chooseLang } from '../bot/input.js';
import { parseQuestion } from '../question/parse.js';
import type { Question } from '../question/types.js';
import type { CommandDefinition } from '../bot/types.js';
import type { Lang } from '../bot/reply.js';

export interface Routed {
  command: CommandDefinition;
  /** The handler's arguments: the command's own `argsOf`, else `query`. */
  args: Record<string, string | undefined>;
}

export interface RouteOptions {
  now?: DateTime;
  lang?: Lang;
}

/** The question a message asks (free text; no slash command). */
export function readQuestion(text: string, options: RouteOptions = {}): Question {
  const lang = options.lang ?? chooseLang(text);
  return parseQuestion(text, { now: options.now ?? DateTime.now(), lang });
}

/** The command that declares the question's intent in its `routes`, and the query it reads; undefined when none does. */
export function routeQuestion(q: Question, commands: readonly CommandDefinition[]): Routed | undefined {
  const command = commands.find((c) => c.routes?.includes(q.intent));
  if (!command) return undefined;
  // A command without options (help) reads no query.
  if (command.options.length === 0) return { command, args: {} };
  if (command.argsOf) return { command, args: command.argsOf(q) };
  const f = q.filters;
  // A kind filter that only repeats the command's own kinds ("papers about ECG" → /paper) is no filter.
  const plainKinds = !f.kinds || f.kinds.join() === (command.suggests?.kinds ?? []).join();
  const plain =
    q.shape === 'list' && !q.fact && !q.zone && plainKinds && !f.access && !f.status && !f.window && !f.venue && !f.year && !f.hasCode && !f.tag && !f.anyOf && !f.exclude;
  const query = plain ? q.topic : q.text;
  return { command, args: { query: query || undefined } };
}

export function routeText(text: string, commands: readonly CommandDefinition[], options: RouteOptions = {}): Routed | undefined {
  return routeQuestion(readQuestion(text, options), commands);
}
