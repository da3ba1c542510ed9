/**
 * Rendering an outcome as the answer to one interaction, whichever way it was
 * acknowledged: a slash command gets a reply (or a deferred reply, edited), a page
 * button updates the message it is on; errors and refusals reach only the asker; an item
 * action's answer (a button whose reply has no pages) is a message of its own, private
 * when the reply is ephemeral, and the list the button is on stays.
 */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type InteractionReplyOptions } from 'discord.js';
import { messages } from '../../src/bot/messages.js';
import type { Lang, Reply } from '../../src/bot/reply.js';
import { textEmbeds } from './embeds.js';
import { NO_MENTIONS } from './limits.js';
import { composeReply, type OutgoingMessage } from './messages.js';

export type Answered = ChatInputCommandInteraction | ButtonInteraction;

function payload(message: OutgoingMessage, ephemeral = false): InteractionReplyOptions {
  return { ...message, allowedMentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

const edit = (message: OutgoingMessage) => ({ ...message, allowedMentions: NO_MENTIONS });

/**
 * Answers one interaction, whichever way it was acknowledged: a slash command gets a
 * reply (or a deferred reply, edited), a button updates the message it is on.
 */
export class Responder {
  state: 'none' | 'deferred' | 'sent' = 'none';

  constructor(
    private readonly i: Answered,
    private readonly mode: 'reply' | 'update',
  ) {}

  async defer(): Promise<void> {
    if (this.state !== 'none') return;
    if (this.mode === 'reply') await this.i.deferReply();
    else await (this.i as ButtonInteraction).deferUpdate();
    this.state = 'deferred';
  }

  async send(reply: Reply): Promise<void> {
    const i = this.i;
    const ephemeral = Boolean(reply.ephemeral);
    const [first, ...rest] = composeReply(reply);
    if (!first) return;
    // Only a page replaces the message its button is on.
    const inPlace = this.mode === 'update' && reply.paging !== undefined && !ephemeral;
    if (this.mode === 'update' && !inPlace) {
      // An error, a refusal or an action's answer: only the presser sees an ephemeral one.
      if (this.state === 'none') await i.reply(payload(first, ephemeral));
      else await i.followUp(payload(first, ephemeral));
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
    // A reply's files (one item's .ics) in a follow-up message; not on pages.
    const files = reply.attachments ?? [];
    if (inPlace || files.length === 0) return;
    await i.followUp({
      files: files.map((f) => ({ attachment: Buffer.from(f.render(), 'utf8'), name: f.filename })),
      allowedMentions: NO_MENTIONS,
      ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    });
  }

  /** Nothing to say (the engine declined): take back a "thinking…" reply. */
  async drop(): Promise<void> {
    if (this.mode === 'reply' && this.state === 'deferred') await this.i.deleteReply();
  }

  async apologize(lang: Lang): Promise<void> {
    const message = payload({ embeds: textEmbeds([messages(lang).error]), components: [] }, true);
    if (this.state === 'none') return void (await this.i.reply(message));
    if (this.mode === 'reply' && this.state === 'deferred') await this.i.deleteReply().catch(() => undefined);
    await this.i.followUp(message);
  }
}
