/**
 * parseQuestion: a message (or a slash command's options) → a structured Question.
 * Deterministic and data-driven: every word it knows is in curated/question-words.json.
 *
 * Order: small talk and help (the whole message), the zone the asker named, a time
 * window, then the words for facts (code, link, how to get access, a milestone), access,
 * status, answer shapes, deadlines, kinds and venues; each is taken out of the text, and
 * what is left, without filler, is the topic.
 */
import type { DateTime } from 'luxon';
import { KINDS, type Kind } from '../catalog/schema.js';
import { chinesePlaceNames, zoneOfPlace } from '../time/places.js';
import { BEIJING, parseZone, zoneInText } from '../time/zones.js';
import { REGISTRATION_OPENS } from '../time/milestones.js';
import { findWindow, numberOf } from './window.js';
import { readComparison } from './compare.js';
import type { Filters, Question, QuestionIntent, Shape } from './types.js';
import { questionWords } from './words.js';

export interface ParseOptions {
  now: DateTime;
  lang: 'zh' | 'en';
  /** A zone given as an option (`/deadline zone:Tokyo`): an IANA name, UTC±N, an abbreviation or a place. */
  zone?: string | undefined;
  /** The slash command the text came with: its kinds and intent are the default. */
  command?: string | undefined;
}

const COMMAND_KINDS: Record<string, Kind[] | undefined> = { paper: ['paper'], dataset: ['dataset'] };
const KIND_ORDER: Kind[] = ['cfp', 'competition', 'course', 'dataset', 'paper'];
const DEADLINE_KINDS = new Set<Kind>(['competition', 'cfp']);
/** A year, with the 年 a Chinese question writes after it ("2026年的 ICLR 论文"): the whole is cut from the topic. */
const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)(?:\s*年(?!\d))?/;
const PUNCT = /[\p{P}\p{S}]+/gu;
const HAN_RUN = /\p{Script=Han}+/gu;
const INLINE_ZONE = /(?:^|\s)(?:zone|tz|时区)\s*[:=:]\s*(\S+)/i;

