/**
 * Interactions as engine events: a slash command becomes a `command` event, a page
 * or item action button a `page` event carrying its custom_id (the engine's token), an autocomplete a
 * `suggest` event whose suggestions become choices (cut to Discord's limits here).
 * Every actor's direct address is their DMs (`discord:dm:<user id>`).
 * Outcomes are rendered by the Responder; errors are logged and answered with an
 * ephemeral apology; the bot's own interactions are never answered.
 */
import { PermissionFlagsBits, type AutocompleteInteraction, type CommandInteractionOption, type Interaction } from 'discord.js';
import { chooseLang } from '../../src/bot/input.js';
import type { Actor, InboundEvent, Place, Suggestion } from '../../src/engine/types.js';
import type { EngineAccess } from '../../src/engine/access.js';
import type { LogFn } from '../../src/log.js';
import { discordAddress } from './address.js';
import { LIMITS, PLATFORM_LIMITS, prefix, truncate } from './limits.js';
import { Responder, type Answered } from './responder.js';
import type { DeferPolicy } from './timing.js';

export interface InteractionContext {
  engine: EngineAccess;
  /** The bot's user id once connected. */
  selfId(): string | undefined;
  defer: DeferPolicy;
  log: LogFn;
}

/** Slash command options as arguments ({ query: "…" }). */
function argsOf(options: readonly CommandInteractionOption[]): Record<string, string | undefined> {
  const args: Record<string, string | undefined> = {};
  for (const o of options) {
    if (o.options?.length) Object.assign(args, argsOf(o.options));
    else if (o.value !== undefined && o.value !== null) args[o.name] = String(o.value);
  }
  return args;
}

function placeOf(i: Interaction): Place {
  const group = Boolean(i.guildId);
  return {
    address: discordAddress.of(i.channelId ?? ''),
    platform: 'discord',
    group,
    ...(i.guildLocale ? { locale: i.guildLocale } : {}),
    pageTokenBytes: PLATFORM_LIMITS.pageTokenBytes,
    ...(group ? {} : { noSettings: true }),
  };
}

function actorOf(i: Interaction, ctx: InteractionContext): Actor {
  return {
    id: i.user.id,
    locale: i.locale,
    directAddress: discordAddress.dmOf(i.user.id),
    isSelf: i.user.id === ctx.selfId(),
    // A server member with Manage Server (DMs hold no settings).
    canManage: async () => Boolean(i.guildId && i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
  };
}

/** Ask the engine, deferring first when the answer might be slow; then render the outcome. */
async function answer(i: Answered, mode: 'reply' | 'update', event: InboundEvent, what: string, ctx: InteractionContext): Promise<void> {
  const responder = new Responder(i, mode);
  try {
    if (ctx.defer.predictSlow()) await responder.defer();
    const work = ctx.defer.timed(() => ctx.engine.handle(event, actorOf(i, ctx), placeOf(i)));
    if (responder.state === 'none' && !(await ctx.defer.settlesInTime(work))) await responder.defer();
    const outcome = await work;
    if (outcome.type === 'reply') await responder.send(outcome.reply);
    else await responder.drop();
  } catch (error) {
    ctx.log(`discord: ${what} failed`, error);
    await responder.apologize(chooseLang('', i.locale)).catch((e: unknown) => ctx.log('discord: could not send the apology', e));
  }
}

/** Suggestions as at most 25 choices: the name cut to 100, the value to the option's max_length. */
function choicesOf(suggestions: readonly Suggestion[], maxValue: number): { name: string; value: string }[] {
  const seen = new Set<string>();
  const choices: { name: string; value: string }[] = [];
  for (const s of suggestions) {
    const value = prefix(s.value.replace(/\s+/g, ' ').trim(), maxValue).trim();
    if (!value || seen.has(value) || choices.length >= LIMITS.choices) continue;
    seen.add(value);
    choices.push({ name: truncate(s.title.replace(/\s+/g, ' ').trim(), LIMITS.choiceName), value });
  }
  return choices;
}

async function autocomplete(i: AutocompleteInteraction, ctx: InteractionContext): Promise<void> {
  let choices: { name: string; value: string }[] = [];
  try {
    const focused = i.options.getFocused(true);
    const event = { type: 'suggest', command: i.commandName, option: focused.name, query: String(focused.value), limit: LIMITS.choices } as const;
    const outcome = await ctx.engine.handle(event, actorOf(i, ctx), placeOf(i));
    const option = ctx.engine
      .commands()
      .find((c) => c.name === i.commandName)
      ?.options.find((o) => o.name === focused.name);
    const maxValue = Math.min(option?.maxLength ?? LIMITS.choiceValue, LIMITS.choiceValue);
    if (outcome.type === 'suggestions') choices = choicesOf(outcome.suggestions, maxValue);
  } catch (error) {
    ctx.log(`discord: autocomplete for /${i.commandName} failed`, error);
  }
  await i.respond(choices).catch((e: unknown) => ctx.log('discord: could not answer the autocomplete', e));
}

export async function handleInteraction(i: Interaction, ctx: InteractionContext): Promise<void> {
  // The bot never answers itself.
  if (i.user.id === ctx.selfId()) return;
  if (i.isAutocomplete()) return autocomplete(i, ctx);
  if (i.isChatInputCommand()) {
    return answer(i, 'reply', { type: 'command', name: i.commandName, args: argsOf(i.options.data) }, `/${i.commandName}`, ctx);
  }
  if (i.isButton()) return answer(i, 'update', { type: 'page', token: i.customId }, `paging button ${JSON.stringify(i.customId)}`, ctx);
}
