/** The CLI contract: `ask` (text, --json, --jsonl), `catalog` (--json, --lint), `start` on stdin. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, seedDir } from '../helpers.js';

const TSX = `${ROOT}node_modules/.bin/tsx`;

/** The console keeps subscriptions in SQLite: each test run gets its own file. */
const data = mkdtempSync(join(tmpdir(), 'catalog-bot-cli-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

function run(script: string, args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(TSX, [`${ROOT}scripts/${script}.ts`, ...args], {
    input,
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 30_000,
    env: { ...process.env, DATABASE_PATH: join(data, 'bot.sqlite'), ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('ask', () => {
  it('prints the rendered reply', () => {
    const r = run('ask', ['--now', '2026-05-20T12:00:00+08:00', 'EMNLP 什么时候截止']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('截止: 2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 北京时间 (还有 6 天 7 小时)');
  });

  it('--json prints the reply object with ISO deadlines', () => {
    const r = run('ask', ['--json', '--lang', 'en', '--now', '2026-05-20T12:00:00+08:00', '/deadline nlpcc']);
    const reply = JSON.parse(r.out);
    expect(reply.intent).toBe('deadline');
    expect(reply.items[0]).toMatchObject({ kind: 'cfp', title: 'NLPCC 2026 征稿', deadline: '2026-05-26T23:59:59+08:00' });
    expect(reply.items[0].milestones.map((m: { type: string }) => m.type)).toEqual(['deadline', 'conference']);
    expect(reply.text).toContain('Deadline: 2026-05-26 23:59 Beijing time');
  });

  it('--jsonl answers one line per input line, in order, with nothing else on stdout', () => {
    const r = run('ask', ['--jsonl'], 'papers about ECG\n\n/dataset CMB\n有没有关于心理健康的论文\n');
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.intent)).toEqual(['paper', 'empty', 'dataset', 'paper']);
    expect(lines[2].items[0]).toMatchObject({ title: 'CMB:中文医学基准', access: 'open' });
  });

  it('rejects a bad option value with one clear line', () => {
    expect(run('ask', ['--now', 'yesterday', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('--now expects an ISO-8601 time') });
    expect(run('ask', ['--lang', 'fr', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('--lang expects zh or en') });
    expect(run('ask', ['--seeds', '/nonexistent/dir', 'x'])).toMatchObject({ code: 1, err: expect.stringContaining('cannot read the seed directory') });
  });

  it('reads another seed directory given with --seeds', () => {
    const dir = seedDir({ 'x.txt': '论文Venue2026 年topic Alpha:测试论文\nAlpha description.\n' });
    const r = run('ask', ['--json', '--seeds', dir, '/paper alpha']);
    expect(JSON.parse(r.out).items.map((i: { title: string }) => i.title)).toEqual(['Alpha:测试论文']);
  });
});

describe('catalog', () => {
  it('--json prints every normalized entry with descriptions and sources', () => {
    const entries = JSON.parse(run('catalog', ['--json']).out);
    expect(entries).toHaveLength(75);
    expect(entries[0]).toHaveProperty('descriptions');
    expect(entries[0].sources[0]).toMatch(/\.txt:\d+$/);
  });

  it('--lint prints file:line problems and exits 0 for warnings only', () => {
    const r = run('catalog', ['--lint']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('000_1fa06e49b3101a7d.txt:13: warning: link looks truncated');
  });

  it('--lint exits non-zero when a header cannot be read', () => {
    const dir = seedDir({ 'bad.txt': '论文Venue2026 年\nDescription of nothing.\n' });
    const r = run('catalog', ['--lint', '--seeds', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('bad.txt:1: error: no title could be read');
  });

  it('refuses a stray argument (a directory named without --seeds) instead of linting the bundled seeds', () => {
    const r = run('catalog', ['--lint', 'seeds/new']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('name a seed directory with --seeds <dir>');
    expect(r.out).toBe('');
  });
});

/**
 * `npm start` in a real terminal: util-linux `script` gives it a pseudo-terminal, so stdin
 * is a TTY as when a person types. Each line is typed when the prompt shows; script's own
 * stdin stays open, so only the bot can end the session. Resolves on the process's exit.
 */
const terminals: ChildProcess[] = [];
afterEach(() => {
  for (const child of terminals.splice(0)) if (child.exitCode === null && child.pid) process.kill(child.pid);
});

function inTerminal(keys: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // One node process, as `npm start` runs (tsx's own CLI would add a parent process).
    const command = `${process.execPath} --import tsx ${ROOT}scripts/start.ts`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: join(data, 'terminal.sqlite') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    terminals.push(child);
    let out = '';
    let typed = 0;
    const pending = [...keys];
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      // A prompt "> " at the start of a line: the bot waits for the next line.
      const prompts = out.match(/(?:^|\n)> /g)?.length ?? 0;
      if (prompts > typed && pending.length) {
        typed = prompts;
        child.stdin!.write(pending.shift()!);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      child.stdin!.end();
      resolve({ code, out });
    });
  });
}

describe('start (console)', () => {
  it('chats on stdin with paging by "more" and "更多", and "page:N" after free text', () => {
    const r = run('start', [], '/search medical\nmore\n更多\nmedical page:2\nquit\n');
    expect(r.code).toBe(0);
    const pages = [...r.out.matchAll(/\(page (\d+)\/\d+\)|第 ?(\d+) ?\/ ?\d+ ?页/g)].map((m) => Number(m[1] ?? m[2]));
    expect(pages).toEqual([1, 2, 3, 2]);
    expect(r.err).toContain('75 entries');
  });

  it("answers every line of a file piped in, past the chats' flood limit (the console user is the operator)", () => {
    const questions = Array.from({ length: 14 }, (_, i) => (i % 2 ? '/help' : '病理'));
    const r = run('start', [], `${questions.join('\n')}\nquit\n`);
    expect(r.code).toBe(0);
    expect(r.out.match(/找到 \d+ 条与「病理」相关的结果/g)).toHaveLength(7);
    expect(r.out.match(/^\/deadline/gm)).toHaveLength(7);
    expect(r.out).not.toMatch(/消息太频繁|Too many messages/);
  });

  for (const [name, keys, answered] of [
    ['quit', ['/search medical\n', 'quit\n'], /\(page 1\/\d+\)/],
    ['退出', ['更多\n', '退出\n'], /没有更多结果了/],
    ['Ctrl-D', ['/help\n', '\x04'], /\/deadline/],
  ] as const) {
    it(`ends at once in a terminal after ${name}, with exit code 0`, async () => {
      const r = await inTerminal([...keys]);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('75 entries');
      // The first line was answered before the session ended.
      expect(r.out).toMatch(answered);
    }, 60_000);
  }

  it('keeps the console subscriptions across restarts', () => {
    const env = { DATABASE_PATH: join(data, 'subscriptions.sqlite') };
    const first = run('start', ['--now', '2026-05-20T12:00:00+08:00'], '/subscribe competition 7,1 Europe/Paris en\nquit\n', env);
    expect(first.code).toBe(0);
    const id = /Subscribed \(id ([a-z0-9]+)\)/.exec(first.out)?.[1];
    expect(id).toBeDefined();
    const second = run('start', ['--now', '2026-05-21T12:00:00+08:00'], '/subscriptions\nquit\n', env);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`#${id}`);
    expect(second.out).toContain('Europe/Paris');
  });
});
