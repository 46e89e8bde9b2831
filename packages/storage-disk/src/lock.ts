/**
 * Runs tasks one at a time per name, in order of arrival; tasks under other names run freely.
 * Within one process this keeps an object's data file and its sidecar committed as a pair.
 */
export class NamedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(name, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }

  /** Holds several names at once, taken in sorted order so that two callers cannot deadlock. */
  runAll<T>(names: readonly string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(names)].sort();
    const take = (index: number): Promise<T> => {
      const name = sorted[index];
      return name === undefined ? task() : this.run(name, () => take(index + 1));
    };
    return take(0);
  }
}
