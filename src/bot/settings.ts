/**
 * /settings, the words: reading its options (zone, language, leads; named options or one line
 * "Tokyo en 7,1,0" / "zone=柏林 lang=zh") into a change of a person's settings, and the lines
 * that show them, in both languages. A bad value is a sentence in the asker's language.
 */
import { FOLLOW_LEADS } from '../announce/follow.js';
import type { PersonSettings } from '../store/types.js';
import { readPersonZone } from '../time/person-zone.js';
import type { Lang } from './reply.js';

/** The leads a follow gets when the person set none. */
const MAX_LEAD = 365;
/** A value that clears its setting back to the default. */
const RESET = /^(?:reset|default|none|clear|off|默认|重置|清除)$/i;

/** What to change: a value sets it, null clears it, absent leaves it. */
export interface SettingsChange {
  zone?: string | null;
  lang?: Lang | null;
  leads?: number[] | null;
}

const TEXT = {
  zh: {
    heading: '你的设置:',
    saved: '已保存。你的设置:',
    zone: (z: string) => `时区:${z}(时间显示为你的时区、原文时区与北京时间)`,
    noZone: '时区:未设置(显示原文时区与北京时间)',
    lang: (l: Lang) => `语言:${l === 'zh' ? '中文' : 'English'}`,
    noLang: '语言:未设置(跟随你提问所用的语言)',
    leads: (l: string) => `关注的提醒:截止前 ${l} 天`,
    noLeads: (l: string) => `关注的提醒:未设置(截止前 ${l} 天)`,
    change: '修改:/settings zone:东京 language:zh leads:7,1,0(某项写 reset 恢复默认)',
    badZone: (v: string) => `“${v}”不是我认识的时区或城市:请写城市(东京、Berlin)、IANA 名称(Europe/Berlin)或 UTC+2。`,
    badLang: (v: string) => `“${v}”不是支持的语言:请写 zh 或 en。`,
    badLeads: (v: string) => `“${v}”不是有效的提前天数:请写 0 到 ${MAX_LEAD} 之间的整数,用逗号分隔,例如 7,1,0。`,
    unknown: (v: string) => `看不懂“${v}”:请写时区(城市、IANA 名称或 UTC±N)、语言(zh/en)或提前天数(如 7,1,0)。`,
    noStore: '个人设置需要运行中的机器人(npm start,并配置数据库);命令行问答模式不保存设置。',
    noPerson: '这里无法确认你是谁,设置无法保存:请在与我的私聊中使用 /settings。',
    privately: '设置只属于你:也可以在与我的私聊中查看和修改。',
  },
  en: {
    heading: 'Your settings:',
    saved: 'Saved. Your settings:',
    zone: (z: string) => `Time zone: ${z} (times are shown in it, next to the source zone and Beijing time)`,
    noZone: 'Time zone: not set (times in the source zone and Beijing time)',
    lang: (l: Lang) => `Language: ${l === 'zh' ? '中文' : 'English'}`,
    noLang: 'Language: not set (the language you write in)',
    leads: (l: string) => `Reminders of what you follow: ${l} days before`,
    noLeads: (l: string) => `Reminders of what you follow: not set (${l} days before)`,
    change: 'Change: /settings zone:Tokyo language:en leads:7,1,0 (reset puts one back to the default)',
    badZone: (v: string) => `"${v}" is not a time zone or city I know: write a city (Tokyo, 柏林), an IANA name (Europe/Berlin) or UTC+2.`,
    badLang: (v: string) => `"${v}" is not a language I speak: write zh or en.`,
    badLeads: (v: string) => `"${v}" are not days before a deadline: write whole numbers from 0 to ${MAX_LEAD}, separated by commas, e.g. 7,1,0.`,
    unknown: (v: string) => `I cannot read "${v}": write a time zone (a city, an IANA name or UTC±N), a language (zh/en) or days before (e.g. 7,1,0).`,
    noStore: 'Settings need the running bot (npm start with a database); the command-line mode does not keep them.',
    noPerson: 'I cannot tell who you are here, so settings cannot be saved: use /settings in a private chat with me.',
    privately: 'Your settings are yours alone: you can also see and change them in a private chat with me.',
  },
} as const;

export function settingsMessages(lang: Lang) {
  return TEXT[lang];
}

