/**
 * Temporary directories for a test file, removed once the file's tests are done (the
 * `afterAll` of `test/temp-dirs-cleanup.ts`, a vitest setup file): seed directories and
 * databases made by the helpers would otherwise pile up in the system's temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
