import { describe, expect, it } from 'vitest';
import { buildCatalog, loadCatalog } from '../../src/catalog/load.js';
import { splitRunTogether } from '../../src/catalog/fields.js';
import { SEEDS } from '../helpers.js';

const bundled = loadCatalog(SEEDS);
const byTitle = (t: string) => bundled.entries.find((e) => e.title.includes(t));

describe('the bundled catalog', () => {
  it('reads every header line of every seed file into an entry (merging duplicates)', () => {
    const kinds = new Set(bundled.entries.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['cfp', 'competition', 'course', 'dataset', 'paper']);
    // 96 header lines in the seeds, 75 distinct titles.
    const sources = bundled.entries.reduce((n, e) => n + e.sources.length, 0);
    expect(sources).toBe(96);
    expect(bundled.entries).toHaveLength(75);
    expect(bundled.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('splits a paper header into venue, year, tag and title', () => {
    expect(byTitle('Doctor-R1')).toMatchObject({
      kind: 'paper',
      venue: 'ICLR 2026 Poster',
      year: 2026,
      tags: ['medical LLM agent'],
      title: 'Doctor-R1:通过体验式 Agent 强化学习掌握临床问诊',
      acronym: 'Doctor-R1',
    });
    // An English tag followed by a title that starts with an acronym.
    expect(byTitle('SAE 能否')?.tags).toEqual(['trustworthy medical AI']);
    // A Chinese tag with a space inside it.
    expect(byTitle('面向专家级医学问答')?.tags).toEqual(['临床 LLM']);
  });

  it('merges an item listed in several files: tags united, sources kept, distinct descriptions kept', () => {
    const mllm = byTitle('医学 MLLM 如何失效')!;
    expect(mllm.tags).toEqual(['clinical prediction', '医疗多模态']);
    expect(mllm.sources).toEqual(['001_ce0793591c86d683.txt:19', '004_680f1b7a048b196c.txt:1', '004_680f1b7a048b196c.txt:11']);
    expect(mllm.descriptions).toHaveLength(2);
    // A shorter copy of the same description is not kept twice.
    expect(byTitle('LiveClin')!.descriptions).toHaveLength(1);
  });

  it('reads dataset access and run-together header fields', () => {
    expect(byTitle('MIMIC-CXR')).toMatchObject({
      kind: 'dataset',
      access: 'apply',
      accessLabel: '申请访问',
      details: expect.objectContaining({
        modality: 'chest radiographs with radiology reports',
        resourceType: 'chest X-ray image-report dataset',
        scale: 'Large-scale CXR image-report dataset; version 2.1.0',
      }),
    });
    expect(byTitle('MedGemma')?.details).toMatchObject({ modality: 'Text and medical images', resourceType: 'Model' });
    expect(byTitle('CMB:')?.access).toBe('open');
  });

  it('gives competitions and calls their exact deadlines and milestones', () => {
    expect(byTitle('REG 2026')?.deadline).toMatchObject({ at: '2026-07-20T17:00:00+08:00', timeAssumed: false });
    expect(byTitle('EMNLP 2026')?.deadline).toMatchObject({ at: '2026-05-25T23:59:59-12:00', zoneLabel: 'UTC-12' });
    const bibm = byTitle('IEEE BIBM 2026')!;
    expect(bibm.milestones.map((m) => m.type)).toEqual(['deadline', 'notification', 'camera-ready', 'conference']);
    expect(byTitle('京东健康')!.milestones.map((m) => m.label)).toEqual(['初赛', '截止', '决赛']);
    expect(byTitle('京东健康')!.tags).toEqual(['sleep apnea detection and medical large-model applications']);
  });

  it('keeps a line with no kind prefix as its own kind', () => {
    expect(byTitle('医学人工智能')).toMatchObject({ kind: 'course', details: { provider: '中国大学 MOOC / 武汉大学' } });
  });

  it('drops a truncated link when the full one is there, and reports it', () => {
    expect(byTitle('功能 MRI')?.links).toEqual(['https://anonymous.4open.science/r/DSFM-123C']);
    expect(bundled.problems).toContainEqual(expect.objectContaining({ file: '000_1fa06e49b3101a7d.txt', line: 13, reason: expect.stringContaining('truncated') }));
  });

  it('flags the header deadline that disagrees with the description', () => {
    expect(bundled.problems).toContainEqual(expect.objectContaining({ file: '001_ce0793591c86d683.txt', line: 133, reason: expect.stringContaining('disagrees') }));
  });

  it('flags a description that belongs to another item', () => {
    expect(bundled.problems).toContainEqual(expect.objectContaining({ line: 85, reason: expect.stringContaining('belongs to another item') }));
  });

  it('every entry has a stable id derived from its title', () => {
    const reversed = buildCatalog(bundled.files.map((name) => ({ name, content: '' })).reverse());
    expect(reversed.entries).toEqual([]);
    const ids = bundled.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(byTitle('Doctor-R1')!.id).toMatch(/^doctor-r1-[0-9a-f]{8}$/);
  });
});

const PAPER = '论文ICLR 2026 Poster2026 年clinical NLP TestNet:一个测试标题\nWe introduce TestNet. Code/project link: https://github.com/x/testnet\n';

describe('noisy seed files', () => {
  it('ids do not depend on file order', () => {
    const a = buildCatalog([
      { name: 'a.txt', content: PAPER },
      { name: 'b.txt', content: '论文Nature Medicine2025 年临床 LLM 另一篇论文\n描述。\n' },
    ]);
    const b = buildCatalog([
      { name: 'b.txt', content: PAPER },
      { name: 'a.txt', content: '论文Nature Medicine2025 年临床 LLM 另一篇论文\n描述。\n' },
    ]);
    expect(a.entries.map((e) => e.id).sort()).toEqual(b.entries.map((e) => e.id).sort());
  });

  it('reads CRLF, a BOM, blank lines, tabs and invisible characters', () => {
    const content = `\uFEFF\r\n${PAPER.replace(/\n/g, '\r\n')}\r\n\r\n\t征稿与合作Some Venue截止 北京时间 2027-01-10会议征稿 Some Venue\u200B 征稿\r\nPapers due 2027-01-10 AoE.`;
    const c = buildCatalog([{ name: 'noisy.txt', content }]);
    expect(c.entries.map((e) => e.title)).toEqual(['TestNet:一个测试标题', 'Some Venue 征稿']);
    expect(c.entries[1]!.deadline).toMatchObject({ at: '2027-01-10T23:59:59-12:00', zoneLabel: 'AoE' });
    expect(c.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('splits a header glued to the end of a description, and says so', () => {
    const content = `论文ICLR 2026 Poster2026 年clinical NLP TestNet:一个测试标题\nWe introduce TestNet.论文ICLR 2026 Poster2026 年clinical NLP Second:第二篇\nSecond description.\n`;
    const c = buildCatalog([{ name: 'glued.txt', content }]);
    expect(c.entries.map((e) => e.title)).toEqual(['TestNet:一个测试标题', 'Second:第二篇']);
    expect(c.problems).toContainEqual(expect.objectContaining({ file: 'glued.txt', line: 2, reason: expect.stringContaining('glued') }));
  });

  it('reports a header without a description and an extra description line, losing neither', () => {
    const content = `${PAPER}An extra sentence that continues the description above.\n论文ICLR 2026 Poster2026 年clinical NLP Lonely:没有描述\n`;
    const c = buildCatalog([{ name: 'odd.txt', content }]);
    expect(c.entries.find((e) => e.title.startsWith('TestNet'))!.descriptions[0]).toContain('An extra sentence');
    expect(c.entries.find((e) => e.title.startsWith('Lonely'))).toBeDefined();
    expect(c.problems.map((p) => [p.line, p.reason])).toEqual([
      [3, expect.stringContaining('extra description line')],
      [4, 'entry has no description line'],
    ]);
  });

  it('reports a header it cannot read with file and line, and keeps the rest', () => {
    const content = `技术竞赛Status only, no deadline here 某竞赛\nA description.\n数据资源Some modality textSome dataset typeDetails only no access field Title\nDesc.\n${PAPER}`;
    const c = buildCatalog([{ name: 'bad.txt', content }]);
    expect(c.entries).toHaveLength(3);
    expect(c.problems).toEqual([
      expect.objectContaining({ file: 'bad.txt', line: 1, reason: expect.stringContaining('no "截止') }),
      expect.objectContaining({ file: 'bad.txt', line: 3, reason: expect.stringContaining('no access field') }),
    ]);
  });

  it('reports an impossible deadline date', () => {
    const c = buildCatalog([{ name: 'date.txt', content: '征稿与合作X截止 北京时间 2026-02-30会议征稿 X 征稿\nDesc.\n' }]);
    expect(c.entries[0]!.deadline).toBeUndefined();
    expect(c.problems).toContainEqual(expect.objectContaining({ line: 1, reason: expect.stringContaining('not a valid date') }));
  });

  it('merges duplicates with conflicting facts and reports the conflict', () => {
    const c = buildCatalog([
      { name: 'a.txt', content: '数据资源TextLLM benchmarkBenchmark开放访问 Dup 数据集\nOne.\n' },
      { name: 'b.txt', content: '数据资源TextLLM benchmarkBenchmark申请访问 Dup 数据集\nTwo.\n' },
    ]);
    expect(c.entries).toHaveLength(1);
    expect(c.entries[0]!.sources).toEqual(['a.txt:1', 'b.txt:1']);
    expect(c.problems).toContainEqual(expect.objectContaining({ reason: expect.stringContaining('disagree on access') }));
  });
});

describe('run-together fields', () => {
  it('splits at case changes and at glued lowercase words', () => {
    expect(splitRunTogether('deidentified clinical free textclinical notes datasetClinical note extension; version 2.2', 3)).toEqual([
      'deidentified clinical free text',
      'clinical notes dataset',
      'Clinical note extension; version 2.2',
    ]);
    expect(splitRunTogether('TextLLM benchmarkBenchmark and leaderboard', 3)).toEqual(['Text', 'LLM benchmark', 'Benchmark and leaderboard']);
  });
});

describe('dates a description gives no zone', () => {
  const catalog = buildCatalog([
    {
      name: 'new.txt',
      content: [
        '征稿与合作MICCAI 2027截止 北京时间 2027-03-05会议征稿 MICCAI 2027 征稿',
        'Paper submission due 2027-03-05 AoE; notification 2027-06-15; conference 2027-09-26 to 2027-09-30 in Singapore.',
      ].join('\n'),
    },
  ]);

  it("are in the zone it states for its deadline, not the header's", () => {
    const miccai = catalog.entries[0]!;
    expect(miccai.deadline).toMatchObject({ zoneLabel: 'AoE' });
    const notification = miccai.milestones.find((m) => m.type === 'notification')!;
    expect(notification).toMatchObject({ zone: miccai.deadline!.zone, zoneAssumed: true, at: '2027-06-15T23:59:59-12:00' });
    // A venue's days stay the venue's.
    expect(miccai.milestones.find((m) => m.type === 'conference')).toMatchObject({ localTo: 'Singapore' });
  });
});
