/**
 * The tricky seed directory (test/fixtures/tricky-seeds): version numbers and model
 * names next to deadline words, dates quoted from other events, statuses with check
 * dates, conferences in several zones, glued and misattributed descriptions — in
 * both languages. Each rule of "From a seed line to a reply" has its cases here.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { toItem } from '../../src/bot/items.js';
import { calendarFeed } from '../../src/calendar/feed.js';
import type { Entry } from '../../src/catalog/schema.js';
import { catalogItemJson } from '../../adapters/console/json.js';
import { at } from '../helpers.js';

const DIR = new URL('../fixtures/tricky-seeds/', import.meta.url).pathname;
const catalog = loadCatalog(DIR);
const entry = (title: string): Entry => {
  const found = catalog.entries.find((e) => e.title === title);
  if (!found) throw new Error(`no entry ${title}`);
  return found;
};
const problemsAt = (source: string) => catalog.problems.filter((p) => `${p.file}:${p.line}` === source);
const lines = (e: Entry, lang: 'zh' | 'en', now: string) => toItem(e, { lang, now: at(now), milestones: true }).fields.map((f) => `${f.label}: ${f.value}`);

describe('the tricky seed directory', () => {
  it('holds at least 40 entries in both languages, with no errors', () => {
    expect(catalog.entries.length).toBeGreaterThanOrEqual(40);
    expect(catalog.entries.some((e) => /\p{Script=Han}/u.test(e.descriptions[0] ?? ''))).toBe(true);
    expect(catalog.entries.some((e) => /^[\x20-\x7e]+$/.test(e.descriptions[0] ?? ''))).toBe(true);
    expect(catalog.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('dates only where the text states one', () => {
  it.each([
    '闭源模型对比研究', // closed-source models, Claude- 4.6
    'GPT-4.1 临床摘要评测', // due to, submission-free, deadline-aware, 3.5-turbo
    '版本化数据管线', // v2.2, phase 2.3, 1.5 resources, deadlines 3-5 days
    '模型发布时间线', // Qwen2.5 发布, 截止 3.5 版本
    'Claude-4.6 的医学推理', // Claude-4.6-opus closes the gap
    '胸片数据集 v2.1.0', // released with 3.5-turbo, v2.2 notes
    '截止日期感知的排班模型', // deadline-aware, 截止 2.3 版本
    '中文模型名 4.6 版', // ChatGLM-4.6, 6.17 万条
    '数字区间', // 3.5-4.1 years, 12.5-13.7 months
    '数据截止时间', // 数据截止 2024 年 6 月 (no day), v1.2 截止
    '中国大学 MOOC:医学影像 AI 导论', // PyTorch 2.3, MONAI 1.5
  ])('%s: no milestone from versions, model names, ranges or compound words', (title) => {
    expect(entry(title).milestones).toEqual([]);
    expect(entry(title).deadline).toBeUndefined();
  });

  it("a date inside a quotation of another event is not this entry's date, and lint says so", () => {
    expect(entry('引用他人挑战赛的论文').milestones).toEqual([]);
    expect(entry('引号中的截止日期').milestones).toEqual([]);
    expect(entry('MIDL 2026 征稿').milestones.map((m) => m.at)).toEqual(['2026-03-10T23:59:59-12:00']);
    expect(entry('眼底影像挑战赛').deadline).toMatchObject({ at: '2026-09-30T23:59:00Z', wording: 'deadline is 2026-09-30 23:59 UTC' });
    expect(problemsAt('b_quotes.txt:1')).toContainEqual(
      expect.objectContaining({ reason: expect.stringContaining('inside a quotation'), words: '"submissions due 2025-07-15 AoE"' }),
    );
  });

  it('papers and datasets carry a deadline only from a deadline sentence, and lint quotes each one', () => {
    expect(entry('临床笔记 1.5').deadline).toBeUndefined(); // "admissions until 2019-12-31"
    expect(problemsAt('a_versions.txt:13')[0]).toMatchObject({ words: 'until 2019-12-31' });
    expect(entry('心电申请数据集').deadline?.at).toBe('2026-06-30T23:59:59-12:00');
    expect(entry('研讨会论文').deadline?.at).toBe('2026-02-01T23:59:59-12:00');
    expect(entry('配套研讨会论文').deadline?.at).toBe('2026-05-01T23:59:59+08:00');
    const withDeadline = catalog.entries.filter((e) => (e.kind === 'paper' || e.kind === 'dataset') && e.deadline);
    for (const e of withDeadline) {
      expect(catalog.problems).toContainEqual(expect.objectContaining({ file: e.sources[0]!.split(':')[0], reason: `${e.kind} has a deadline`, words: e.deadline!.wording }));
    }
    expect(withDeadline).toHaveLength(3);
  });

  it('short dates count inside phase and milestone phrases, with the year of the entry', () => {
    expect(entry('睡眠监测算法挑战赛').milestones.map((m) => [m.label, m.at, m.end])).toEqual([
      ['初赛', '2026-06-17T00:00:00+08:00', '2026-08-07T23:59:59+08:00'],
      ['截止', '2026-08-07T23:59:59+08:00', undefined],
      ['决赛', '2026-09-21T00:00:00+08:00', undefined],
    ]);
    expect(entry('医疗大模型安全挑战赛').milestones.map((m) => [m.type, m.at])).toEqual([
      ['deadline', '2026-07-01T23:59:00+08:00'],
      ['phase', '2026-07-10T00:00:00+08:00'],
    ]);
    const chip = entry('CHIP 2026 征稿');
    expect(chip.milestones.map((m) => [m.type, m.at, m.yearAssumed ?? false])).toEqual([
      ['deadline', '2026-07-10T23:59:59+08:00', false],
      ['notification', '2026-08-15T23:59:59+08:00', true],
      ['conference', '2026-10-16T00:00:00+08:00', false],
    ]);
    expect(entry('Frontiers 专刊:LLM 4.0 时代的医学').milestones.map((m) => m.type)).toEqual(['deadline']);
  });
});

describe('venue-local days', () => {
  it.each([
    ['ACL 2027 征稿', 'Europe/Vienna', 'Vienna', '2027-07-26T00:00:00+02:00'],
    ['MICCAI 2026 征稿', 'Asia/Seoul', 'Daejeon', '2026-09-27T00:00:00+09:00'],
    ['NAACL 2027 征稿', 'America/Denver', 'Albuquerque', '2027-05-03T00:00:00-06:00'],
    ['AMIA 2026 征稿', 'America/Los_Angeles', 'Los Angeles', '2026-11-07T00:00:00-08:00'],
    ['ML4H 2026 征稿', 'Australia/Sydney', 'Sydney', '2026-12-05T00:00:00+11:00'],
    ['MedInfo 2027 征稿', 'Australia/Brisbane', 'Brisbane', '2027-08-14T00:00:00+10:00'],
    ['CCKS 2026 征稿', 'Asia/Shanghai', '南京', '2026-08-20T00:00:00+08:00'],
  ])('%s: conference days are %s days', (title, zone, place, start) => {
    const m = entry(title).milestones.find((x) => x.type === 'conference')!;
    expect(m).toMatchObject({ allDay: true, zone, localTo: place, zoneAssumed: false, at: start });
  });

  it("a phase held in a named city is that city's days too; an unknown place keeps the assumed zone", () => {
    expect(entry('心脏影像分割挑战赛').milestones.at(-1)).toMatchObject({ zone: 'America/Vancouver', localTo: 'Vancouver' });
    expect(entry('临床对话智能体挑战赛').milestones.at(-1)).toMatchObject({ zone: 'Asia/Shanghai', localTo: '深圳' });
    const chil = entry('CHIL 2027 征稿').milestones.find((m) => m.type === 'conference')!;
    expect(chil).toMatchObject({ place: 'Atlantis', zoneAssumed: true });
    expect(chil.localTo).toBeUndefined();
  });

  it('replies say whose local days they are; the feed keeps them all-day in the venue zone', () => {
    expect(lines(entry('ACL 2027 征稿'), 'en', '2027-01-01T00:00:00+08:00')).toContain('Conference: 2027-07-26 – 2027-07-30 (Vienna local dates) (starts in 206 days)');
    expect(lines(entry('CCKS 2026 征稿'), 'zh', '2026-05-01T00:00:00+08:00').join('\n')).toContain('2026-08-20 – 2026-08-23 (南京 当地日期)');
    const feed = calendarFeed([entry('ML4H 2026 征稿')], { lang: 'en', stamp: new Date('2026-01-01T00:00:00Z') });
    expect(feed).toContain('DTSTART;VALUE=DATE:20261205');
    expect(feed).toContain('Sydney local dates');
  });
});

describe('"as of" statuses', () => {
  const status = (title: string, lang: 'zh' | 'en', now: string) => lines(entry(title), lang, now).find((l) => /^(Status|状态): /.test(l));

  it("a status with a check date is shown as of that date, the source's wording marked in the other language", () => {
    expect(status('睡眠监测算法挑战赛', 'zh', '2026-05-20T12:00:00+08:00')).toBe('状态: 报名入口公开,赛程未来阶段仍开放(2026-05-03 核验)');
    expect(status('睡眠监测算法挑战赛', 'en', '2026-05-20T12:00:00+08:00')).toBe("Status: source's wording: “报名入口公开,赛程未来阶段仍开放” (as of 2026-05-03)");
    expect(status('眼底影像挑战赛', 'zh', '2026-05-20T12:00:00+08:00')).toBe('状态: 原文:“Registration open”(2026-04-20 核验)');
    expect(status('医疗大模型安全挑战赛', 'en', '2026-05-20T12:00:00+08:00')).toBe('Status: Submissions open until the deadline (as of 2026-05-10)');
  });

  it('after the deadline an open-sounding status is not presented as current', () => {
    expect(status('睡眠监测算法挑战赛', 'zh', '2026-09-01T12:00:00+08:00')).toBe(
      '状态: 截至 2026-05-03 的状态:报名入口公开,赛程未来阶段仍开放;截止日期 2026-08-07 已过,此状态已不是当前状态',
    );
    expect(status('睡眠监测算法挑战赛', 'en', '2026-09-01T12:00:00+08:00')).toBe(
      "Status: status as of 2026-05-03: source's wording: “报名入口公开,赛程未来阶段仍开放”; the deadline 2026-08-07 has passed, so this is no longer current",
    );
    expect(status('基因组变异挑战赛', 'en', '2026-06-01T12:00:00+08:00')).toContain('no check date');
    expect(status('心脏影像分割挑战赛', 'zh', '2026-07-01T12:00:00+08:00')).toContain('截止日期 2026-06-15 已过');
    // A closed status stays as it is.
    expect(status('病理报告生成挑战赛', 'zh', '2026-06-01T12:00:00+08:00')).toBe('状态: 已结束(2026-03-01 核验)');
  });
});

describe('descriptions that belong to another item', () => {
  it('give nothing to the entry: no link, no date, no summary; they stay in the export, flagged', () => {
    const spine = entry('SpineNet:脊柱 MRI 分割');
    expect(spine.links).toEqual(['https://github.com/x/spinenet']);
    expect(spine.descriptions.join(' ')).not.toContain('RetinaGPT');
    const discharge = entry('能否用 LLM 做出院小结?');
    expect(discharge.links).toEqual([]);
    expect(discharge.milestones).toEqual([]);
    expect(toItem(discharge, { lang: 'en', now: at('2026-05-01T00:00:00+08:00') }).summary).toContain('discharge summaries');
    const json = catalogItemJson(discharge, catalog.problems);
    expect(json.descriptions.filter((d) => !d.used)).toEqual([expect.objectContaining({ text: expect.stringContaining('DermaBench'), sources: ['f_duplicates.txt:3'] })]);
    expect(json.lint).toContainEqual(expect.objectContaining({ source: 'f_duplicates.txt:3', words: 'We introduce DermaBench' }));
  });

  it('a glued header makes two entries, each with its own link', () => {
    expect(entry('GluedOne:第一篇').links).toEqual(['https://github.com/x/gluedone']);
    expect(entry('GluedTwo:第二篇').links).toEqual(['https://github.com/x/gluedtwo']);
  });
});

describe('duplicates with conflicting deadlines', () => {
  it('get their own warning naming both places', () => {
    expect(catalog.problems).toContainEqual(expect.objectContaining({ reason: expect.stringMatching(/disagree on the deadline: .*f_duplicates\.txt:5.* vs .*g_more\.txt:1/) }));
    expect(entry('JBI 专刊:临床 NLP').deadline?.at).toBe('2026-06-30T23:59:59+08:00');
  });
});
