/**
 * `npm start` with both platform tokens: one process runs the Telegram bot (long polling
 * through TELEGRAM_API_ROOT) and the Discord client (through DISCORD_REST_API) against
 * the fakes, /healthz turns ready once both are connected, each platform answers, and
 * SIGTERM stops everything with exit code 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/index.js';
import { FakeTelegramApi, TEST_USERS } from '../fakes/telegram/index.js';
import { ROOT } from '../helpers.js';

describe('npm start with Telegram and Discord configured', () => {
  it('runs both platforms in one process, reports them healthy, answers on each, and stops on SIGTERM', async () => {
    const telegram = await FakeTelegramApi.start();
    const discord = await FakeDiscord.start({ disallowPrivilegedIntents: true });
    const data = mkdtempSync(join(tmpdir(), 'catalog-bot-start-'));
    const child = spawn(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/start.ts`], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_REST_API: discord.restBase,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        DATABASE_PATH: join(data, 'bot.sqlite'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    /** Resolves once the bot's log (stderr) matches, rejects if the process exits first: no polling. */
    const logged = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(stderr);
          if (m) {
            child.stderr.off('data', check);
            child.off('exit', gone);
            resolve(m);
          }
        };
        const gone = () => reject(new Error(`npm start exited: ${stderr}`));
        child.stderr.on('data', check);
        child.once('exit', gone);
        check();
      });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const port = Number((await logged(/"port":(\d+)/))[1]);
      // Ready once both platforms have said they are connected.
      await logged(/telegram: connected[\s\S]*discord: connected|discord: connected[\s\S]*telegram: connected/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(JSON.stringify(await health.json())).toMatch(/telegram[\s\S]*discord|discord[\s\S]*telegram/);

      // Telegram: a private message, answered through the fake Bot API.
      const user = TEST_USERS.en;
      const update = telegram.privateText('/paper ecg', { from: user });
      await telegram.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
      expect(
        telegram
          .messages(user.id)
          .map((m) => m.text)
          .join('\n'),
      ).toContain('ECG');

      // Discord: a slash command, answered through the interaction callback.
      const { id } = discord.slashCommand('paper', { query: 'ecg' }, { locale: 'en-US' });
      await discord.waitForInteractionResponse(id);
      const [callback] = discord.interactionResponses(id);
      expect(callback?.type).toBe(4);
      expect(JSON.stringify(callback?.data.embeds)).toContain('ECG');
    } finally {
      child.kill('SIGTERM');
      const code = await exited;
      // On a failure the bot's last log lines say why.
      expect({ code, log: code === 0 ? '' : stderr.slice(-3000) }).toEqual({ code: 0, log: '' });
      await discord.close();
      await telegram.close();
      rmSync(data, { recursive: true, force: true });
    }
    expect(stderr).not.toContain(telegram.token);
    expect(stderr).not.toContain(discord.token);
  }, 30_000);
});
