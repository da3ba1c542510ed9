/**
 * A full garbage collection on demand, between the phases of a large catalog's build: V8 grows
 * its heap rather than collect while a loader allocates, so without it the garbage of one phase
 * sits under the next (measured at 100k: 393 MB peak loading, 334 MB with a collection between
 * phases, and no slower). V8's `gc` is exposed on first use, without the --expose-gc flag.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
