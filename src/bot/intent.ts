/**
 * Routing free text to a command through the question model (src/question/):
 * "EMNLP 什么时候截止" → deadline "EMNLP", "how do I get access to MIMIC-IV-Note" →
 * dataset, "有没有关于心理健康的论文" → paper "心理健康", "thanks!" → help (small talk).
 * A plain topic question routes its topic; a question with filters, a zone or a fact
 * routes its whole text, which the command reads back into the same question (so a
 * platform's slash command with that text answers the same).
 */
import { DateTime } from 'luxon';
import { parseQuestion } from '../question/parse.js';
import type { Question } from '../question/types.js';
import type { Lang } from './types.js';

export interface Routed {
  command: string;
  query: string;
}

export interface RouteOptions {
  now?: DateTime;
  lang?: Lang;
}

/** The question a message asks (free text; no slash command). */
export function readQuestion(text: string, options: RouteOptions = {}): Question {
  const lang = options.lang ?? (/\p{Script=Han}/u.test(text) ? 'zh' : 'en');
  return parseQuestion(text, { now: options.now ?? DateTime.now(), lang });
}

/** The command a question goes to, and the query that command reads. */
export function routeQuestion(q: Question): Routed {
  const command = q.intent;
  if (command === 'help') return { command, query: '' };
  const f = q.filters;
  const kindsOfCommand = command === 'paper' ? ['paper'] : command === 'dataset' ? ['dataset'] : [];
  const plainKinds = !f.kinds || f.kinds.join() === kindsOfCommand.join() || (command === 'dataset' && f.kinds.join() === 'dataset');
  const plain =
    q.shape === 'list' && !q.fact && !q.zone && plainKinds && !f.access && !f.status && !f.window && !f.venue && !f.year && !f.hasCode && !f.tag;
  return { command, query: plain ? q.topic : q.text };
}

export function routeText(text: string, options: RouteOptions = {}): Routed {
  return routeQuestion(readQuestion(text, options));
}
