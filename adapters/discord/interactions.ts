/**
 * Routing interactions: a slash command becomes a BotRequest for the core, a paging
 * button the same request for another page (decoded from its custom_id), and an
 * autocomplete a list of matching titles. Errors are logged and answered with an
 * ephemeral apology; the bot's own interactions are never answered.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type InteractionReplyOptions,
} from 'discord.js';
import type { Dispatch } from '../../src/adapter.js';
import type { BotCore } from '../../src/bot/core.js';
import { chooseLang } from '../../src/bot/input.js';
import { messages } from '../../src/bot/messages.js';
import type { BotRequest, Lang } from '../../src/bot/types.js';
import { suggestions } from './autocomplete.js';
import { decodePageId } from './components.js';
import { textEmbeds } from './embeds.js';
import { NO_MENTIONS } from './limits.js';
import { composeReply, type OutgoingMessage } from './messages.js';
import { settlesWithin, type DeferPolicy } from './timing.js';

export type Log = (message: string, error?: unknown) => void;

export interface InteractionContext {
  core: BotCore;
  dispatch: Dispatch;
  /** The bot's user id once connected. */
  selfId(): string | undefined;
  defer: DeferPolicy;
  log: Log;
}

function payload(message: OutgoingMessage, ephemeral = false): InteractionReplyOptions {
  return {
    embeds: message.embeds,
    components: message.components,
    allowedMentions: NO_MENTIONS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

function edit(message: OutgoingMessage) {
  return { embeds: message.embeds, components: message.components, allowedMentions: NO_MENTIONS };
}

function apology(lang: Lang): OutgoingMessage {
  return { embeds: textEmbeds([messages(lang).error]), components: [] };
}

/**
 * Answers one interaction, whichever way it was acknowledged: a slash command gets a
 * reply (or a deferred reply, edited), a button updates the message it is on.
 */
class Responder {
  state: 'none' | 'deferred' | 'sent' = 'none';

  constructor(
    private readonly interaction: ChatInputCommandInteraction | ButtonInteraction,
    private readonly mode: 'reply' | 'update',
  ) {}

  async defer(): Promise<void> {
    if (this.state !== 'none') return;
    if (this.mode === 'reply') await this.interaction.deferReply();
    else await (this.interaction as ButtonInteraction).deferUpdate();
    this.state = 'deferred';
  }

  async send(messages: readonly OutgoingMessage[], ephemeral: boolean): Promise<void> {
    const i = this.interaction;
    const [first, ...rest] = messages;
    if (!first) return;
    if (this.mode === 'update' && ephemeral) {
      // An error or refusal never replaces the shared message: only the presser sees it.
      if (this.state === 'none') await i.reply(payload(first, true));
      else await i.followUp(payload(first, true));
    } else if (this.mode === 'update') {
      if (this.state === 'none') await (i as ButtonInteraction).update(edit(first));
      else await i.editReply(edit(first));
    } else if (this.state === 'none') {
      await i.reply(payload(first, ephemeral));
    } else if (ephemeral) {
      // A deferred reply is public; an ephemeral answer replaces it.
      await i.deleteReply();
      await i.followUp(payload(first, true));
    } else {
      await i.editReply(edit(first));
    }
    this.state = 'sent';
    for (const message of rest) await i.followUp(payload(message, ephemeral));
  }

  /** A reply's files (one item's .ics) in a follow-up message; not on page buttons. */
  async attach(files: readonly { filename: string; render(): string }[], ephemeral: boolean): Promise<void> {
    if (this.mode !== 'reply' || files.length === 0) return;
    await this.interaction.followUp({
      files: files.map((f) => ({ attachment: Buffer.from(f.render(), 'utf8'), name: f.filename })),
      allowedMentions: NO_MENTIONS,
      ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    });
  }

  /** Nothing to say (the core declined): take back a "thinking…" reply. */
  async drop(): Promise<void> {
    if (this.mode === 'reply' && this.state === 'deferred') await this.interaction.deleteReply();
  }

  async apologize(lang: Lang): Promise<void> {
    const message = payload(apology(lang), true);
    if (this.state === 'none') {
      await this.interaction.reply(message);
      return;
    }
    if (this.mode === 'reply' && this.state === 'deferred') await this.interaction.deleteReply().catch(() => undefined);
    await this.interaction.followUp(message);
  }
}

/** Slash command options as core arguments ({ query: "…" }). */
function argsOf(options: readonly CommandInteractionOption[]): Record<string, string | undefined> {
  const args: Record<string, string | undefined> = {};
  for (const o of options) {
    if (o.options?.length) Object.assign(args, argsOf(o.options));
    else if (o.value !== undefined && o.value !== null) args[o.name] = String(o.value);
  }
  return args;
}

function baseRequest(i: ChatInputCommandInteraction | ButtonInteraction): Pick<BotRequest, 'platform' | 'conversation' | 'user' | 'locale'> {
  return { platform: 'discord', conversation: `discord:${i.channelId}`, user: i.user.id, locale: i.locale };
}

/** Ask the core, deferring first when the answer might be slow; then answer. */
async function answer(responder: Responder, request: BotRequest, ctx: InteractionContext): Promise<void> {
  if (ctx.defer.predictSlow()) await responder.defer();
  const started = performance.now();
  const work = Promise.resolve()
    .then(() => ctx.dispatch(request))
    .finally(() => ctx.defer.record(performance.now() - started));
  if (responder.state === 'none' && !(await settlesWithin(work, ctx.defer.afterMs))) await responder.defer();
  const reply = await work;
  if (!reply) {
    await responder.drop();
    return;
  }
  await responder.send(composeReply(reply), Boolean(reply.ephemeral));
  if (reply.attachments?.length) await responder.attach(reply.attachments, Boolean(reply.ephemeral));
}

/** Server channels only; the member's Manage Server permission (what the subscription commands need). */
function rights(i: ChatInputCommandInteraction): Pick<BotRequest, 'canManage' | 'inGroup' | 'channelLocale'> {
  const inGuild = i.inGuild();
  return {
    inGroup: inGuild,
    canManage: inGuild && Boolean(i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
    ...(i.guildLocale ? { channelLocale: i.guildLocale } : {}),
  };
}

async function chatInput(i: ChatInputCommandInteraction, ctx: InteractionContext): Promise<void> {
  const responder = new Responder(i, 'reply');
  try {
    await answer(responder, { ...baseRequest(i), ...rights(i), command: i.commandName, args: argsOf(i.options.data) }, ctx);
  } catch (error) {
    ctx.log(`discord: /${i.commandName} failed`, error);
    await responder.apologize(chooseLang('', i.locale)).catch((e: unknown) => ctx.log('discord: could not send the apology', e));
  }
}

async function button(i: ButtonInteraction, ctx: InteractionContext): Promise<void> {
  const page = decodePageId(i.customId);
  if (!page) {
    ctx.log(`discord: ignoring a button with unknown custom_id ${JSON.stringify(i.customId)}`);
    await i.deferUpdate().catch((e: unknown) => ctx.log('discord: could not acknowledge the button', e));
    return;
  }
  const responder = new Responder(i, 'update');
  try {
    const request: BotRequest = { ...baseRequest(i), command: page.command, args: { query: page.query }, page: page.page };
    await answer(responder, request, ctx);
  } catch (error) {
    ctx.log(`discord: paging button ${JSON.stringify(i.customId)} failed`, error);
    await responder.apologize(chooseLang('', i.locale)).catch((e: unknown) => ctx.log('discord: could not send the apology', e));
  }
}

async function autocomplete(i: AutocompleteInteraction, ctx: InteractionContext): Promise<void> {
  let choices: { name: string; value: string }[] = [];
  try {
    const focused = i.options.getFocused(true);
    const command = ctx.core.commands().find((c) => c.name === i.commandName);
    choices = suggestions(ctx.core, command, focused.name, String(focused.value));
  } catch (error) {
    ctx.log(`discord: autocomplete for /${i.commandName} failed`, error);
  }
  await i.respond(choices).catch((e: unknown) => ctx.log('discord: could not answer the autocomplete', e));
}

export async function handleInteraction(interaction: Interaction, ctx: InteractionContext): Promise<void> {
  // The bot never answers itself.
  if (interaction.user.id === ctx.selfId()) return;
  if (interaction.isAutocomplete()) return autocomplete(interaction, ctx);
  if (interaction.isChatInputCommand()) return chatInput(interaction, ctx);
  if (interaction.isButton()) return button(interaction, ctx);
}
