/**
 * "more" / "更多" / "下一页": the core's paging memory. When the core answers a paged reply
 * in a conversation it remembers what produced it (command, arguments, page, pages); a
 * later "more" in that conversation gets the next page, and "page:N" alone page N.
 * Bounded: the last `maxConversations` conversations, each for `ttlMs` after its answer,
 * on an injected clock (milliseconds).
 */
import type { Paging } from './types.js';

/** Words that ask for the next page of the conversation's last paged answer. */
export const MORE = /^(?:more|next|next page|n|更多|下一页|继续|再来点|还有吗)$/i;

export interface Continuation {
  command: string;
  args: Record<string, string | undefined>;
  page: number;
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
  paging: Paging;
  at: number;
}

export class PagingMemory {
  private readonly byConversation = new Map<string, Remembered>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: PagingMemoryOptions = {}) {
    this.max = Math.max(1, options.maxConversations ?? 10_000);
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.byConversation.size;
  }

  /** Remembers the paged reply just given in `conversation` (replacing the one before). */
  remember(conversation: string, paging: Paging): void {
    this.byConversation.delete(conversation);
    this.byConversation.set(conversation, { paging, at: this.now() });
    while (this.byConversation.size > this.max) this.byConversation.delete(this.byConversation.keys().next().value!);
  }

  forget(conversation: string): void {
    this.byConversation.delete(conversation);
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
    const { paging } = remembered;
    const wanted = page ?? paging.page + 1;
    if (wanted < 1 || wanted > paging.pages) return undefined;
    return { command: paging.command, args: { ...paging.args }, page: wanted };
  }
}