function readLang(v: string): Lang | undefined {
  if (/^(?:zh|zh-cn|zh-hans|cn|chinese|中文|汉语)$/i.test(v)) return 'zh';
  if (/^(?:en|en-us|en-gb|english|英文|英语)$/i.test(v)) return 'en';
  return undefined;
}

function readLeads(v: string): number[] | undefined {
  const parts = v
    .replace(/[，、;；\s]+/g, ',')
    .replace(/(?:d|天)(?=,|$)/gi, '')
    .split(',')
    .filter(Boolean);
  if (!parts.length || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > MAX_LEAD)) return undefined;
  return [...new Set(parts.map(Number))].sort((a, b) => b - a);
}

type Result = { ok: true; change: SettingsChange } | { ok: false; error: string };

const KEYS: Array<[RegExp, 'zone' | 'lang' | 'leads']> = [
  [/^(?:zone|tz|timezone|时区)$/i, 'zone'],
  [/^(?:lang|language|语言)$/i, 'lang'],
  [/^(?:leads?|reminders?|提前|提醒)$/i, 'leads'],
];

/** The change the options ask for: named options (zone, language, leads) and/or one line in `query`. */
export function parseSettings(args: Record<string, string | undefined>, lang: Lang): Result {
  const T = TEXT[lang];
  const change: SettingsChange = {};
  const set = (key: 'zone' | 'lang' | 'leads', raw: string): string | undefined => {
    const v = raw.trim();
    if (RESET.test(v)) {
      change[key] = null;
      return undefined;
    }
    if (key === 'zone') {
      const zone = readPersonZone(v);
      if (!zone) return T.badZone(v);
      change.zone = zone;
    } else if (key === 'lang') {
      const l = readLang(v);
      if (!l) return T.badLang(v);
      change.lang = l;
    } else {
      const leads = readLeads(v);
      if (!leads) return T.badLeads(v);
      change.leads = leads;
    }
    return undefined;
  };
  for (const [value, key] of [
    [args.zone, 'zone'],
    [args.language ?? args.lang, 'lang'],
    [args.leads, 'leads'],
  ] as const) {
    if (value === undefined || !value.trim()) continue;
    const error = set(key, value);
    if (error) return { ok: false, error };
  }
  // One line: key=value pairs, a language word, a list of days; what is left is the zone ("New York").
  const rest: string[] = [];
  for (const token of (args.query ?? '').split(/\s+/).filter(Boolean)) {
    const kv = /^([^=:：]+)[=:：](.+)$/.exec(token);
    const key = kv ? KEYS.find(([re]) => re.test(kv[1]!))?.[1] : undefined;
    let error: string | undefined;
    if (kv && key) error = set(key, kv[2]!);
    else if (readLang(token) && change.lang === undefined) change.lang = readLang(token)!;
    else if (/^\d{1,3}(?:[,，、]\d{1,3})*(?:[,，、])?$/.test(token) && change.leads === undefined) error = set('leads', token);
    else rest.push(token);
    if (error) return { ok: false, error };
  }
  if (rest.length) {
    const text = rest.join(' ');
    if (change.zone !== undefined) return { ok: false, error: T.unknown(text) };
    const error = set('zone', text);
    if (error) return { ok: false, error };
  }
  return { ok: true, change };
}

/** The settings after a change, stamped `updatedAt`. */
export function applyChange(person: string, before: PersonSettings | undefined, change: SettingsChange, updatedAt: string): PersonSettings {
  const next: PersonSettings = { person, updatedAt };
  const pick = <K extends 'zone' | 'lang' | 'leads'>(key: K): PersonSettings[K] | undefined => {
    const v = change[key];
    return v === null ? undefined : ((v as PersonSettings[K] | undefined) ?? before?.[key]);
  };
  const zone = pick('zone');
  const lang = pick('lang');
  const leads = pick('leads');
  if (zone) next.zone = zone;
  if (lang) next.lang = lang;
  if (leads) next.leads = leads;
  return next;
}

/** The lines that show a person's settings. */
export function describeSettings(s: PersonSettings | undefined, lang: Lang): string[] {
  const T = TEXT[lang];
  return [s?.zone ? T.zone(s.zone) : T.noZone, s?.lang ? T.lang(s.lang) : T.noLang, s?.leads ? T.leads(s.leads.join(', ')) : T.noLeads(FOLLOW_LEADS.join(', ')), T.change];
}
