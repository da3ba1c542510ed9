/**
 * Autocomplete for query options: up to 25 catalog titles matching what is typed so
 * far, from the core's search. The value a choice puts into the option is the title
 * (cut to the option's max_length), which the command then searches for.
 */
import type { BotCore } from '../../src/bot/core.js';
import type { CommandDefinition } from '../../src/bot/types.js';
import type { Entry, Kind } from '../../src/catalog/schema.js';
import { optionMaxLength } from './commands.js';
import { LIMITS, prefix, truncate } from './limits.js';

export interface Choice {
  name: string;
  value: string;
}

/**
 * Which entries a command's query is about. The core declares no such thing, so this
 * mirrors the kinds the commands search (paper → papers, dataset → datasets, deadline
 * → entries with dates); anything else suggests from the whole catalog.
 */
const SUGGEST: Record<string, { kinds?: readonly Kind[]; keep?: (e: Entry) => boolean }> = {
  paper: { kinds: ['paper'] },
  dataset: { kinds: ['dataset'] },
  deadline: { keep: (e) => e.milestones.length > 0 },
};

export function suggestions(core: BotCore, command: CommandDefinition | undefined, optionName: string, typed: string): Choice[] {
  const query = typed.replace(/\s+/g, ' ').trim();
  if (!query || !command) return [];
  const option = command.options.find((o) => o.name === optionName);
  if (!option?.autocomplete) return [];
  const rule = SUGGEST[command.name] ?? {};
  const maxValue = Math.min(optionMaxLength(command, option), LIMITS.choiceValue);
  const found = rule.keep ? core.search(query, rule.kinds).filter(rule.keep) : core.suggest(query, rule.kinds, LIMITS.choices);
  const choices: Choice[] = [];
  const seen = new Set<string>();
  for (const entry of found) {
    const title = entry.title.replace(/\s+/g, ' ').trim();
    const value = prefix(title, maxValue).trim();
    if (!value || seen.has(value)) continue;
    seen.add(value);
    choices.push({ name: truncate(title, LIMITS.choiceName), value });
    if (choices.length >= LIMITS.choices) break;
  }
  return choices;
}
