/**
 * Reading /subscribe's options. Text platforms send one line
 * ("/subscribe cfp #NLP 30,7,1 Europe/Paris en digest=mon@09:00"); Discord sends named
 * options (filter, leads, zone, language, digest). Both end up here and are validated
 * the same way; a bad value is an error sentence in the user's language.
 */
import type { Kind } from '../catalog/schema.js';
import type { Lang } from '../bot/reply.js';
import type { Digest, SubscriptionFilter } from '../store/types.js';
import { parseZone } from '../time/zones.js';
import { parseDigest } from './digest.js';
import { announceMessages } from './messages.js';

const DEFAULT_LEADS = [30, 7, 1, 0];
const DEFAULT_ZONE = 'Asia/Shanghai';
const MAX_LEAD = 365;

export interface SubscribeOptions {
  filter: SubscriptionFilter;
  leads: number[];
  zone: string;
  lang: Lang;
  digest?: Digest;
}

const KIND_WORDS: Array<[RegExp, Kind]> = [
  [/^(?:cfps?|calls?|call-for-papers|征稿|会议征稿|征稿与合作)$/i, 'cfp'],
  [/^(?:competitions?|challenges?|contests?|竞赛|比赛|技术竞赛)$/i, 'competition'],
  [/^(?:papers?|论文)$/i, 'paper'],
  [/^(?:datasets?|data|数据|数据集|数据资源)$/i, 'dataset'],
  [/^(?:courses?|课程)$/i, 'course'],
];

function kindOf(word: string): Kind | undefined {
  return KIND_WORDS.find(([re]) => re.test(word))?.[1];
}

function langOf(word: string): Lang | undefined {
  if (/^(?:zh|zh-cn|cn|chinese|中文|汉语)$/i.test(word)) return 'zh';
  if (/^(?:en|en-us|english|英文|英语)$/i.test(word)) return 'en';
  return undefined;
}

type Result = { ok: true; value: SubscribeOptions } | { ok: false; error: string };

/** Parses either `args.query` (one line) or the named options; `lang` for messages, `postLangDefault` when none is given. */
export function parseSubscribe(args: Record<string, string | undefined>, lang: Lang, postLangDefault: Lang = lang): Result {
  const A = announceMessages(lang);
  const kinds: Kind[] = [];
  const tags: string[] = [];
  const words: string[] = [];
  let leads: number[] | undefined;
  let zone: string | undefined;
  let postLang: Lang | undefined;
  let digest: Digest | undefined;

  const setLeads = (v: string): string | undefined => {
    const parts = v
      .replace(/[，、\s]+/g, ',')
      .replace(/d(?=,|$)/gi, '')
      .split(',')
      .filter(Boolean);
    const n = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
    if (!parts.length || n.some((x) => !Number.isInteger(x) || x < 0 || x > MAX_LEAD)) return A.badLeads(v);
    leads = [...new Set(n)].sort((a, b) => b - a);
    return undefined;
  };
  const setZone = (v: string): string | undefined => {
    const z = parseZone(v);
    if (!z) return A.badZone(v);
    zone = z.zone;
    return undefined;
  };
  const setLang = (v: string): string | undefined => {
    const l = langOf(v);
    if (!l) return A.badLang(v);
    postLang = l;
    return undefined;
  };
  const setDigest = (v: string): string | undefined => {
    const d = v === '' || /^(?:on|yes|weekly|true)$/i.test(v) ? { weekday: 1, time: '09:00' } : parseDigest(v);
    if (!d) return A.badDigest(v);
    digest = d;
    return undefined;
  };

  // Named options (Discord), then the one-line form.
  const named: Array<[string | undefined, (v: string) => string | undefined]> = [
    [args.leads, setLeads],
    [args.zone, setZone],
    [args.language ?? args.lang, setLang],
    [args.digest, setDigest],
  ];
  for (const [value, set] of named) {
    if (value === undefined || value.trim() === '') continue;
    const error = set(value.trim());
    if (error) return { ok: false, error };
  }
  // "digest=周一 09:00": the time written apart from the day belongs to the digest.
  const line = [args.filter, args.query]
    .filter(Boolean)
    .join(' ')
    .replace(/((?:digest|weekly)[=:]\S+)\s+(\d{1,2}:\d{2})(?=\s|$)/gi, '$1@$2')
    .trim();
  for (const token of line.split(/\s+/).filter(Boolean)) {
    const kv = /^([a-z]+)[=:](.*)$/i.exec(token);
    let error: string | undefined;
    if (kv) {
      const [, key, value] = kv as unknown as [string, string, string];
      const k = key.toLowerCase();
      if (/^leads?$/.test(k)) error = setLeads(value);
      else if (/^(?:zone|tz|timezone)$/.test(k)) error = setZone(value);
      else if (/^(?:lang|language)$/.test(k)) error = setLang(value);
      else if (k === 'digest' || k === 'weekly') error = setDigest(value);
      else if (/^kinds?$/.test(k)) {
        for (const w of value.split(',')) {
          const kind = kindOf(w);
          if (!kind) return { ok: false, error: A.badFilter(w) };
          kinds.push(kind);
        }
      } else if (/^tags?$/.test(k)) tags.push(...value.split(',').filter(Boolean));
      else if (/^(?:q|query|search)$/.test(k)) words.push(value);
      else if (/^(?:utc|gmt)$/.test(k)) error = setZone(token);
      else words.push(token);
    } else if (/^-\d/.test(token) || /^\d[\d,d]*$/i.test(token)) {
      error = setLeads(token);
    } else if (/^#\S+/.test(token)) {
      tags.push(token.slice(1));
    } else if (/^(?:digest|weekly|每周摘要|周报)$/i.test(token)) {
      error = setDigest('');
    } else if (langOf(token) && !postLang) {
      postLang = langOf(token);
    } else if (/\/|^(?:UTC|GMT)[+\-−]\d|^AoE$|^北京时间$/i.test(token) && parseZone(token)) {
      zone = parseZone(token)!.zone;
    } else if (/\//.test(token)) {
      error = A.badZone(token);
    } else if (kindOf(token)) {
      kinds.push(kindOf(token)!);
    } else {
      words.push(token);
    }
    if (error) return { ok: false, error };
  }
  const filter: SubscriptionFilter = {
    ...(kinds.length ? { kinds: [...new Set(kinds)] } : {}),
    ...(tags.length ? { tags: [...new Set(tags)] } : {}),
    ...(words.length ? { query: words.join(' ') } : {}),
  };
  return {
    ok: true,
    value: { filter, leads: leads ?? DEFAULT_LEADS, zone: zone ?? DEFAULT_ZONE, lang: postLang ?? postLangDefault, ...(digest ? { digest } : {}) },
  };
}
