import { describe, expect, it } from 'vitest';
import { parseQuestion, zoneFromOption } from '../../src/question/parse.js';
import { numberOf } from '../../src/question/window.js';
import { cleanInput } from '../../src/bot/input.js';
import { at } from '../helpers.js';

const now = at('2026-05-20T12:00:00+08:00');
const parse = (text: string, extra: { zone?: string; command?: string } = {}) => parseQuestion(text, { now, lang: /\p{Script=Han}/u.test(text) ? 'zh' : 'en', ...extra });

describe('parseQuestion: small talk and help', () => {
  it.each(['thanks!', '谢谢', '你好', '在吗', 'hi there', '谢谢你!', 'good morning'])('%s is small talk', (q) => {
    expect(parse(q)).toMatchObject({ intent: 'help', shape: 'smalltalk' });
  });
  it.each(['你能做什么', 'how do I use this', 'what can you do?', '怎么用', 'help', '?'])('%s asks for help', (q) => {
    expect(parse(q)).toMatchObject({ intent: 'help', shape: 'help' });
  });
  it('a greeting with a question is a question', () => {
    expect(parse('hi, any ECG datasets?')).toMatchObject({ intent: 'dataset', topic: 'ECG', shape: 'list' });
    expect(parse('你好,有没有心电的论文')).toMatchObject({ intent: 'paper', topic: '心电' });
  });
});

describe('parseQuestion: filler never becomes a topic', () => {
  it.each([
    ['有没有做病理的数据集', '病理', 'dataset'],
    ['脑电图相关的工作', '脑电图', 'paper'],
    ['帮我找一下关于麻醉的论文', '麻醉', 'paper'],
    ['有创机械通气', '有创机械通气', 'search'],
    ['papers about ECG', 'ECG', 'paper'],
    ['could you find me some datasets on chest x-ray', 'chest x-ray', 'dataset'],
    ['doctor r1', 'doctor r1', 'search'],
    // The words joining a kind to its topic ask, they do not name it.
    ['papers that mention GPT-4', 'GPT-4', 'paper'],
    ['recommend me some benchmark datasets for Chinese medical LLMs', 'benchmark Chinese medical LLMs', 'dataset'],
    ['any suggestions for ECG papers', 'ECG', 'paper'],
    ['papers discussing EEG', 'EEG', 'paper'],
    ['any papers focused on ECG?', 'ECG', 'paper'],
    ['papers dealing with sleep apnea', 'sleep apnea', 'paper'],
    ['datasets to do with clinical notes', 'clinical notes', 'dataset'],
    ['ECG-related papers', 'ECG', 'paper'],
    ['a paper on the topic of anesthesia', 'anesthesia', 'paper'],
    ['哪些论文提到了 GPT-4', 'GPT-4', 'paper'],
    ['讲心电的论文', '心电', 'paper'],
    ['涉及脑电的论文', '脑电', 'paper'],
    ['针对病理的数据集', '病理', 'dataset'],
    // ...and a word that only looks like one stays ("discussion", "coverage").
    ['discussion generation', 'discussion generation', 'search'],
  ])('%s → topic "%s" (%s)', (q, topic, intent) => {
    expect(parse(q)).toMatchObject({ topic, intent });
  });
});

describe('parseQuestion: kinds', () => {
  it('reads kinds in both languages', () => {
    expect(parse('两个月内截止的比赛').filters.kinds).toEqual(['competition']);
    expect(parse('calls for papers about NLP').filters.kinds).toEqual(['cfp']);
    expect(parse('6月截止的征稿和比赛').filters.kinds).toEqual(['competition', 'cfp']);
    // Traditional input is simplified by cleanInput before the parser reads it.
    expect(parse(cleanInput('醫學影像的資料集').text).filters.kinds).toEqual(['dataset']);
    expect(parse(cleanInput('心電相關的論文').text)).toMatchObject({ intent: 'paper', topic: '心电' });
    expect(parse(cleanInput('EMNLP 截稿時間').text)).toMatchObject({ intent: 'deadline', topic: 'EMNLP' });
  });
  it('a slash command gives its kind', () => {
    expect(parse('ECG', { command: 'paper' })).toMatchObject({ intent: 'paper', topic: 'ECG', filters: { kinds: ['paper'] } });
  });
});

