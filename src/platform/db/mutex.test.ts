import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex.js';

describe('Mutex', () => {
  it('lets holders in one at a time, first come first served', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const hold = (name: string) =>
      mutex.run(async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('hands the lock over on a later turn of the event loop, so work queued meanwhile runs in between', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const first = mutex.run(async () => {
      // What a socket's answer or a new request would be: queued while the first holder still has the lock.
      setImmediate(() => events.push('event loop'));
      events.push('first');
    });
    const second = mutex.run(async () => {
      events.push('second');
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['first', 'event loop', 'second']);
  });

  it('lets the next waiter in when a holder throws', async () => {
    const mutex = new Mutex();
    await expect(mutex.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run(async () => 'next')).resolves.toBe('next');
  });
});
