/**
 * The engine's one paging memory, keyed by a place's address. When the engine answers a
 * paged reply there it remembers what produced it (command, arguments, page, pages); a
 * later "more" / "更多" / "下一页" there gets the next page, and "page:N" alone page N.
 * Page targets too long for a self-contained page token are kept here too, by slot.
 * Bounded: the last `maxConversations` addresses, each for `ttlMs` after its answer,
 * on an injected clock (milliseconds).
 */
import type { Lang, Paging } from '../bot/reply.js';

/** Words that ask for the next page of the conversation's last paged answer. */
export const MORE = /^(?:more|next|next page|n|更多|下一页|继续|再来点|还有吗)$/i;

export interface Continuation {
  command: string;
  args: Record<string, string | undefined>;
  page: number;
  /** The language of the answer continued: its next page is in it, whatever "more" is written in. */
  lang?: Lang;
}

export interface PagingMemoryOptions {
  /** Conversations remembered at most (oldest forgotten first). Default 10,000. */
  maxConversations?: number;
  /** How long after its answer a paged reply can be continued. Default 1 hour. */
  ttlMs?: number;
  /** The clock in ms (tests). Default Date.now. */
  now?: () => number;
}

interface Remembered {
  paging?: Paging;
  lang?: Lang;
  at: number;
  /** Page targets too long for a self-contained page token, by slot (src/engine/page-token.ts). */
  slots?: Map<string, { command: string; args: Record<string, string | undefined> }>;
}

/** Slots kept per address (the oldest is dropped first). */
const MAX_SLOTS = 20;

export class PagingMemory {
  private readonly byConversation = new Map<string, Remembered>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: PagingMemoryOptions = {}) {
    this.max = Math.max(1, options.maxConversations ?? 10_000);
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
    this.counter = Math.floor(this.now() / 1000) % 1_000_000_000;
  }

  get size(): number {
    return this.byConversation.size;
  }

  /** Remembers the paged reply just given in `conversation` (replacing the one before). */
  remember(conversation: string, paging: Paging, lang?: Lang): void {
    const slots = this.byConversation.get(conversation)?.slots;
    this.byConversation.delete(conversation);
    this.byConversation.set(conversation, { paging, at: this.now(), ...(lang ? { lang } : {}), ...(slots ? { slots } : {}) });
    this.trim();
  }

  /** The conversation's last answer had no pages: "more" has nothing to continue (page buttons still work). */
  forget(conversation: string): void {
    const remembered = this.byConversation.get(conversation);
    if (remembered?.slots) delete remembered.paging;
    else this.byConversation.delete(conversation);
  }

  /** Keeps a page target in the conversation's memory; the slot goes into a page token. */
  keep(conversation: string, target: { command: string; args: Record<string, string | undefined> }): string {
    const remembered = this.byConversation.get(conversation) ?? { at: this.now() };
    const slots = (remembered.slots ??= new Map());
    const key = JSON.stringify([target.command, target.args]);
    for (const [slot, kept] of slots) if (JSON.stringify([kept.command, kept.args]) === key) return slot;
    const slot = (this.counter++).toString(36);
    slots.set(slot, { command: target.command, args: { ...target.args } });
    while (slots.size > MAX_SLOTS) slots.delete(slots.keys().next().value!);
    remembered.at = this.now();
    this.byConversation.delete(conversation);
    this.byConversation.set(conversation, remembered);
    this.trim();
    return slot;
  }

  /** The page target kept under `slot`, or undefined when it is gone (expired, restarted). */
  kept(conversation: string, slot: string): { command: string; args: Record<string, string | undefined> } | undefined {
    const remembered = this.byConversation.get(conversation);
    if (!remembered || this.now() - remembered.at > this.ttlMs) return undefined;
    const target = remembered.slots?.get(slot);
    return target ? { command: target.command, args: { ...target.args } } : undefined;
  }

  /** Slot numbers start from the clock, so a token from before a restart finds nothing rather than another answer. */
  private counter: number;

  private trim(): void {
    while (this.byConversation.size > this.max) this.byConversation.delete(this.byConversation.keys().next().value!);
  }

  /**
   * The request for page `page` (default: the next one) of the conversation's last paged
   * answer; undefined when there is none, it expired, or that page does not exist.
   */
  continuation(conversation: string, page?: number): Continuation | undefined {
    const remembered = this.byConversation.get(conversation);
    if (!remembered) return undefined;
    if (this.now() - remembered.at > this.ttlMs) {
      this.byConversation.delete(conversation);
      return undefined;
    }
    const { paging, lang } = remembered;
    if (!paging) return undefined;
    const wanted = page ?? paging.page + 1;
    if (wanted < 1 || wanted > paging.pages) return undefined;
    return { command: paging.command, args: { ...paging.args }, page: wanted, ...(lang ? { lang } : {}) };
  }
}