describe('parseQuestion: access is a filter or a yes/no, never a search word', () => {
  it.each([
    ['哪些数据不用申请就能下', 'open'],
    ['datasets that need credentialing', 'apply'],
    ['open access datasets', 'open'],
    ['需要申请的数据集有哪些', 'apply'],
  ])('%s → access %s over datasets', (q, access) => {
    expect(parse(q)).toMatchObject({ intent: 'dataset', topic: '', filters: { kinds: ['dataset'], access } });
  });
  it.each([
    ['CBLUE 要申请吗', 'CBLUE', 'apply'],
    ['MedDG 用不用申请', 'MedDG', 'apply'],
    ['is MedQA free to download?', 'MedQA', 'open'],
    ['do I need to apply for MIMIC-CXR?', 'MIMIC-CXR', 'apply'],
  ])('%s → yes/no about %s (asked %s)', (q, topic, asked) => {
    expect(parse(q)).toMatchObject({ topic, shape: 'yesno', fact: 'access', asked });
  });
  it('"how do I get access to X" is the dataset answer about X (which says how), as /dataset X is', () => {
    expect(parse('how do I get access to MIMIC-IV-Note')).toMatchObject({ intent: 'dataset', topic: 'MIMIC-IV-Note', shape: 'list', filters: { kinds: ['dataset'] } });
    expect(parse('MIMIC-CXR 怎么申请')).toMatchObject({ intent: 'dataset', topic: 'MIMIC-CXR', shape: 'list' });
  });
  it('access words about papers stay words', () => {
    expect(parse('free nitro papers').filters.access).toBeUndefined();
  });
});

describe("parseQuestion: the asker's own zone and plain-word requests", () => {
  it('"in my time" asks for the asker\'s zone (the default), and names no topic', () => {
    expect(parse("what's the deadline for EMNLP in my time")).toMatchObject({ intent: 'deadline', topic: 'EMNLP' });
    expect(parse('EMNLP 截止时间按我的时区')).toMatchObject({ intent: 'deadline', topic: 'EMNLP' });
  });
  it('full-width letters and digits are read as plain ones', () => {
    expect(parse(cleanInput('ＥＣＧ　論文').text)).toMatchObject({ intent: 'paper', topic: 'ECG' });
  });
  it('"downloadable" asks for open access; "download" alone is no topic', () => {
    expect(parse('downloadable datasets').filters).toMatchObject({ kinds: ['dataset'], access: 'open' });
    expect(parse('which datasets can I download without applying')).toMatchObject({ topic: '', filters: { access: 'open' } });
  });
});

describe('parseQuestion: several topics, or one left out', () => {
  it('"or" asks for any of the topics', () => {
    expect(parse('ECG or EEG papers')).toMatchObject({ intent: 'paper', topic: 'ECG EEG', filters: { anyOf: ['ECG', 'EEG'] } });
    expect(parse('心电或脑电的论文').filters.anyOf).toEqual(['心电', '脑电']);
    // 或许 is "perhaps", not "or".
    expect(parse('或许有心电的论文').filters.anyOf).toBeUndefined();
  });
  it('"but not", 除了…以外 leave a topic out, also of a whole kind', () => {
    expect(parse('papers about ECG but not benchmarks')).toMatchObject({ topic: 'ECG', filters: { exclude: 'benchmarks' } });
    expect(parse('除了心电以外的论文')).toMatchObject({ topic: '', filters: { kinds: ['paper'], exclude: '心电' } });
    // With neither a topic nor a kind kept, nothing is left out ("not about" alone names the topic).
    expect(parse('not about ECG').filters.exclude).toBeUndefined();
  });
});

describe('parseQuestion: how many to list', () => {
  it('a number right before a kind word, or asked for with its measure word, limits the list', () => {
    expect(parse('give me 3 papers about ECG')).toMatchObject({ intent: 'paper', topic: 'ECG', limit: 3 });
    expect(parse('top 5 datasets')).toMatchObject({ topic: '', limit: 5 });
    expect(parse('推荐三篇关于医学影像的论文')).toMatchObject({ topic: '医学影像', limit: 3 });
    expect(parse('5个数据集')).toMatchObject({ topic: '', limit: 5 });
    // A word saying which ones between the number and the kind ("the two most recent papers").
    expect(parse('give me the two most recent papers on LLM agents')).toMatchObject({ intent: 'paper', topic: 'LLM agents', limit: 2 });
    // Two or more with a measure word, the kind word further on.
    expect(parse('最新的两篇心电论文')).toMatchObject({ intent: 'paper', topic: '心电', limit: 2 });
  });
  it('a year, "a", 几篇 or a count inside the topic is no limit', () => {
    for (const text of ['ICLR 2026 papers about segmentation', 'is there a dataset for ECG', '推荐几篇心电的论文', '10个任务的基准', '有没有一个关于心电的数据集', '第二篇论文'])
      expect(parse(text).limit, text).toBeUndefined();
  });
});

