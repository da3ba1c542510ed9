/** Vitest setup file: every test file's temporary directories are removed after its tests (test/temp-dirs.ts). */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.js';

afterAll(removeTempDirs);
