/**
 * Shutdown and faults: a message in flight is answered before the bot stops; a platform
 * that cannot connect is retried with back-off and reported, the others keep running;
 * `npm start` with HTTP_PORT and no token serves /healthz and exits cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { platformModule, type TelegramReceiver } from '../../adapters/telegram/index.js';
import { systemClock } from '../../src/clock.js';
import type { EngineAccess } from '../../src/engine/access.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import { Health } from '../../src/runtime/health.js';
import { backoffDelay, PlatformRunner, type Startable } from '../../src/runtime/platforms.js';
import { runShutdown } from '../../src/runtime/shutdown.js';
import { FakeClock } from '../fake-clock.js';
import { FakeTelegramApi, TEST_USERS } from '../fakes/telegram/index.js';
import { makeEngine, ROOT, testActor } from '../helpers.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('graceful shutdown', () => {
  it('answers the message in flight, then stops taking updates and closes the platform', async () => {
    const fake = await FakeTelegramApi.start();
    const engine = makeEngine();
    const entered = deferred();
    const release = deferred();
    const dispatcher = new Dispatcher({
      handle: async (event, actor, place) => {
        entered.resolve();
        await release.promise;
        return engine.handle(event, actor, place);
      },
      commands: () => engine.commands(),
    });
    const receiver = platformModule.createReceiver({ token: fake.token, apiRoot: fake.apiRoot }, { clock: systemClock, log: () => undefined }) as TelegramReceiver;
    receiver.bot.botInfo = fake.botInfo;
    await receiver.start(dispatcher.access);
    try {
      fake.privateText('/paper ecg', { from: TEST_USERS.en });
      await entered.promise;
      expect(dispatcher.pending).toBe(1);

      const steps: string[] = [];
      const shutdown = runShutdown(
        [
          {
            name: 'platforms',
            run: async () => {
              await receiver.stop();
              steps.push('platforms');
            },
          },
          {
            name: 'requests in flight',
            run: async () => {
              await dispatcher.close();
              steps.push('requests');
            },
          },
          { name: 'database', run: () => void steps.push('database') },
        ],
        { log: () => undefined, deadlineMs: 10_000 },
      );
      expect(steps).toEqual([]);
      release.resolve();
      expect(await shutdown).toBe(true);
      expect(steps).toEqual(['platforms', 'requests', 'database']);
      // The answer was delivered before the platform closed.
      expect(fake.messages(TEST_USERS.en.id)).toHaveLength(1);
      expect(fake.longPollHeld).toBe(false);
      // Nothing new is taken after close.
      expect(await dispatcher.access.handle({ type: 'text', text: 'hi' }, testActor(), { platform: 'telegram', address: 'telegram:1', group: false })).toEqual({ type: 'none' });
    } finally {
      await fake.close();
    }
  });

  it('gives up waiting at the deadline and says so', async () => {
    const clock = new FakeClock();
    const logs: string[] = [];
    const never = new Promise<void>(() => undefined);
    let result: boolean | undefined;
    void runShutdown([{ name: 'stuck', run: () => never }], { log: (m) => logs.push(m), deadlineMs: 5000, clock }).then((r) => (result = r));
    await clock.advance(4999);
    expect(result).toBeUndefined();
    await clock.advance(1);
    expect(result).toBe(false);
    expect(logs).toEqual(['shutdown: not finished within 5 s; exiting anyway']);
  });

  it('runs the later steps when one fails', async () => {
    const logs: string[] = [];
    const ran: string[] = [];
    const ok = await runShutdown(
      [
        { name: 'a', run: () => Promise.reject(new Error('boom')) },
        { name: 'b', run: () => void ran.push('b') },
      ],
      { log: (m) => logs.push(m) },
    );
    expect(ok).toBe(true);
    expect(ran).toEqual(['b']);
    expect(logs).toEqual(['shutdown: a failed']);
  });
});

/** A receiver that fails its first `failures` starts. */
class FlakyReceiver implements Startable<EngineAccess> {
  starts = 0;
  stopped = 0;
  constructor(
    readonly platform: string,
    private readonly failures: number,
  ) {}
  async start(_engine: EngineAccess): Promise<void> {
    this.starts++;
    if (this.starts <= this.failures) throw new Error(`connect ECONNREFUSED (attempt ${this.starts})`);
  }
  async stop(): Promise<void> {
    this.stopped++;
  }
}

/** What the receivers are started with here (they never call it). */
const IDLE: EngineAccess = { handle: async () => ({ type: 'none' }), commands: () => [] };