export function parseQuestion(text: string, options: ParseOptions): Question {
  const W = questionWords();
  const original = text.trim();
  const command = options.command?.toLowerCase();
  const base = { text: original, filters: {} as Filters };

  if (!command || command === 'help' || command === 'search') {
    const whole = wholeMessage(original);
    if (whole) return { ...base, intent: 'help', topic: '', shape: whole };
  }
  if (command === 'help') return { ...base, intent: 'help', topic: '', shape: 'help' };
  if (!command) {
    const personal = personalRequest(original);
    if (personal) return { ...base, ...personal };
  }

  // "zone:Tokyo" typed after a command is the same option a platform's slash command gives.
  let zoneOption = options.zone;
  let rest = original.replace(W.greetingLead, ' ').replace(INLINE_ZONE, (_m, value: string) => {
    zoneOption ??= value;
    return ' ';
  });
  /** Takes every match of `re` out of the text; returns the matches. */
  const take = (re: RegExp): string[] => {
    const found: string[] = [];
    rest = rest.replace(re, (m) => {
      found.push(m);
      return ' ';
    });
    return found;
  };
  const cut = (start: number, end: number) => {
    rest = `${rest.slice(0, start)} ${rest.slice(end)}`;
  };

  const deadlineish = hasMatch(W.deadline, original) || command === 'deadline' || W.milestones.some((m) => hasMatch(m.re, original));
  let askedZone = zoneOption ? zoneFromOption(zoneOption) : undefined;
  if (!askedZone) {
    const found = zoneInText(rest, zoneOfPlace, chinesePlaceNames(), deadlineish);
    if (found) {
      // "换成伦敦时间", "convert to London time": the verb asking for the zone goes with it.
      const lead = W.zoneLead.exec(rest.slice(0, found.start));
      cut(lead ? lead.index : found.start, found.end);
      askedZone = { zone: found.zone, label: found.label };
    }
  }
  const window = findWindow(rest, options.now, askedZone?.zone ?? BEIJING.zone, { years: deadlineish });
  if (window) cut(window.start, window.end);

  const yesno = W.yesnoEnd.test(original) || W.yesnoStart.test(original);
  // "anything on X with code": a list of X's entries that have code, not a fact about one X.
  const codeFilter = hasMatch(W.codeFilter, rest);
  const code = take(W.code).length > 0;
  const link = take(W.link).length > 0;
  const how = take(W.accessHow).length > 0;
  // "最近一个截止的" is the next one, not the upcoming status 最近: the longer phrase first; and
  // the status before the milestone words, so 还能报名吗 asks whether it is open, not for a date.
  const next = take(W.next).length > 0;
  let status = W.status.find(([, re]) => hasMatch(re, rest))?.[0];
  if (status) take(W.status.find(([s]) => s === status)![1]);
  // "X 是哪个会议的", "X 发表在哪", "which conference is X from": a venue asked (not calls for
  // papers, not where a conference is held).
  const venueAsked = take(W.venueOf).length > 0;
  const milestone = W.milestones.find((m) => hasMatch(m.re, rest));
  if (milestone) take(milestone.re);
  // "give me 3 papers", "top 5 datasets", 推荐三篇, 5个数据集: how many to list.
  let limit: number | undefined;
  for (const re of W.limits) {
    const asked = re.exec(rest);
    const n = asked ? numberOf(asked[1]!) : undefined;
    if (asked && n !== undefined && Number.isInteger(n) && n >= 1 && n <= 50) {
      limit = n;
      cut(asked.index, asked.index + asked[0].length);
      break;
    }
  }
  // "how big is X", "X 是什么数据": facts of one dataset, read before the kind words (数据 is one)
  // and only in a question naming no other kind ("large-scale papers" keeps its words).
  const otherKind = W.kinds.some(([k, re]) => k !== 'dataset' && hasMatch(re, rest));
  const scale = !otherKind && take(W.scale).length > 0;
  const modality = !otherKind && !scale && take(W.modality).length > 0;
  let kinds: Kind[] = [];
  // Calls before papers ("calls for papers"), papers last (their words are the most general).
  for (const [kind, re] of [...W.kinds].sort((a, b) => KIND_ORDER.indexOf(a[0]) - KIND_ORDER.indexOf(b[0]))) if (take(re).length > 0) kinds.push(kind);
  kinds.sort((a, b) => KINDS.indexOf(a) - KINDS.indexOf(b));
  if (kinds.length === 0 && command && COMMAND_KINDS[command]) kinds = [...COMMAND_KINDS[command]!];
  // Access is a property of datasets (and "open" a status of calls and competitions): about papers
  // or courses the words stay words ("free nitro" in a paper search).
  const accessApplies = kinds.length === 0 || kinds.some((k) => k === 'dataset' || DEADLINE_KINDS.has(k));
  const askApply = accessApplies ? take(W.accessAsk) : [];
  const open = accessApplies ? take(W.accessOpen) : [];
  const apply = accessApplies ? [...askApply, ...take(W.accessApply)] : [];
  const count = take(W.count).length > 0;
  const all = take(W.all).length > 0;
  const deadlineWord = take(W.deadline).length > 0;

  // "open" alone: a dataset's access, a competition's or a call's status.
  let access: 'open' | 'apply' | undefined = askApply.length > 0 ? 'apply' : open.length > 0 ? 'open' : apply.length > 0 ? 'apply' : undefined;
  // Registration is a competition's or a call's ("is LUNA-X registration open?"): open is then its status.
  const registration = milestone?.type === 'registration' || milestone?.label === REGISTRATION_OPENS;
  const aboutDeadlines =
    (kinds.some((k) => DEADLINE_KINDS.has(k)) && !kinds.includes('dataset')) || (kinds.length === 0 && (command === 'deadline' || deadlineWord || registration));
  if (access === 'open' && !status && aboutDeadlines) {
    status = 'open';
    access = undefined;
  }
  if (status && kinds.length > 0 && !kinds.some((k) => DEADLINE_KINDS.has(k))) status = undefined;

  const filters: Filters = {};
  // "conferences in Asia", 欧洲的会议: where a call's or a competition's conference is held (only
  // then: "Asian patients" in a paper search stays words).
  if (kinds.some((k) => DEADLINE_KINDS.has(k)) || milestone?.type === 'conference' || (kinds.length === 0 && deadlineish)) {
    const region = W.regions.find(([, words]) => hasMatch(words, rest));
    if (region) {
      take(region[1]);
      filters.region = region[0];
    }
  }
  const listsKinds = kinds.length > 0 && !kinds.includes('cfp');
  const venue = W.venues.exec(rest);
  W.venues.lastIndex = 0;
  if (venue && listsKinds) {
    filters.venue = venue[0];
    cut(venue.index, venue.index + venue[0].length);
  }
  const year = YEAR.exec(rest);
  if (year && listsKinds && (filters.venue || kinds.length > 0) && !deadlineish) {
    filters.year = Number(year[1]);
    cut(year.index, year.index + year[0].length);
  }
  // "… but not benchmarks", 不要基准: a topic left out; "ECG or EEG": any of several topics.
  const except = W.topicExcept.exec(rest);
  if (except) {
    const left = cleanTopic(except[1]!);
    const kept = cleanTopic(rest.slice(0, except.index));
    if (left && (kept || kinds.length > 0)) {
      filters.exclude = left;
      cut(except.index, rest.length);
    }
  }
  // "MedQA 和 CBLUE 哪个需要申请": items compared, not alternatives of one topic.
  const comparison = readComparison(original, rest, (part) => cleanTopic(part));
  if (comparison) rest = comparison.rest;
  const alternatives = rest
    .split(W.topicOr)
    .map((part) => cleanTopic(part))
    .filter(Boolean);
  if (alternatives.length > 1 && !comparison) filters.anyOf = alternatives;
  const topic = cleanTopic(rest);
  if (kinds.length > 0) filters.kinds = kinds;
  if (status) filters.status = status;
  if (window) filters.window = window.window;

  // What shape of answer: facts need a topic; without one the words are filters of a list.
  let shape: Shape = 'list';
  let fact: Question['fact'];
  let asked: Question['asked'];
  if (code && topic && kinds.length === 0 && !codeFilter) {
    fact = 'code';
    shape = yesno ? 'yesno' : 'fact';
  } else if (code) {
    filters.hasCode = true;
  }
  if (!fact && how && topic && !access) {
    // "how do I get access to X": the dataset answer says how (the same as /dataset X).
    if (kinds.length === 0) filters.kinds = ['dataset'];
  } else if (!fact && access && topic && yesno && kinds.length === 0) {
    fact = 'access';
    shape = 'yesno';
    asked = access;
  } else if (access) {
    filters.access = access;
  } else if (how && !topic) {
    shape = 'list';
  }
  // "which conferences are held in November": the window is on the conference days.
  if (milestone?.type === 'conference' && filters.window && !topic) filters.held = true;
  // A named milestone with no item ("决赛什么时候") asks about the entries that have one.
  // "is X's registration open?" is a yes/no about X's status, not the date asked for.
  const statusAsked = Boolean(status && topic && yesno);
  if (!fact && milestone && milestone.type !== 'deadline' && !statusAsked && (topic || (!filters.window && !filters.status && shape === 'list'))) {
    fact = 'milestone';
    shape = 'fact';
  }
  if (!fact && (scale || modality) && topic) {
    fact = scale ? 'scale' : 'modality';
    shape = 'fact';
  }
  if (!fact && venueAsked && topic) {
    fact = 'venue';
    shape = 'fact';
  }
  if (!fact && link && topic) {
    fact = 'link';
    shape = 'fact';
  }
  if (!fact && status && topic && yesno) {
    fact = 'status';
    shape = 'yesno';
    asked = status === 'closed' ? 'closed' : 'open';
  }
  if (!fact) {
    if (count) shape = 'count';
    else if (next && (deadlineWord || deadlineish || status || kinds.some((k) => DEADLINE_KINDS.has(k)) || !topic)) shape = 'next';
    else if (all) shape = 'all';
  }
  if ((access || fact === 'access' || fact === 'scale' || fact === 'modality') && kinds.length === 0) filters.kinds = ['dataset'];

  const intent = intentOf({
    command,
    kinds,
    access: Boolean(access) || fact === 'access' || how,
    deadline: deadlineWord || deadlineish || Boolean(window) || Boolean(status) || shape === 'next' || fact === 'milestone' || fact === 'status',
    filters,
  });
  return {
    text: original,
    intent,
    topic,
    filters,
    ...(askedZone ? { zone: askedZone } : {}),
    ...(zoneOption && !askedZone ? { unknownZone: zoneOption } : {}),
    shape,
    ...(fact ? { fact } : {}),
    ...(fact === 'milestone' && milestone ? { milestone: { type: milestone.type, ...(milestone.label ? { label: milestone.label } : {}) } } : {}),
    ...(asked ? { asked } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(comparison ? { compare: comparison.compare } : {}),
  };
}

function intentOf(q: { command: string | undefined; kinds: Kind[]; access: boolean; deadline: boolean; filters: Filters }): QuestionIntent {
  if (q.command === 'deadline' || q.command === 'dataset' || q.command === 'paper') return q.command;
  const onlyNonDated = q.kinds.length > 0 && q.kinds.every((k) => !DEADLINE_KINDS.has(k));
  if (q.deadline && !onlyNonDated) return 'deadline';
  if (q.access || (q.kinds.length === 1 && q.kinds[0] === 'dataset')) return 'dataset';
  if (q.kinds.length === 1 && q.kinds[0] === 'paper') return 'paper';
  return 'search';
}

/** "help", "你能做什么", "how do I use this" → help; "thanks!", "你好" → small talk; else undefined. */
function wholeMessage(text: string): 'help' | 'smalltalk' | undefined {
  const W = questionWords();
  const bare = ` ${text.toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ')} `;
  if (!bare.trim()) return /^[??]+$/.test(text.trim()) ? 'help' : undefined;
  const noHelp = bare.replace(W.help, ' ');
  if (noHelp !== bare && !cleanTopic(noHelp.replace(W.smalltalk, ' '), true)) return 'help';
  const noTalk = bare.replace(W.smalltalk, ' ');
  if (noTalk !== bare && !cleanTopic(noTalk, true)) return 'smalltalk';
  return undefined;
}

/**
 * Something to do for the asker, said at the start of the message: "remind me about EMNLP",
 * "提醒我 NLPCC 截止" → follow (the topic names the item); "I'm in Tokyo", "把时区设为柏林",
 * "use UTC+2" → keep that zone as theirs, when the rest names a zone and nothing else ("I'm in
 * Tokyo, when is EMNLP due?" stays a question shown in Tokyo time); "reply in English", 用中文回答
 * (the whole message) → keep that reply language.
 */
function personalRequest(text: string): Pick<Question, 'intent' | 'topic' | 'shape' | 'zone' | 'settings'> | undefined {
  const W = questionWords();
  const language = W.languageSetting.exec(text);
  if (language) return { intent: 'settings', topic: '', shape: 'fact', settings: { language: /中文|汉语|chinese/i.test(language[0]) ? 'zh' : 'en' } };
  const zoneLead = W.zoneSetting.exec(text);
  if (zoneLead) {
    const named = text
      .slice(zoneLead[0].length)
      .replace(/[\p{P}\p{S}\s]+$/u, '')
      .replace(/\s*(?:time|时间|吧|了)$/i, '')
      .trim();
    const zone = named ? namedZone(named) : undefined;
    if (zone) return { intent: 'settings', topic: '', shape: 'fact', zone, settings: { zone: named } };
    // "set my time zone to Atlantis": a zone it cannot read is still a setting (/settings says why it failed).
    if (named && /zone|时区/i.test(zoneLead[0])) return { intent: 'settings', topic: '', shape: 'fact', settings: { zone: named } };
  }
  const followLead = W.followLead.exec(text);
  if (followLead) {
    const topic = cleanTopic(text.slice(followLead[0].length).replace(W.deadline, ' '));
    if (topic) return { intent: 'follow', topic, shape: 'fact' };
  }
  return undefined;
}

const BOT_WORDS =
  /(?<![\p{L}\p{N}])(?:bot|机器人|小助手|助手|there|so much|a lot|guys|you|呀|啦|哈|哦|喔|嗯|了|你|您|们|大家)(?![\p{L}\p{N}])|呀|啦|哈|哦|喔|嗯|你|您|们|大家|机器人/giu;

/** What is left of a question once filler is out: the topic ("有没有做病理的数据集" → "病理"). */
function cleanTopic(text: string, strict = false): string {
  const W = questionWords();
  let out = text.replace(W.filler, ' ');
  if (strict) out = out.replace(BOT_WORDS, ' ');
  out = out.replace(PUNCT, (m) => (/^[-+.#/&]+$/.test(m) ? m : ' '));
  out = out.replace(HAN_RUN, (run) => {
    const chars = [...run];
    while (chars.length && W.fillerChars.has(chars[0]!)) chars.shift();
    while (chars.length && W.fillerChars.has(chars[chars.length - 1]!)) chars.pop();
    // "有" left alone between removed words is not a topic ("里有代码的论文"); 有创 keeps it.
    return chars.length === 0 || (chars.length === 1 && chars[0] === '有') ? ' ' : chars.join('');
  });
  return (
    out
      .split(/\s+/)
      .filter((w) => w && !/^[-+.#/&]+$/.test(w))
      // A hyphen left at a word's edge joined it to removed filler ("ECG-related" → ECG).
      .map((w) => w.replace(/^-+|-+$/g, ''))
      .join(' ')
      .trim()
  );
}

function hasMatch(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}

/** Text that is a zone and nothing else: an IANA name, UTC±N, an abbreviation, or a place ("Tokyo", "伦敦", labelled as written in Chinese). */
function namedZone(text: string): { zone: string; label: string } | undefined {
  const parsed = parseZone(text);
  if (parsed) return { zone: parsed.zone, label: parsed.label };
  const place = zoneOfPlace(text);
  return place ? { zone: place.zone, label: /\p{Script=Han}/u.test(text) ? text : place.place } : undefined;
}

/** A zone option: an IANA name, UTC±N, an abbreviation, or a place ("Tokyo", "伦敦"). */
export function zoneFromOption(input: string): { zone: string; label: string } | undefined {
  const text = input.trim();
  if (!text) return undefined;
  const named = namedZone(text);
  if (named) return named;
  // "Tokyo time", "东京时间": a zone named in the option's words, when they say nothing else ("UTC+25" is no UTC).
  const inText = zoneInText(text, zoneOfPlace, chinesePlaceNames(), true);
  const rest = inText ? `${text.slice(0, inText.start)} ${text.slice(inText.end)}` : '';
  return inText && /^[\s\p{P}]*(?:time|时间)?[\s\p{P}]*$/iu.test(rest) ? { zone: inText.zone, label: inText.label } : undefined;
}