describe('parseQuestion: status', () => {
  it('open about competitions and calls is a status', () => {
    expect(parse('any competitions still open?')).toMatchObject({ intent: 'deadline', filters: { kinds: ['competition'], status: 'open' } });
    expect(parse('open competitions').filters).toMatchObject({ status: 'open' });
    expect(parse('还没截止的征稿').filters).toMatchObject({ kinds: ['cfp'], status: 'open' });
    expect(parse('已截止的比赛').filters).toMatchObject({ kinds: ['competition'], status: 'closed' });
    expect(parse('哪些比赛已经结束了')).toMatchObject({ topic: '', filters: { kinds: ['competition'], status: 'closed' } });
  });
  it('asked about one entry it is a yes/no', () => {
    expect(parse('is NLPCC still open?')).toMatchObject({ topic: 'NLPCC', shape: 'yesno', fact: 'status', asked: 'open' });
  });
  it('asks whether it has closed, in either language and A-not-A form', () => {
    for (const text of ['EMNLP 截止了吗', 'EMNLP 截止了没', 'has EMNLP closed?', 'is the EMNLP deadline passed?']) {
      expect(parse(text), text).toMatchObject({ topic: 'EMNLP', shape: 'yesno', fact: 'status', asked: 'closed' });
    }
  });
});

describe('parseQuestion: how many, or a few', () => {
  it('几个 asks how many, except after a verb asking for some ("推荐几个", "给我几篇")', () => {
    expect(parse('有几个胸片数据集')).toMatchObject({ topic: '胸片', shape: 'count' });
    expect(parse('给我推荐几个胸片数据集')).toMatchObject({ topic: '胸片', shape: 'list' });
    expect(parse('推荐几篇病理论文')).toMatchObject({ topic: '病理', shape: 'list' });
  });
});

describe('parseQuestion: years', () => {
  it('a year written with 年 is a year filter, not a topic "年"', () => {
    expect(parse('2026年的 ICLR 论文有多少篇')).toMatchObject({ topic: '', shape: 'count', filters: { kinds: ['paper'], venue: 'ICLR', year: 2026 } });
    expect(parse('有多少篇2025年的论文')).toMatchObject({ topic: '', shape: 'count', filters: { kinds: ['paper'], year: 2025 } });
    expect(parse('how many ICLR 2026 papers are there')).toMatchObject({ topic: '', shape: 'count', filters: { venue: 'ICLR', year: 2026 } });
  });
});

describe('parseQuestion: code and links', () => {
  it('with a named entry, code is a fact; with a kind, a filter', () => {
    expect(parse('does SE-Diff have code?')).toMatchObject({ topic: 'SE-Diff', shape: 'yesno', fact: 'code' });
    expect(parse('AnesSuite 有代码吗')).toMatchObject({ topic: 'AnesSuite', shape: 'yesno', fact: 'code' });
    expect(parse('ICLR 2026 里有代码的论文')).toMatchObject({ intent: 'paper', topic: '', filters: { kinds: ['paper'], hasCode: true, venue: 'ICLR', year: 2026 } });
    expect(parse('papers with code').filters).toMatchObject({ kinds: ['paper'], hasCode: true });
    // "with code" / "有代码的" asks it of a list's entries, even with no kind named.
    expect(parse('anything on radiology report generation with code')).toMatchObject({ topic: 'radiology report generation', shape: 'list', filters: { hasCode: true } });
    expect(parse('有代码的心电工作')).toMatchObject({ shape: 'list', filters: { hasCode: true } });
    expect(parse('有代码的心电工作').fact).toBeUndefined();
  });
  it('asks for a link', () => {
    expect(parse('CBLUE 官网')).toMatchObject({ topic: 'CBLUE', fact: 'link' });
  });
});

