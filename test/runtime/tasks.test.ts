/** The task group: tracks work until it settles, refuses work once closed, waits with a grace on the clock. */
import { describe, expect, it } from 'vitest';
import { TaskGroup, TaskGroupClosedError } from '../../src/runtime/tasks.js';
import { FakeClock } from '../fake-clock.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('TaskGroup', () => {
  it('counts work until it settles, failed work too, and returns its result', async () => {
    const group = new TaskGroup();
    const a = deferred();
    const b = deferred();
    const first = group.run(() => a.promise.then(() => 'a'));
    const second = group.run(b.promise);
    expect(group.pending).toBe(2);
    a.resolve();
    expect(await first).toBe('a');
    expect(group.pending).toBe(1);
    b.reject(new Error('boom'));
    await expect(second).rejects.toThrow('boom');
    expect(group.pending).toBe(0);
  });

  it('close() stops taking work, even from work that runs, and waits for what runs', async () => {
    const group = new TaskGroup();
    const a = deferred();
    let refused: unknown;
    const first = group.run(() =>
      a.promise.then(() => {
        try {
          void group.run(async () => undefined);
        } catch (error) {
          refused = error;
        }
      }),
    );
    let closed: boolean | undefined;
    void group.close().then((done) => (closed = done));
    expect(() => group.run(async () => undefined)).toThrow(TaskGroupClosedError);
    expect(group.isClosed).toBe(true);
    await new Promise<void>((r) => setImmediate(r));
    expect(closed).toBeUndefined();
    a.resolve();
    await first;
    await new Promise<void>((r) => setImmediate(r));
    expect(refused).toBeInstanceOf(TaskGroupClosedError);
    expect(closed).toBe(true);
  });

  it('drained() also waits for work started while it waits', async () => {
    const group = new TaskGroup();
    const a = deferred();
    const b = deferred();
    void group.run(() => a.promise.then(() => void group.run(b.promise)));
    let drained: boolean | undefined;
    void group.drained().then((done) => (drained = done));
    a.resolve();
    await new Promise<void>((r) => setImmediate(r));
    expect(group.pending).toBe(1);
    expect(drained).toBeUndefined();
    b.resolve();
    await new Promise<void>((r) => setImmediate(r));
    expect(drained).toBe(true);
  });

  it('gives up at the grace period on its clock; drained() waits without closing', async () => {
    const clock = new FakeClock();
    const group = new TaskGroup({ clock });
    void group.run(new Promise<void>(() => undefined));
    let drained: boolean | undefined;
    void group.drained(1000).then((done) => (drained = done));
    await clock.advance(999);
    expect(drained).toBeUndefined();
    await clock.advance(1);
    expect(drained).toBe(false);
    expect(group.isClosed).toBe(false);
    let closed: boolean | undefined;
    void group.close(500).then((done) => (closed = done));
    await clock.advance(500);
    expect(closed).toBe(false);
    expect(group.pending).toBe(1);
  });
});
