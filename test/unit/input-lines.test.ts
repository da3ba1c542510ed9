/** `ask --jsonl` input: one message per "\n" line; CRLF tolerated; a bare CR stays inside its message. */
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inputLines } from '../../src/cli/lines.js';
import { ROOT } from '../helpers.js';

async function lines(chunks: Array<Buffer | string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of inputLines(Readable.from(chunks))) out.push(line);
  return out;
}

describe('inputLines', () => {
  it('splits on \\n only, drops the CR of CRLF, keeps a bare CR, keeps a last line without \\n', async () => {
    expect(await lines(['a\r\nb\rc\n', '\n', 'last'])).toEqual(['a', 'b\rc', '', 'last']);
  });

  it('joins a line and a UTF-8 character split across chunks', async () => {
    const bytes = Buffer.from('病理\r\nECG\n');
    expect(await lines([bytes.subarray(0, 4), bytes.subarray(4, 9), bytes.subarray(9)])).toEqual(['病理', 'ECG']);
  });
});

describe('ask --jsonl', () => {
  it('answers one reply per input line even when a message holds a bare CR', () => {
    const r = spawnSync(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/ask.ts`, '--jsonl', '--lang', 'en'], {
      input: 'papers about ECG\r\n/dataset\rCMB\r\n/help\n',
      encoding: 'utf8',
      cwd: ROOT,
      timeout: 60_000,
      env: { ...process.env, DATABASE_PATH: ':memory:' },
    });
    expect(r.status).toBe(0);
    const replies = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { intent: string });
    expect(replies.map((x) => x.intent)).toHaveLength(3);
    expect(replies[2]!.intent).toBe('help');
  }, 60_000);
});