describe("parseQuestion: a dataset's scale and modality", () => {
  it.each([
    ['how big is Huatuo-26M', 'Huatuo-26M', 'scale'],
    ['how many images does MIMIC-CXR have', 'MIMIC-CXR', 'scale'],
    ["what's the size of MedQA", 'MedQA', 'scale'],
    ['huatuo 有多大', 'huatuo', 'scale'],
    ['MIMIC-IV-Note 什么版本', 'MIMIC-IV-Note', 'scale'],
    ['what modality is MIMIC-CXR', 'MIMIC-CXR', 'modality'],
    ['MIMIC-CXR 是什么数据', 'MIMIC-CXR', 'modality'],
    ['MIMIC-CXR 是什么模态的数据集', 'MIMIC-CXR', 'modality'],
  ])('%s → the %s of %s', (q, topic, fact) => {
    expect(parse(q)).toMatchObject({ topic, fact, shape: 'fact', filters: { kinds: ['dataset'] } });
  });
  it('the same words as a topic stay words: 大规模, large-scale, 多模态, another kind', () => {
    expect(parse('大规模医学问答数据集')).toMatchObject({ topic: '大规模医学问答', filters: { kinds: ['dataset'] } });
    expect(parse('大规模医学问答数据集').fact).toBeUndefined();
    expect(parse('多模态数据集')).toMatchObject({ topic: '多模态' });
    expect(parse('large-scale pretraining papers')).toMatchObject({ topic: 'large-scale pretraining', intent: 'paper' });
    expect(parse('multi-modality datasets').fact).toBeUndefined();
    expect(parse('有什么数据集').fact).toBeUndefined();
  });
});

describe("parseQuestion: an entry's venue", () => {
  it.each([
    ['CounselBench 是哪个会议的', 'CounselBench'],
    ['CounselBench 发表在哪', 'CounselBench'],
    ['CounselBench发表在哪个会议上', 'CounselBench'],
    ['CounselBench 是哪一年的论文', 'CounselBench'],
    ['which conference is CounselBench from', 'CounselBench'],
    ['where was CounselBench published', 'CounselBench'],
    ['what venue is MedQA', 'MedQA'],
  ])('%s → the venue of %s', (q, topic) => {
    expect(parse(q)).toMatchObject({ topic, fact: 'venue', shape: 'fact' });
    expect(parse(q).filters.kinds).toBeUndefined();
  });
  it('conference words elsewhere still name calls for papers or where a conference is held', () => {
    expect(parse('哪个会议的截止最早')).toMatchObject({ shape: 'next', filters: { kinds: ['cfp'] } });
    expect(parse('EMNLP 2026 在哪里开')).toMatchObject({ fact: 'milestone', milestone: { type: 'conference' } });
    expect(parse('papers published in 2026').fact).toBeUndefined();
  });
});

describe('parseQuestion: where a conference is held, by continent', () => {
  it.each([
    ['亚洲的会议', 'asia', ['cfp']],
    ['在欧洲开的会议有哪些', 'europe', ['cfp']],
    ['conferences in Asia', 'asia', ['cfp']],
    ['Asian conferences', 'asia', ['cfp']],
    ['deadlines in Europe', 'europe', undefined],
    ['competitions held in North America', 'americas', ['competition']],
  ])('%s → held in %s', (q, region, kinds) => {
    const parsed = parse(q);
    expect(parsed).toMatchObject({ topic: '', filters: { region } });
    expect(parsed.filters.kinds).toEqual(kinds);
  });
  it('a continent in a question about papers or datasets stays a word', () => {
    expect(parse('papers on Asian patients')).toMatchObject({ topic: 'Asian patients' });
    expect(parse('papers on Asian patients').filters.region).toBeUndefined();
    expect(parse('欧洲的数据集').filters.region).toBeUndefined();
  });
});

describe('parseQuestion: milestones', () => {
  it.each([
    ['京东 决赛什么时候', '京东', 'phase', '决赛'],
    ['when is the 京东 final round', '京东', 'phase', '决赛'],
    ['BIBM camera-ready 什么时候', 'BIBM', 'camera-ready', undefined],
    ['when is the BIBM notification', 'BIBM', 'notification', undefined],
    ['EMNLP 什么时候开会', 'EMNLP', 'conference', undefined],
    ['REG 2026 数据什么时候发布', 'REG 2026', 'data-release', undefined],
  ])('%s → %s %s', (q, topic, type, label) => {
    const parsed = parse(q);
    expect(parsed).toMatchObject({ intent: 'deadline', topic, shape: 'fact', fact: 'milestone' });
    expect(parsed.milestone).toEqual(label ? { type, label } : { type });
  });
  it('the deadline itself is the deadline answer, not a milestone fact', () => {
    expect(parse('EMNLP 什么时候截止')).toMatchObject({ intent: 'deadline', topic: 'EMNLP', shape: 'list' });
    expect(parse('when is the NLPCC deadline')).toMatchObject({ intent: 'deadline', topic: 'NLPCC', shape: 'list' });
  });
});

