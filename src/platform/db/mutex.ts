// A first-come, first-served async mutex: PGlite is one connection, so every user takes turns.
//
// The lock passes to the next waiter on a later turn of the event loop, not in a microtask: PGlite runs a statement
// synchronously, so a queue of users handed the lock microtask after microtask would run as one long task and hold
// up every socket until it drained (measured: stalls of a second and timed-out requests with 500 visitors searching
// at once). Between two holders the loop reads requests and sends answers.

export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves once the lock is held; call the returned function exactly once to let the next waiter in. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = () => setImmediate(resolve);
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => held);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
