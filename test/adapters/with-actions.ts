/**
 * An engine that puts item actions on its replies, as the commands and the engine will:
 * every item gets `actions` (key, label, the command and arguments a press runs) with a
 * self-contained token sized to the place, the way the engine fills paging tokens. The
 * platforms' tests press them and see the command run; the actor and place each event
 * came with are recorded.
 */
import type { ItemAction } from '../../src/bot/reply.js';
import type { EngineAccess } from '../../src/engine/access.js';
import { encodeSelf } from '../../src/engine/page-token.js';
import type { Actor, Place } from '../../src/engine/types.js';

export interface ActionSpec {
  key: ItemAction['key'];
  label: string;
  command: string;
  args: Record<string, string | undefined>;
}

/** Wraps `engine`: `actions()` decides what each reply's items get, `intent()` what the reply is (a follow's confirmation). */
export function withActions(
  engine: EngineAccess,
  actions: () => ActionSpec[],
  intent: () => string | undefined = () => undefined,
): EngineAccess & { seen: Array<{ actor: Actor; place: Place }> } {
  const seen: Array<{ actor: Actor; place: Place }> = [];
  return {
    seen,
    commands: () => engine.commands(),
    handle: async (event, actor, place) => {
      seen.push({ actor, place });
      const outcome = await engine.handle(event, actor, place);
      if (outcome.type !== 'reply') return outcome;
      outcome.reply.intent = intent() ?? outcome.reply.intent;
      const specs = actions();
      if (!specs.length) return outcome;
      const bytes = place.pageTokenBytes ?? 64;
      for (const item of outcome.reply.items) {
        item.actions = specs.map((s) => {
          const token = encodeSelf({ command: s.command, args: s.args }, 1, bytes);
          return { ...s, ...(token ? { token } : {}) };
        });
      }
      return outcome;
    },
  };
}
