/** `npm start` as a service (HTTP_PORT, no token): the catalog reloads under the running server. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, seedDir } from '../helpers.js';

const ALPHA = '征稿与合作Alpha 2026截止 北京时间 2026-07-01会议征稿 Alpha Workshop 2026\nAlpha Workshop 2026 calls for papers on clinical NLP.\n';
const BETA = '征稿与合作Beta 2026截止 北京时间 2026-08-15会议征稿 Beta Symposium 2026\nBeta Symposium 2026 invites radiology papers.\n';
const BROKEN = '论文Venue2026 年\nDescription of nothing.\n';

describe('a running bot reloads its catalog', () => {
  it('serves a new seed file in the feed, keeps serving when a broken one arrives, and counts both', async () => {
    const seeds = seedDir({ 'a.txt': ALPHA });
    const child = spawn(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/start.ts`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', CATALOG_SEEDS: seeds },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const logged = (msg: string) =>
      new Promise<void>((resolve) => {
        const check = () => stderr.includes(`"msg":"${msg}"`) && resolve();
        child.stderr.on('data', check);
        check();
      });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      await logged('http: listening');
      const port = Number(/"port":(\d+)/.exec(stderr)![1]);
      const feed = async () => (await fetch(`http://127.0.0.1:${port}/calendar.ics?lang=en`)).text();
      const metric = async (name: string) => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return Number(
          text
            .split('\n')
            .find((l) => l.startsWith(`${name} `))
            ?.split(' ')[1],
        );
      };
      expect(await feed()).toContain('SUMMARY:Alpha Workshop 2026');
      expect(await feed()).not.toContain('Beta Symposium');

      const reloaded = logged('catalog: reloaded');
      writeFileSync(join(seeds, 'b.txt'), BETA);
      await reloaded;
      expect(await feed()).toContain('SUMMARY:Beta Symposium 2026');
      expect(await metric('catalog_bot_catalog_entries')).toBe(2);
      expect(await metric('catalog_bot_catalog_reloads_total{outcome="applied"}')).toBe(1);

      const rejected = logged('catalog: broken.txt:1: error: no title could be read from this header');
      writeFileSync(join(seeds, 'broken.txt'), BROKEN);
      await rejected;
      expect(await feed()).toContain('SUMMARY:Beta Symposium 2026');
      expect(await metric('catalog_bot_catalog_entries')).toBe(2);
      expect(await metric('catalog_bot_catalog_reloads_total{outcome="rejected"}')).toBe(1);
      expect(await metric('catalog_bot_catalog_rejected_lint_problems{severity="error"}')).toBe(1);
      expect(await metric('catalog_bot_catalog_reload_refused_files{file="broken.txt",cause="lint-errors"}')).toBe(1);
      expect(await metric('catalog_bot_catalog_watching')).toBe(1);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ watch: { watching: true }, store: { kind: 'sqlite', state: 'ok', writable: true } });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
