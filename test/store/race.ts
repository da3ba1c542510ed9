/** Runs race-worker.ts in several processes at once and collects the keys each one won. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./race-worker.ts', import.meta.url));

/** Starts `count` workers with `args`, lets them all go at once, and returns each one's won keys. */
export async function race(count: number, args: string[], options: { openAfterGo?: boolean } = {}): Promise<string[][]> {
  const workers = Array.from({ length: count }, (_, i) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, `worker-${i}`, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, RACE_OPEN_AFTER_GO: options.openAfterGo ? '1' : '0' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const ready = new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (out.includes('ready\n')) resolve();
      };
      child.stdout.on('data', check);
      child.on('exit', (code) => reject(new Error(`worker ${i} exited (${code}) before ready: ${err}`)));
    });
    const done = new Promise<string[]>((resolve, reject) => {
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`worker ${i} exited with ${code}: ${err}`));
        const line = out.split('\n').find((l) => l.startsWith('won '));
        if (!line) return reject(new Error(`worker ${i} printed no result: ${out} ${err}`));
        resolve(JSON.parse(line.slice(4)) as string[]);
      });
    });
    done.catch(() => undefined);
    return { child, ready, done };
  });
  await Promise.all(workers.map((w) => w.ready));
  // One start instant for all, a little ahead, so no worker is through before another begins.
  const startAt = Date.now() + 300;
  for (const w of workers) w.child.stdin.end(`go ${startAt}\n`);
  return Promise.all(workers.map((w) => w.done));
}
