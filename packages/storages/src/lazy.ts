/**
 * A promise made on first use and shared by every caller until it settles. A failure is not kept: the
 * next `get` tries again (a connection refused at start-up must not break the element for good).
 */
export class Lazy<T> {
  private pending: Promise<T> | undefined;

  constructor(private readonly make: () => Promise<T>) {}

  get(): Promise<T> {
    if (this.pending) return this.pending;
    const pending = new Promise<T>((resolve) => resolve(this.make()));
    this.pending = pending;
    pending.catch(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    return pending;
  }

  /** Forgets the value (the next `get` makes a new one) and returns the promise it held, if any. */
  clear(): Promise<T> | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }
}
