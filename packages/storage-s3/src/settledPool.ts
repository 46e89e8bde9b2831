/**
 * Runs `work` for 0..count-1, `concurrency` at a time. The first failure aborts `controller` (so the
 * requests in flight stop) and is thrown once every worker has stopped.
 */
export async function settledPool<R>(count: number, concurrency: number, controller: AbortController, work: (index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(count);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < count && failure === undefined) {
      const index = next++;
      try {
        results[index] = await work(index);
      } catch (error) {
        failure ??= { error };
        controller.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failure) throw failure.error;
  return results;
}
