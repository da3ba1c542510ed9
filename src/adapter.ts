/**
 * The one interface every platform adapter implements (console, Telegram, Discord).
 * An adapter turns platform events into BotRequests, hands them to `dispatch`, and
 * turns Replies into platform messages. Optional abilities are optional methods.
 */
import type { BotRequest, CommandDefinition, Reply } from './bot/types.js';

export type Dispatch = (request: BotRequest) => Reply | undefined | Promise<Reply | undefined>;

export interface SentMessage {
  /** The platform's id of the message that was posted. */
  messageId: string;
}

export interface Adapter {
  readonly platform: string;
  /** Start receiving; resolves once the adapter is connected and listening. */
  start(dispatch: Dispatch): Promise<void>;
  /** Stop receiving and release every resource; resolves when done. */
  stop(): Promise<void>;
  /** Post a reply unprompted (announcements) to a conversation like "telegram:-100123". */
  send(conversation: string, reply: Reply): Promise<SentMessage>;
  /** Publish the command menu built from the declarations (an explicit step, not on start). */
  registerCommands?(commands: readonly CommandDefinition[]): Promise<void>;
}
