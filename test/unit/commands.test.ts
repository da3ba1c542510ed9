import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render.js';
import { deadline as deadlineCommand } from '../../commands/deadline.js';
import { ask, makeEngine, replyTo, seedDir, TEST_PLACE } from '../helpers.js';

describe('commands', () => {
  const bot = makeEngine({ now: '2026-05-20T12:00:00+08:00' });

  it('/deadline lists open deadlines soonest first, with both zones and a countdown', async () => {
    const reply = await ask(bot, '/deadline', { locale: 'en' });
    expect(reply.intent).toBe('deadline');
    expect(reply.items.map((i) => i.title)).toEqual([
      'EMNLP 2026 征稿',
      'NLPCC 2026 征稿',
      'Scientific Reports 专辑:临床决策 AI',
      'IEEE BIBM 2026 征稿',
      'REG 2026:病理学家推理引导的报告生成挑战',
    ]);
    expect(reply.paging).toMatchObject({ page: 1, pages: 2, total: 6 });
    const text = renderText(reply);
    expect(text).toContain('2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 Beijing time (in 6 days 7 h)');
    expect(text).toContain('“due 2026-05-25 UTC-12”; no time given; 23:59:59 assumed');
  });

  it('a bare /dataset or "papers" lists every entry of that kind, paged, with how to narrow it', async () => {
    const datasets = await ask(bot, '/dataset', { locale: 'en' });
    expect(datasets.paging).toMatchObject({ page: 1, total: 13 });
    expect(datasets.text[0]).toMatch(/^Datasets \(13\):/);
    expect(datasets.footer?.at(-1)).toBe('Add a topic to narrow the list, e.g. /dataset pathology');
    // Every page holds datasets only, and the pages together hold each dataset once.
    const titles = new Set<string>();
    for (let reply = datasets; ; ) {
      for (const item of reply.items) titles.add(item.title);
      if (!reply.paging || reply.paging.page >= reply.paging.pages) break;
      reply = await replyTo(bot, { type: 'page', token: reply.paging.tokens![reply.paging.page + 1]! });
    }
    expect(titles.size).toBe(13);
    expect(renderText(datasets)).not.toContain('[Paper]');
    const papers = await ask(bot, '论文');
    expect(papers.text[0]).toMatch(/^论文 \(55 个\)/);
    // Asked in words, a kind with no topic is named by its kind, not by the words typed.
    expect((await ask(bot, '有什么课程')).text[0]).toBe('课程 (1 个):');
    // /search names no kind: with no topic it asks for one.
    expect((await ask(bot, '/search', { locale: 'en' })).text).toEqual(['Tell me a topic, e.g. /search pathology']);
  });

  it('lists any of several topics, leaves one out, and reads "open" of a call as its status', async () => {
    const any = await ask(bot, 'ECG or EEG papers');
    expect(any.text[0]).toBe('Papers about "ECG" or "EEG" (3):');
    expect(any.items.map((i) => i.title).some((t) => t.includes('CerebraGloss'))).toBe(true);
    const without = await ask(bot, 'papers about ECG but not benchmarks');
    expect(without.items.map((i) => i.title)).toEqual(['SE-Diff:面向综合 ECG 生成的模拟器与经验增强扩散模型']);
    const all = await ask(bot, '论文');
    const rest = await ask(bot, '除了心电以外的论文');
    expect(rest.paging?.total).toBe(all.paging!.total - 2);
    expect((await ask(bot, 'NLPCC 还开放吗')).text[0]).toBe('是:「NLPCC 2026 征稿」仍开放,截止 2026-05-26 23:59 北京时间。');
  });

  it('reads a title with an "or" in it, typed whole, as one topic', async () => {
    const seeds = seedDir({
      'papers.txt': [
        '论文ICLR 2026 Poster2026 年clinical NLP To Trust or Not to Trust: Calibrated LLMs for ECG Reports',
        'ICLR 2026 Poster accepted paper at ICLR 2026. We study when clinicians should trust language models that write ECG reports.',
        '论文ICLR 2026 Poster2026 年clinical NLP Trust in Clinical AI',
        'ICLR 2026 Poster accepted paper at ICLR 2026. A survey of trust in clinical decision support.',
        '论文ICLR 2026 Poster2026 年clinical NLP EEG Foundation Models',
        'ICLR 2026 Poster accepted paper at ICLR 2026. Pretraining on EEG recordings.',
        '',
      ].join('\n'),
    });
    const own = makeEngine({ seeds });
    for (const typed of ['To Trust or Not to Trust: Calibrated LLMs for ECG Reports', 'to trust or not to trust calibrated llms for ecg reports']) {
      const reply = await ask(own, typed, { locale: 'en' });
      expect(
        reply.items.map((i) => i.title),
        typed,
      ).toEqual(['To Trust or Not to Trust: Calibrated LLMs for ECG Reports']);
    }
    // Topics joined by "or" are still any of them.
    const any = await ask(own, 'ECG or EEG papers', { locale: 'en' });
    expect(any.items.map((i) => i.title).sort()).toEqual(['EEG Foundation Models', 'To Trust or Not to Trust: Calibrated LLMs for ECG Reports']);
  });

  it('lists the calls whose conference is held in a month, by conference date, with the days shown', async () => {
    const reply = await ask(bot, 'which conferences are held in November', { locale: 'en' });
    expect(reply.text[0]).toBe('Calls for papers with the conference held in November (1):');
    expect(reply.items.map((i) => i.title)).toEqual(['NLPCC 2026 征稿']);
    expect(renderText(reply)).toContain('Conference: 2026-11-03 – 2026-11-05 (Macau local dates)');
    expect((await ask(bot, '11月召开的会议')).text[0]).toBe('会议在 11 月举行的征稿 (1 个):');
  });

  it('asked in Beijing time, says so once (the times already are)', async () => {
    expect((await ask(bot, 'EMNLP 截止是北京时间几点')).text).toContain('时间按北京时间显示,并附原时区。');
    expect((await ask(bot, 'EMNLP deadline in Tokyo time', { locale: 'en' })).text).toContain('Times in Tokyo, with the source zone and Beijing time.');
  });

  it('keeps a name in upper case mid-sentence', async () => {
    expect((await ask(bot, 'papers from ICLR 2026 about ECG with code', { locale: 'en' })).text[0]).toBe('Nothing in the catalog about "ECG" among ICLR 2026 papers with code.');
    expect((await ask(bot, 'papers about quantum computing', { locale: 'en' })).text[0]).toBe('Nothing in the catalog about "quantum computing" among papers.');
  });

  it('names a list of several kinds by its kinds and topic', async () => {
    expect((await ask(bot, 'papers and datasets about ECG', { locale: 'en' })).text[0]).toBe('Papers and datasets about "ECG" (2):');
    expect((await ask(bot, '心电相关的论文和数据集')).text[0]).toBe('关于「心电」的论文与数据集 (2 个):');
  });

  it("answers a dataset's scale or modality from its own fields, and says when the catalog gives none", async () => {
    const scale = await ask(bot, 'how big is Huatuo-26M', { locale: 'en' });
    expect(scale.text).toEqual(['Scale/version of "Huatuo-26M:大规模中文医学问答数据集": About 26 million medical QA pairs']);
    expect(scale.items.map((i) => i.title)).toEqual(['Huatuo-26M:大规模中文医学问答数据集']);
    expect((await ask(bot, 'MIMIC-CXR 是什么数据')).text).toEqual(['「MIMIC-CXR v2.1.0 胸部 X 光数据集」的模态:chest radiographs with radiology reports']);
    expect((await ask(bot, 'how big is EMNLP', { locale: 'en' })).text).toEqual(['The catalog does not give the scale/version of "EMNLP 2026 征稿".']);
  });

  it('answers where an entry comes from (its venue and year), and says when the catalog gives none', async () => {
    expect((await ask(bot, 'CounselBench 是哪个会议的')).text).toEqual(['「CounselBench:心理健康问答中大语言模型的大规模专家评测与对抗基准」的出处:ICLR 2026 Oral']);
    expect((await ask(bot, 'where was CounselBench published', { locale: 'en' })).text).toEqual([
      'Venue of "CounselBench:心理健康问答中大语言模型的大规模专家评测与对抗基准": ICLR 2026 Oral',
    ]);
    expect((await ask(bot, 'what venue is MedQA', { locale: 'en' })).text).toEqual([
      'The catalog does not give the venue of "MedQA:含美国、中国大陆与台湾拆分的医学考试问答数据集".',
    ]);
  });

  it('asked for the next deadline when none is open, says so and names the one that closed last', async () => {
    const late = makeEngine({ now: '2026-12-04T12:00:00+08:00' });
    const reply = await ask(late, 'next competition deadline', { locale: 'en' });
    expect(reply.text).toEqual(['Competitions: none is open right now.', 'The last deadline that closed: "京东健康·全球医疗 AI 创新大赛" (2026-08-07 23:59 Beijing time).']);
    expect(reply.items.map((i) => i.title)).toEqual(['京东健康·全球医疗 AI 创新大赛']);
    expect((await ask(bot, 'next competition deadline', { locale: 'en' })).text).toEqual(['The next deadline:']);
  });

  it('lists the calls whose conference is held in a continent (the zone of its place), in both languages', async () => {
    const asia = await ask(bot, '亚洲的会议');
    expect(asia.text[0]).toBe('在亚洲举办的征稿 (1 个):');
    expect(asia.items.map((i) => i.title)).toEqual(['NLPCC 2026 征稿']);
    const europe = await ask(bot, 'deadlines in Europe', { locale: 'en' });
    expect(europe.items.map((i) => i.title)).toEqual(['EMNLP 2026 征稿']);
    expect((await ask(bot, 'conferences held in North America', { locale: 'en' })).items.map((i) => i.title)).toEqual(['IEEE BIBM 2026 征稿']);
    expect((await ask(bot, 'conferences in Africa', { locale: 'en' })).text).toEqual(['Calls for papers held in Africa: none in the catalog.']);
  });

  it('lists as many as asked for, best first', async () => {
    const all = await ask(bot, '关于医学影像的论文');
    const three = await ask(bot, '推荐三篇关于医学影像的论文');
    expect(three.items.map((i) => i.title)).toEqual(all.items.slice(0, 3).map((i) => i.title));
    expect(three.text[0]).toBe('关于「医学影像」的论文 (3 个):');
    expect(three.paging).toBeUndefined();
  });

  it('a condition no entry on the topic meets is said, and the entries without it shown', async () => {
    const open = await ask(bot, 'any open datasets about chest x-ray?');
    expect(open.text.slice(0, 2)).toEqual(['Nothing in the catalog about "chest x-ray" among open-access datasets.', 'Datasets about "chest x-ray", without that condition (1):']);
    expect(open.items.map((i) => i.title)).toEqual(['MIMIC-CXR v2.1.0 胸部 X 光数据集']);
    expect(renderText(open)).toContain('Apply for access');
    // Datasets first, then the papers that publish one, named after the list.
    const few = await ask(bot, '有没有胸片的数据集');
    expect(few.items[0]!.title).toBe('MIMIC-CXR v2.1.0 胸部 X 光数据集');
    expect(few.footer?.[0]).toBe('列表末尾是发布相关数据集或基准的论文(标为论文)。');
  });

  it('which of several named items: the one asked for first, then each one’s own fact, in both languages', async () => {
    const access = await ask(bot, 'MIMIC-IV-Note 和 MedQA 哪个需要申请');
    expect(access.text).toEqual(['需要申请的是:MIMIC-IV-Note。', '· MIMIC-IV-Note:需要申请', '· MedQA:开放访问']);
    expect(access.items.map((i) => i.title)).toEqual(['MIMIC-IV-Note v2.2 临床笔记数据集', expect.stringMatching(/^MedQA:/)]);
    const neither = await ask(bot, 'which of MedQA and CBLUE needs an application?');
    expect(neither.text[0]).toBe('Neither needs an application.');
    const first = await ask(bot, 'which closes first, NLPCC or EMNLP?');
    // EMNLP's 23:59 UTC-12 is 19:59 in Beijing on the 26th, four hours before NLPCC's.
    expect(first.text).toEqual([
      'EMNLP 2026 closes first.',
      '· EMNLP 2026: 2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 Beijing time',
      '· NLPCC 2026: 2026-05-26 23:59 Beijing time',
    ]);
    const last = await ask(bot, 'EMNLP、NLPCC、BIBM 哪个最晚截止');
    expect(last.text[0]).toBe('IEEE BIBM 2026 最晚截止。');
    expect(last.items).toHaveLength(3);
    const three = await ask(bot, 'which of CBLUE, MedQA and MIMIC-IV-Note are open access');
    expect(three.text[0]).toBe('CBLUE and MedQA are open access.');
    const held = await ask(bot, 'NLPCC 和 EMNLP 哪个会议在亚洲');
    expect(held.text).toEqual(['在亚洲举办的是:NLPCC 2026。', '· NLPCC 2026:Macau', '· EMNLP 2026:Budapest']);
    const code = await ask(bot, 'which one has code, Doctor-R1 or SE-Diff?');
    expect(code.text[0]).toBe('Neither has code.');
    // "which papers are about ECG and EEG" names no item: a plain question, both topics.
    const plain = await ask(bot, 'which papers are about ECG and EEG');
    expect(plain.text[0]).not.toMatch(/closes|Neither|Both/);
  });

  it('/deadline with a query gives that item’s deadline and milestones', async () => {
    const reply = await ask(bot, 'BIBM 什么时候截止');
    expect(reply.items[0]!.title).toBe('IEEE BIBM 2026 征稿');
    const text = renderText(reply);
    expect(text).toContain('截止: 2026-07-05 23:59 北京时间 (还有 46 天 11 小时)');
    expect(text).toContain('录用通知: 2026-09-25');
    expect(text).toContain('会议: 2026-12-01 – 2026-12-04 (Dallas 当地日期)');
  });

  // Changed by issue 9: the closed deadlines are listed as closed (never under "coming up next"),
  // the last one is named, and an event under way or next is said in a line.
  it('/deadline when nothing is open says so, names the last deadline and what comes next', async () => {
    const later = makeEngine({ now: '2026-11-23T12:00:00+08:00' });
    const reply = await ask(later, '/deadline', { locale: 'zh' });
    expect(reply.text[0]).toBe('目前没有未截止的 deadline。');
    expect(reply.text[1]).toMatch(/^最近截止的是「京东健康·全球医疗 AI 创新大赛」\(2026-08-07/);
    expect(reply.text).toContain('接下来:「IEEE BIBM 2026 征稿」会议(2026-12-01 – 2026-12-04)。');
    expect(reply.text[reply.text.length - 1]).toBe('最近截止的:');
    expect(reply.items[0]!.title).toBe('京东健康·全球医疗 AI 创新大赛');
  });

  it('/deadline after every deadline: what takes place now, and nothing past heads "coming up"', async () => {
    // BIBM's days are Dallas days (issue 10): on 2 December in Beijing it is under way.
    const after = makeEngine({ now: '2026-12-02T12:00:00+08:00' });
    const reply = await ask(after, '/deadline', { locale: 'en' });
    expect(reply.text[0]).toBe('No deadline is open right now.');
    expect(reply.text).toContain('Taking place now: "IEEE BIBM 2026 征稿" Conference (2026-12-01 – 2026-12-04).');
    expect(reply.text.some((t) => t.startsWith('Coming up next'))).toBe(false);
    expect(reply.items.every((i) => !i.deadline || Date.parse(i.deadline) < Date.parse('2026-12-02T12:00:00+08:00'))).toBe(true);
  });

  it("/deadline takes a zone option, as every platform's command builder offers it", async () => {
    const may = makeEngine({ now: '2026-05-20T12:00:00+08:00' });
    expect(deadlineCommand.options.map((o) => o.name)).toEqual(['query', 'zone']);
    const reply = await replyTo(may, { type: 'command', name: 'deadline', args: { query: 'NLPCC', zone: 'Tokyo' } }, { locale: 'en-US' });
    expect(renderText(reply)).toContain('Deadline: 2026-05-27 00:59 Tokyo (UTC+9) = 2026-05-26 23:59 UTC+8 (Beijing time)');
    const unknown = await replyTo(may, { type: 'command', name: 'deadline', args: { query: 'NLPCC', zone: 'Atlantis' } }, { locale: 'zh-CN' });
    expect(unknown.text[0]).toBe('不认识时区「Atlantis」;请用城市名、IANA 名(如 Asia/Tokyo)或 UTC+9。以下按北京时间显示。');
  });

  it('/dataset says how to get access and what to do next', async () => {
    const reply = await ask(bot, 'how do I get access to MIMIC-IV-Note');
    expect(reply.intent).toBe('dataset');
    expect(reply.items[0]).toMatchObject({ title: 'MIMIC-IV-Note v2.2 临床笔记数据集', access: 'apply' });
    const text = renderText(reply);
    expect(text).toContain('Apply for access');
    expect(text).toContain('Scale/version: Clinical note extension for MIMIC-IV; version 2.2');
    const open = renderText(await ask(bot, '/dataset CMB'));
    expect(open).toContain('Open access');
    expect(open).toContain('Next step: see the Hugging Face card');
  });

  it('/dataset 开放 lists the open-access datasets', async () => {
    const reply = await ask(bot, '/dataset 开放');
    expect(reply.paging?.total ?? reply.items.length).toBe(11);
    expect(reply.items.every((i) => i.access === 'open')).toBe(true);
  });

  it('/paper only returns papers; results page with a way to see more', async () => {
    const reply = await ask(bot, '/paper medical');
    expect(reply.items.every((i) => i.kind === 'paper')).toBe(true);
    expect(reply.items).toHaveLength(5);
    expect(reply.footer?.[0]).toContain('more');
    const second = await replyTo(bot, { type: 'page', token: reply.paging!.tokens![2]! }, { locale: 'en' });
    expect(second.paging?.page).toBe(2);
    expect(second.items.map((i) => i.id)).not.toEqual(reply.items.map((i) => i.id));
    expect((await ask(bot, '/paper medical page:2')).items.map((i) => i.id)).toEqual(second.items.map((i) => i.id));
  });

  it('/help is generated from the command declarations, in the asker’s language', async () => {
    const zh = await ask(bot, '/help', { locale: 'zh-CN' });
    expect(zh.text.join('\n')).toContain('/deadline: 按时间列出未截止的 deadline');
    const en = await ask(bot, 'help');
    expect(en.text.join('\n')).toContain('/dataset: Find datasets and models');
  });

  it('answers in the message language unless the platform or --lang says otherwise', async () => {
    expect((await ask(bot, '病理')).lang).toBe('zh');
    expect((await ask(bot, 'pathology')).lang).toBe('en');
    expect((await ask(bot, 'pathology', { locale: 'zh-hans' })).lang).toBe('zh');
    expect((await ask(makeEngine({ lang: 'en' }), '病理')).lang).toBe('en');
  });
});

describe('bad input', () => {
  const bot = makeEngine();

  it('an empty or blank message gets a hint', async () => {
    for (const text of ['', '   ', '\u200B\u0007']) {
      const reply = await ask(bot, text);
      expect(reply.intent).toBe('empty');
      expect(reply.text[0]).toMatch(/\/help/);
    }
  });

  it('a 5,000-character message is answered, saying only its start was searched', async () => {
    const text = '病理 segmentation '.repeat(300).slice(0, 5000);
    const reply = await ask(bot, text);
    expect(reply.text[0]).toContain('只按前 200 个字符');
    expect(reply.items.length).toBeGreaterThan(0);
  });

  it('an unknown command is named, with the closest real one', async () => {
    const reply = await ask(bot, '/papr ecg');
    expect(reply.intent).toBe('unknown-command');
    expect(reply.text[0]).toBe('There is no /papr command. Did you mean /paper? Type /help for the list.');
    expect((await ask(bot, '/论文X 病理')).text[0]).toContain('没有 /论文x 这个命令');
  });

  it('markup and @everyone are treated as text', async () => {
    const reply = await ask(bot, '<script>alert(1)</script> @everyone');
    expect(reply.intent).toBe('search');
    // The question's topic is quoted as words: the markup is read as text, never as markup.
    expect(reply.text[0]).toBe('Nothing in the catalog about "script alert 1 script everyone".');
  });

  it('control characters and broken Unicode are cleaned, not fatal', async () => {
    const reply = await ask(bot, 'ECG\u0000\u001b[31m \ud800 心电');
    expect(reply.intent).toBe('search');
    expect(reply.items.map((i) => i.title)).toContain('ECG 基础模型基准:跨临床任务的现实检验');
    expect(JSON.stringify(reply)).not.toMatch(/[\u0000\ud800]/);
  });

  it('"more" with nothing to page says so', async () => {
    expect((await ask(bot, 'more')).text).toEqual(['There is nothing more to show.']);
  });

  it('a failing handler becomes an apology, not a crash', async () => {
    const broken = makeEngine();
    (broken.services as unknown as { search: () => never }).search = () => {
      throw new Error('boom');
    };
    const reply = await ask(broken, '/paper ecg');
    expect(reply).toMatchObject({ intent: 'error', ephemeral: true });
  });

  it('never answers its own messages', async () => {
    expect(await bot.handle({ type: 'text', text: '/help' }, { isSelf: true, canManage: async () => false }, TEST_PLACE)).toEqual({ type: 'none' });
  });
});
