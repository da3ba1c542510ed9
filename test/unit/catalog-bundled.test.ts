/**
 * The bundled catalog states only what the seeds say: no paper or dataset has a
 * deadline, the six real deadlines keep their exact instants (recorded from
 * `catalog --json` before the date rules changed), no borrowed link, venue-local
 * conference days; and a new seed file needs no code change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogItemJson } from '../../adapters/console/json.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { SEEDS, seedDir } from '../helpers.js';

const bundled = loadCatalog(SEEDS);
const byTitle = (t: string) => bundled.entries.find((e) => e.title.includes(t))!;

describe('the bundled catalog states only what the seeds say', () => {
  it('no paper or dataset has a deadline (多图像医学思维 has none from "closed-source models, Claude-4.6")', () => {
    expect(bundled.entries.filter((e) => (e.kind === 'paper' || e.kind === 'dataset') && e.deadline)).toEqual([]);
    expect(byTitle('多图像医学思维').milestones).toEqual([]);
  });

  it('the six real deadlines keep their exact instants', () => {
    const deadlines = Object.fromEntries(bundled.entries.filter((e) => e.deadline).map((e) => [e.title, e.deadline!.at]));
    expect(deadlines).toEqual({
      '京东健康·全球医疗 AI 创新大赛': '2026-08-07T23:59:59+08:00',
      'REG 2026:病理学家推理引导的报告生成挑战': '2026-07-20T17:00:00+08:00',
      'Scientific Reports 专辑:临床决策 AI': '2026-06-23T23:59:59+08:00',
      'NLPCC 2026 征稿': '2026-05-26T23:59:59+08:00',
      'EMNLP 2026 征稿': '2026-05-25T23:59:59-12:00',
      'IEEE BIBM 2026 征稿': '2026-07-05T23:59:59+08:00',
    });
  });

  it("conference days are the venue's days (Budapest, Macau, Dallas), not assumed Beijing days", () => {
    const conference = (t: string) => byTitle(t).milestones.find((m) => m.type === 'conference')!;
    expect(conference('EMNLP 2026')).toMatchObject({
      zone: 'Europe/Budapest',
      localTo: 'Budapest',
      zoneAssumed: false,
      at: '2026-10-24T00:00:00+02:00',
      end: '2026-10-29T23:59:59+01:00',
    });
    expect(conference('NLPCC 2026')).toMatchObject({ zone: 'Asia/Macau', localTo: 'Macau', zoneAssumed: false });
    expect(conference('IEEE BIBM 2026')).toMatchObject({ zone: 'America/Chicago', localTo: 'Dallas', at: '2026-12-01T00:00:00-06:00' });
  });

  it('the description pasted under 能否用 LLM 为临床时间序列… gives it no link; it stays in the export, flagged', () => {
    const e = byTitle('能否用 LLM 为临床时间序列数据生成可迁移表征');
    expect(e.links).toEqual([]);
    expect(e.descriptions.join(' ')).not.toContain('Neural-MedBench');
    const json = catalogItemJson(e, bundled.problems);
    expect(json.descriptions.find((d) => !d.used)).toMatchObject({ sources: ['001_ce0793591c86d683.txt:85', '002_c2e436b3784f4f61.txt:7'] });
    expect(json.lint).toContainEqual(expect.objectContaining({ source: '001_ce0793591c86d683.txt:85', words: 'We introduce Neural-MedBench' }));
  });

  it('a competition status keeps its check date', () => {
    expect(catalogItemJson(byTitle('京东健康'), bundled.problems).status).toMatchObject({ checked: '2026-05-03', lang: 'zh', readsOpen: true });
  });
});

describe('catalog --json items', () => {
  it("carry the reply items' fields with the same types, plus milestones with what was assumed, descriptions, sources, lint", () => {
    for (const e of bundled.entries) {
      const json = catalogItemJson(e, bundled.problems);
      expect(typeof json.id).toBe('string');
      if (e.deadline) expect(json.deadline).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/);
      else expect(json).not.toHaveProperty('deadline');
      expect(Array.isArray(json.links) && Array.isArray(json.sources) && Array.isArray(json.lint)).toBe(true);
      for (const m of json.milestones) expect(Array.isArray(m.assumed)).toBe(true);
    }
    const bibm = catalogItemJson(byTitle('IEEE BIBM 2026'), bundled.problems);
    expect(bibm.milestones.find((m) => m.type === 'notification')!.assumed).toEqual([
      'zone: 北京时间 (Asia/Shanghai); no zone written next to the date',
      'time: 23:59:59; no time written',
    ]);
  });
});

describe('a new seed file', () => {
  it('dropped into the directory is read with no code change', () => {
    const files = Object.fromEntries(
      readdirSync(SEEDS)
        .filter((n) => n.endsWith('.txt'))
        .map((n) => [n, readFileSync(join(SEEDS, n), 'utf8')]),
    );
    const dir = seedDir({
      ...files,
      '999_new.txt': '征稿与合作MICCAI 2027截止 北京时间 2027-03-10会议征稿 MICCAI 2027 征稿\nPapers due 2027-03-09 AoE; the conference on 2027-09-20 to 2027-09-24 in Lisbon.\n',
    });
    const c = loadCatalog(dir);
    expect(c.entries).toHaveLength(bundled.entries.length + 1);
    const miccai = c.entries.find((e) => e.title === 'MICCAI 2027 征稿')!;
    expect(miccai.deadline?.at).toBe('2027-03-09T23:59:59-12:00');
    expect(miccai.milestones.at(-1)).toMatchObject({ zone: 'Europe/Lisbon', localTo: 'Lisbon' });
  });
});
