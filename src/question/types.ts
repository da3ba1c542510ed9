/** The structured question: what a message (or a slash command with options) asks. */
import type { Kind, MilestoneType } from '../catalog/schema.js';
import type { Region } from '../time/zones.js';

export type Shape = 'list' | 'next' | 'yesno' | 'fact' | 'count' | 'help' | 'smalltalk' | 'all';
export type Fact = 'milestone' | 'link' | 'access' | 'code' | 'status' | 'scale' | 'modality' | 'venue';
export type QuestionIntent = 'search' | 'paper' | 'dataset' | 'deadline' | 'help' | 'follow' | 'settings';

/** A time window, [from, to] as ISO instants in the asker's zone, with how to name it. */
export interface TimeWindow {
  from: string;
  to: string;
  /** How the reply names the window ("6 月", "in June", "两个月内", "before August"). */
  label: { zh: string; en: string };
}

export interface Filters {
  kinds?: Kind[];
  access?: 'open' | 'apply';
  status?: 'open' | 'closed' | 'upcoming';
  window?: TimeWindow;
  /** The window is when the conference is held ("held in November", 11月召开的会议), not the deadline. */
  held?: boolean;
  venue?: string;
  /** "conferences in Asia", 欧洲的会议: held in this region (calls and competitions). */
  region?: Region;
  year?: number;
  tag?: string;
  /** "ECG or EEG papers", 心电或脑电: entries about any of these topics (the topic is all of them). */
  anyOf?: string[];
  /** "… but not benchmarks", 不要基准: entries about this are left out. */
  exclude?: string;
  hasCode?: boolean;
}

export interface Question {
  /** The text the question was read from (paging repeats it). */
  text: string;
  intent: QuestionIntent;
  /** Topic terms with the words that carried the intent, filters and filler removed. */
  topic: string;
  filters: Filters;
  /** A zone the asker named (else replies use Beijing time). */
  zone?: { zone: string; label: string };
  /** A zone option (zone:…) that names no zone we know: the reply says so and uses Beijing time. */
  unknownZone?: string;
  shape: Shape;
  fact?: Fact;
  /** Which milestone a milestone fact asks about (a phase keeps its label, e.g. 决赛). */
  milestone?: { type: MilestoneType; label?: string };
  /**
   * For a yes/no: what the asker asked about — an access ("is it free?" → open) or a status
   * ("截止了吗", "has it closed?" → closed; "还开放吗" → open).
   */
  asked?: 'open' | 'apply' | 'closed';
  /** A settings request ("I'm in Tokyo", "reply in English", 用中文回答): what to keep as the asker's. */
  settings?: { zone?: string; language?: 'zh' | 'en' };
  /** "give me 3 papers", 推荐三篇: at most this many entries are listed. */
  limit?: number;
  /**
   * "MedQA 和 CBLUE 哪个需要申请", "which closes first, EMNLP or NLPCC": the items compared, as
   * typed, and the order asked of their deadlines (question/compare.ts).
   */
  compare?: { items: string[]; order?: 'earliest' | 'latest' };
}
