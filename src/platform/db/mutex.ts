// A first-come, first-served async mutex: PGlite is one connection, so every user takes turns.

export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves once the lock is held; call the returned function exactly once to let the next waiter in. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
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