describe('parseQuestion: answer shapes', () => {
  it('next, count, all', () => {
    expect(parse("what's the next deadline")).toMatchObject({ intent: 'deadline', shape: 'next', topic: '' });
    expect(parse('下一个截止是什么')).toMatchObject({ intent: 'deadline', shape: 'next' });
    expect(parse('how many datasets need an application')).toMatchObject({ shape: 'count', filters: { access: 'apply' } });
    expect(parse('有多少个开放的数据集')).toMatchObject({ shape: 'count', filters: { access: 'open' } });
    expect(parse('all open datasets')).toMatchObject({ shape: 'all', filters: { access: 'open' } });
    expect(parse('所有需要申请的数据集')).toMatchObject({ shape: 'all', filters: { access: 'apply' } });
  });
});

describe('parseQuestion: time windows (asker zone Asia/Shanghai, now 2026-05-20 12:00)', () => {
  const win = (q: string) => parse(q).filters.window;
  it('this/next week and month, in both languages', () => {
    expect(win('这周有什么要截止的')).toMatchObject({ from: '2026-05-18T00:00:00.000+08:00', to: '2026-05-24T23:59:59.999+08:00' });
    expect(win('deadlines this week')).toMatchObject({ from: '2026-05-18T00:00:00.000+08:00' });
    expect(win('下周')).toMatchObject({ from: '2026-05-25T00:00:00.000+08:00', to: '2026-05-31T23:59:59.999+08:00' });
    expect(win('下个月有哪些截止')).toMatchObject({ from: '2026-06-01T00:00:00.000+08:00', to: '2026-06-30T23:59:59.999+08:00' });
    expect(win('next month')).toMatchObject({ from: '2026-06-01T00:00:00.000+08:00' });
    expect(win('下下个月截止的')).toMatchObject({ from: '2026-07-01T00:00:00.000+08:00', to: '2026-07-31T23:59:59.999+08:00' });
  });
  it('within N units (Chinese numerals too)', () => {
    expect(win('两个月内截止的比赛')).toMatchObject({ from: '2026-05-20T12:00:00.000+08:00', to: '2026-07-20T12:00:00.000+08:00', label: { zh: '2 个月内' } });
    expect(win('anything due in two weeks?')).toMatchObject({ to: '2026-06-03T12:00:00.000+08:00' });
    expect(win('未来三周')).toMatchObject({ to: '2026-06-10T12:00:00.000+08:00' });
    expect(win('within 10 days')).toMatchObject({ to: '2026-05-30T12:00:00.000+08:00' });
  });
  it('a month, before and after it (chrono-node)', () => {
    expect(win('deadlines in June')).toMatchObject({ from: '2026-06-01T00:00:00.000+08:00', to: '2026-06-30T23:59:59.999+08:00', label: { zh: '6 月', en: 'in June' } });
    expect(win('6月截止的征稿')).toMatchObject({ from: '2026-06-01T00:00:00.000+08:00' });
    expect(win('what closes before August')).toMatchObject({ from: '2026-05-20T12:00:00.000+08:00', to: '2026-07-31T23:59:59.999+08:00' });
    expect(win('8月之前')).toMatchObject({ to: '2026-07-31T23:59:59.999+08:00' });
    expect(win("what's due by the end of June")).toMatchObject({ to: '2026-06-30T23:59:59.999+08:00' });
    expect(win('deadlines after July 1')).toMatchObject({ from: '2026-07-02T00:00:00.000+08:00' });
  });
  it("the month under way is this year's; a month already over is next year's", () => {
    expect(win('any deadlines in May?')).toMatchObject({ from: '2026-05-01T00:00:00.000+08:00', to: '2026-05-31T23:59:59.999+08:00', label: { en: 'in May' } });
    expect(win('5月截止的比赛')).toMatchObject({ from: '2026-05-01T00:00:00.000+08:00', label: { zh: '5 月' } });
    expect(win('deadlines in April')).toMatchObject({ from: '2027-04-01T00:00:00.000+08:00', label: { en: 'in April 2027' } });
    expect(win('deadlines in May 2027')).toMatchObject({ from: '2027-05-01T00:00:00.000+08:00' });
    expect(win('anything due on May 20?')).toMatchObject({ from: '2026-05-20T00:00:00.000+08:00', label: { en: 'on May 20' } });
    expect(win('5月20日截止的')).toMatchObject({ from: '2026-05-20T00:00:00.000+08:00' });
    expect(win('due on May 19')).toMatchObject({ from: '2027-05-19T00:00:00.000+08:00' });
  });
  it('registration: when it opens is a date, whether it is open a yes/no about the entry', () => {
    expect(parse('when does registration open for LUNA-X')).toMatchObject({ topic: 'LUNA-X', fact: 'milestone', milestone: { type: 'phase', label: '报名开始' } });
    expect(parse('LUNA-X 什么时候开始报名')).toMatchObject({ topic: 'LUNA-X', fact: 'milestone', milestone: { label: '报名开始' } });
    expect(parse('is LUNA-X registration open')).toMatchObject({ topic: 'LUNA-X', fact: 'status', shape: 'yesno', asked: 'open' });
    expect(parse('LUNA-X 还能报名吗')).toMatchObject({ topic: 'LUNA-X', fact: 'status', asked: 'open' });
    expect(parse('京东比赛报名截止了吗')).toMatchObject({ fact: 'status', asked: 'closed' });
    expect(parse('LUNA-X 报名截止是什么时候')).toMatchObject({ topic: 'LUNA-X', fact: 'milestone', milestone: { type: 'registration' } });
  });
  it('"held in November" puts the window on the conference days; "submit before June" on the deadline', () => {
    expect(parse('which conferences are held in November').filters).toMatchObject({ held: true, window: { from: '2026-11-01T00:00:00.000+08:00' } });
    expect(parse('11月召开的会议').filters.held).toBe(true);
    expect(parse('conferences taking place in October').filters.held).toBe(true);
    expect(parse('what closes in November').filters.held).toBeUndefined();
    expect(parse('what should I submit to before June?')).toMatchObject({ intent: 'deadline', topic: '', filters: { window: { to: '2026-05-31T23:59:59.999+08:00' } } });
  });
  it('在哪 at the end asks where it is held; 在哪下载 how to get it', () => {
    expect(parse('NLPCC 在哪')).toMatchObject({ topic: 'NLPCC', fact: 'milestone', milestone: { type: 'conference' } });
    expect(parse('MedGemma 在哪下载')).toMatchObject({ intent: 'dataset', topic: 'MedGemma' });
    expect(parse('MedGemma 在哪下载').fact).toBeUndefined();
  });
  it('"how many days left" asks for a deadline, not a count', () => {
    expect(parse('how many days left for BIBM')).toMatchObject({ intent: 'deadline', topic: 'BIBM' });
    expect(parse('how many days left for BIBM').shape).not.toBe('count');
    expect(parse('有没有一个关于心电的数据集')).toMatchObject({ topic: '心电', intent: 'dataset' });
  });
  it('a weekday of this or next week, in Monday-first weeks (2026-05-20 is a Wednesday)', () => {
    expect(win('下周三之前截止的')).toMatchObject({ to: '2026-05-26T23:59:59.999+08:00' });
    expect(win('这周五截止的比赛')).toMatchObject({ from: '2026-05-22T00:00:00.000+08:00', to: '2026-05-22T23:59:59.999+08:00' });
    expect(win('下周日截止的')).toMatchObject({ from: '2026-05-31T00:00:00.000+08:00' });
    expect(win('下星期天之前')).toMatchObject({ to: '2026-05-30T23:59:59.999+08:00' });
    expect(parse('本周日截止的')).toMatchObject({ topic: '', filters: { window: { from: '2026-05-24T00:00:00.000+08:00' } } });
    expect(win('下周截止的')).toMatchObject({ from: '2026-05-25T00:00:00.000+08:00', to: '2026-05-31T23:59:59.999+08:00' });
  });
  it('"when does X registration open" asks for the date registration opens; "is X registration open?" its status', () => {
    expect(parse('when does REG 2026 registration open')).toMatchObject({ topic: 'REG 2026', fact: 'milestone', milestone: { type: 'phase', label: '报名开始' } });
    expect(parse('is REG 2026 registration open?')).toMatchObject({ topic: 'REG 2026', fact: 'status' });
  });
  it('或者 between two kinds joins them, leaving no stray character as a topic', () => {
    expect(parse('有没有关于麻醉的数据集或者论文')).toMatchObject({ topic: '麻醉', filters: { kinds: ['paper', 'dataset'] } });
    expect(parse('有没有关于麻醉的数据集或者论文').filters.anyOf).toBeUndefined();
    expect(parse('心电或者脑电的论文').filters.anyOf).toEqual(['心电', '脑电']);
  });
  it('"可以投" of calls asks for the open ones', () => {
    expect(parse('还有哪些会议可以投')).toMatchObject({ topic: '', filters: { kinds: ['cfp'], status: 'open' } });
    expect(parse('现在能投哪些会')).toMatchObject({ topic: '', filters: { status: 'open' } });
  });
  it('reads which of several named items is asked for, and the order asked of their deadlines', () => {
    expect(parse('MedQA 和 CBLUE 哪个需要申请')).toMatchObject({ compare: { items: ['MedQA', 'CBLUE'] }, filters: { access: 'apply' } });
    expect(parse('EMNLP 和 NLPCC 哪个先截止')).toMatchObject({ intent: 'deadline', topic: 'EMNLP NLPCC', compare: { items: ['EMNLP', 'NLPCC'], order: 'earliest' } });
    expect(parse('which closes first, EMNLP or NLPCC')).toMatchObject({ compare: { items: ['EMNLP', 'NLPCC'], order: 'earliest' } });
    expect(parse('which closes first, EMNLP or NLPCC').filters.anyOf).toBeUndefined();
    expect(parse('EMNLP、NLPCC、BIBM 哪个最晚截止')).toMatchObject({ compare: { items: ['EMNLP', 'NLPCC', 'BIBM'], order: 'latest' } });
    // No "which" said of one, or one topic only: nothing compared.
    expect(parse('心电和脑电的论文').compare).toBeUndefined();
    expect(parse('哪些数据集和心电有关').compare).toBeUndefined();
    expect(parse('哪个数据集和心电有关').compare).toBeUndefined();
    expect(parse('ECG or EEG papers').compare).toBeUndefined();
  });
  it('这个月底前, 下个月底前 run from now to the end of the month', () => {
    expect(win('这个月底前截止的有哪些')).toMatchObject({ from: '2026-05-20T12:00:00.000+08:00', to: '2026-05-31T23:59:59.999+08:00' });
    expect(win('下个月底前截止的比赛')).toMatchObject({ from: '2026-05-20T12:00:00.000+08:00', to: '2026-06-30T23:59:59.999+08:00' });
    expect(win('下个月截止的比赛')).toMatchObject({ from: '2026-06-01T00:00:00.000+08:00', label: { zh: '下个月', en: 'next month' } });
    // Each is named as what it is in replies: next month alone is not "by the end of next month".
    expect(win('下个月底前截止的比赛')?.label).toEqual({ zh: '下个月底前', en: 'by the end of next month' });
    expect(win('deadlines by the end of next month')).toMatchObject({ from: '2026-05-20T12:00:00.000+08:00', to: '2026-06-30T23:59:59.999+08:00' });
    expect(win('what closes before the end of the month')).toMatchObject({ from: '2026-05-20T12:00:00.000+08:00', to: '2026-05-31T23:59:59.999+08:00' });
    expect(win('这个月截止的')).toMatchObject({ from: '2026-05-01T00:00:00.000+08:00', label: { zh: '这个月' } });
    expect(parse('Scientific Reports 专辑截止前还有多久')).toMatchObject({ intent: 'deadline', topic: 'Scientific Reports' });
    expect(parse('想投一个六月底截止的会')).toMatchObject({ topic: '', filters: { kinds: ['cfp'] } });
  });
  it('"最近一个截止的" asks for the next deadline', () => {
    expect(parse('最近一个截止的是什么')).toMatchObject({ topic: '', shape: 'next' });
  });
  it('a whole year, asked about deadlines; a year in a name stays a name', () => {
    expect(win('deadlines in 2027')).toMatchObject({ from: '2027-01-01T00:00:00.000+08:00', to: '2027-12-31T23:59:59.999+08:00', label: { zh: '2027 年', en: 'in 2027' } });
    expect(win('2026年截止的比赛')).toMatchObject({ from: '2026-01-01T00:00:00.000+08:00', label: { zh: '2026 年' } });
    expect(win("what's due during 2026 in Tokyo time")).toMatchObject({ from: '2026-01-01T00:00:00.000+09:00' });
    expect(win('2026年7月截止的征稿')).toMatchObject({ from: '2026-07-01T00:00:00.000+08:00' });
    expect(win('EMNLP 2026 deadline')).toBeUndefined();
    expect(parse('EMNLP 2026 deadline').topic).toBe('EMNLP 2026');
    // Not about deadlines: a year is the papers' year, no window.
    expect(win('papers in 2026')).toBeUndefined();
  });
  it('in the zone the asker named', () => {
    expect(parse('deadlines next week in Tokyo time').filters.window).toMatchObject({ from: '2026-05-25T00:00:00.000+09:00' });
  });
  it('reads Chinese numbers', () => {
    expect([numberOf('两'), numberOf('十二'), numberOf('二十'), numberOf('three'), numberOf('7')]).toEqual([2, 12, 20, 3, 7]);
  });
  it('no window where no time is said', () => {
    expect(win('BIBM 2026 的截止日期是什么时候?')).toBeUndefined();
    expect(win('papers about ECG')).toBeUndefined();
  });
});