describe('platform start with back-off', () => {
  it('retries a platform that cannot connect, reports it, and leaves the others running', async () => {
    const clock = new FakeClock();
    const health = new Health();
    health.catalogLoaded(1, 0);
    const flaky = new FlakyReceiver('telegram', 2);
    const steady = new FlakyReceiver('discord', 0);
    const connected = deferred();
    const failures: string[] = [];
    const runner = new PlatformRunner(flaky, IDLE, {
      health,
      log: () => undefined,
      backoff: { initialMs: 1000, maxMs: 60_000, jitter: 0 },
      onFailure: (e) => failures.push((e as Error).message),
      onConnected: () => connected.resolve(),
      clock,
    });
    const other = new PlatformRunner(steady, IDLE, { health, log: () => undefined, clock });
    await Promise.all([runner.start(), other.start()]);

    // After the first attempts: Discord is up, Telegram is retrying, so the bot is not ready.
    let report = health.report();
    expect(report.platforms.discord).toMatchObject({ state: 'connected' });
    expect(report.platforms.telegram).toMatchObject({ state: 'retrying', error: 'connect ECONNREFUSED (attempt 1)', attempts: 1 });
    expect(report.ready).toBe(false);

    // Retried after 1 s, then after 2 s more.
    await clock.advance(999);
    expect(flaky.starts).toBe(1);
    await clock.advance(1);
    expect(flaky.starts).toBe(2);
    await clock.advance(1999);
    expect(flaky.starts).toBe(2);
    await clock.advance(1);
    await connected.promise;
    report = health.report();
    expect(report.platforms.telegram).toMatchObject({ state: 'connected' });
    expect(report.ready).toBe(true);
    expect(flaky.starts).toBe(3);
    expect(failures).toEqual(['connect ECONNREFUSED (attempt 1)', 'connect ECONNREFUSED (attempt 2)']);

    await Promise.all([runner.stop(), other.stop()]);
    expect([flaky.stopped, steady.stopped]).toEqual([1, 1]);
    expect(health.report().platforms.telegram!.state).toBe('stopped');
  });

  it('stops retrying when the bot stops', async () => {
    const clock = new FakeClock();
    const health = new Health();
    const flaky = new FlakyReceiver('discord', 1000);
    const runner = new PlatformRunner(flaky, IDLE, { health, log: () => undefined, backoff: { initialMs: 60_000, jitter: 0 }, clock });
    await runner.start();
    await runner.stop();
    await clock.advance(10 * 60_000);
    expect(flaky.starts).toBe(1);
    expect(flaky.stopped).toBe(0);
  });

  it('reports a start that hangs (a library retrying inside start) and abandons it at stop', async () => {
    const health = new Health();
    const stuck = new FlakyReceiver('telegram', 0);
    const release = deferred();
    stuck.start = async () => {
      stuck.starts++;
      await release.promise;
      throw new Error('aborted');
    };
    stuck.stop = async () => {
      stuck.stopped++;
      release.resolve();
    };
    const clock = new FakeClock();
    const logs: string[] = [];
    const runner = new PlatformRunner(stuck, IDLE, { health, log: (m) => logs.push(m), slowStartMs: 15_000, clock });
    void runner.start();
    await clock.advance(14_999);
    expect(health.report().platforms.telegram).toMatchObject({ state: 'starting' });
    await clock.advance(1);
    expect(logs).toEqual(['telegram: not connected after 15 s; still trying']);
    expect(health.report().platforms.telegram).toMatchObject({ state: 'retrying', error: 'not connected after 15 s; still trying' });
    await runner.stop();
    expect(stuck.stopped).toBe(1);
    expect(health.report().platforms.telegram!.state).toBe('stopped');
  });

  it('waits longer after each failure, up to the cap', () => {
    const b = { initialMs: 1000, maxMs: 60_000, factor: 2, jitter: 0 };
    expect([1, 2, 3, 4, 7, 20].map((n) => backoffDelay(n, b))).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000]);
    const jittered = backoffDelay(1, { ...b, jitter: 0.2 }, () => 1);
    expect(jittered).toBe(1200);
  });
});

describe('npm start as a server (HTTP_PORT, no platform token, no terminal)', () => {
  it('serves /healthz, then stops cleanly on SIGTERM', async () => {
    const child = spawn(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/start.ts`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const m = /"port":(\d+)[^\n]*"msg":"http: listening"/.exec(stderr);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', catalog: { loaded: true, entries: 75 } });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // tsx forwards the signal to the bot's process.
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; clean?: boolean });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['catalog loaded', 'http: listening', 'stopped']));
    expect(lines.find((l) => l.msg === 'stopped')).toMatchObject({ clean: true });
  });
});
