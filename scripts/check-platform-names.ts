/**
 * `npm run lint`: commands/ never names a platform, in code, strings or comments (issue 12).
 * A command is written once for every platform; what differs per platform belongs in its module.
 *
 * The names: Telegram, Discord and every other folder under adapters/, except `console`
 * (also the JavaScript global, and the local command line is not a chat platform).
 * Prints each hit as file:line:column and exits 1 when there is any.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHECKED = ['commands'];
const NOT_A_PLATFORM = new Set(['console']);

function platformNames(): string[] {
  const adapters = join(root, 'adapters');
  const folders = existsSync(adapters)
    ? readdirSync(adapters, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];
  return [...new Set(['telegram', 'discord', ...folders.map((f) => f.toLowerCase())])].filter((n) => !NOT_A_PLATFORM.has(n));
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

const escaped = platformNames().map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const pattern = new RegExp(escaped.join('|'), 'gi');
let hits = 0;
for (const dir of CHECKED.map((d) => join(root, d)).filter((d) => existsSync(d))) {
  for (const file of files(dir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      for (const m of line.matchAll(pattern)) {
        hits++;
        process.stderr.write(`${relative(root, file)}:${i + 1}:${m.index + 1}: names the platform "${m[0]}"\n`);
      }
    }
  }
}
if (hits > 0) {
  process.stderr.write(`\n${hits} platform name(s) in ${CHECKED.join(', ')}/: a command is written once for every platform; move what differs into the platform's module.\n`);
  process.exitCode = 1;
}