describe('parseQuestion: zones', () => {
  it.each([
    ['NLPCC deadline in Tokyo time', 'Asia/Tokyo', 'NLPCC'],
    ['EMNLP 截止是伦敦时间几点', 'Europe/London', 'EMNLP'],
    ["I'm in California, when is BIBM due", 'America/Los_Angeles', 'BIBM'],
    ['我在加州,EMNLP 几点截止', 'America/Los_Angeles', 'EMNLP'],
    ['纽约时间 BIBM 几点截止', 'America/New_York', 'BIBM'],
    ['NLPCC 2026 的截止时间是几点,换成伦敦时间', 'Europe/London', 'NLPCC 2026'],
    ['BIBM 截止时间按照纽约时间', 'America/New_York', 'BIBM'],
    ['EMNLP deadline, convert it to Tokyo time', 'Asia/Tokyo', 'EMNLP'],
    ['BIBM deadline, shown in New York time', 'America/New_York', 'BIBM'],
    ['NLPCC deadline UTC+2', 'UTC+2', 'NLPCC'],
    ['EMNLP deadline CEST', 'Europe/Paris', 'EMNLP'],
    ['BIBM deadline in Europe/Berlin', 'Europe/Berlin', 'BIBM'],
    ['/deadline NLPCC zone:Tokyo', 'Asia/Tokyo', 'NLPCC'],
  ])('%s → %s, topic %s', (q, zone, topic) => {
    const parsed = parse(q.replace(/^\/deadline /, ''), q.startsWith('/') ? { command: 'deadline' } : {});
    expect(parsed.zone?.zone).toBe(zone);
    expect(parsed.topic).toBe(topic);
  });
  it('a place inside a topic is not a zone unless the question is about time', () => {
    expect(parse('台湾的医学考试数据').zone).toBeUndefined();
    expect(parse('papers in Nature Medicine').zone).toBeUndefined();
  });
  it('the zone option of a slash command', () => {
    expect(zoneFromOption('Tokyo')).toEqual({ zone: 'Asia/Tokyo', label: 'Tokyo' });
    expect(zoneFromOption('伦敦')).toEqual({ zone: 'Europe/London', label: '伦敦' });
    expect(zoneFromOption('UTC-5')?.zone).toBe('UTC-5');
    expect(zoneFromOption('PST')?.zone).toBe('America/Los_Angeles');
    expect(zoneFromOption('Atlantis')).toBeUndefined();
    // A zone named among the option's words counts only when they say nothing else.
    expect(zoneFromOption('东京时间')?.zone).toBe('Asia/Tokyo');
    expect(zoneFromOption('UTC+25')).toBeUndefined();
    expect(parse('EMNLP zone:Atlantis', { command: 'deadline' })).toMatchObject({ topic: 'EMNLP', unknownZone: 'Atlantis' });
    expect(parse('NLPCC', { command: 'deadline', zone: 'Berlin' }).zone).toEqual({ zone: 'Europe/Berlin', label: 'Berlin' });
  });
});
