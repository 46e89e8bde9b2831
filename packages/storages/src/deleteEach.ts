import { checkSignal } from "./arguments";
import { StorageError } from "./errors";
import { keyProblem } from "./keys";
import type { DeleteManyResult, OperationOptions } from "./types";

interface DeleteSteps {
  /** Removes valid keys, returning those that failed. */
  remove: (valid: string[]) => Promise<Array<{ name: string; error: unknown }>>;
  /** The StorageError a failure about `name` is reported as. */
  wrap: (error: unknown, name: string | undefined) => StorageError;
}

/** deleteMany: invalid keys are reported without stopping the others, and each failure names its key. */
export async function deleteEach(names: readonly string[], options: OperationOptions, steps: DeleteSteps): Promise<DeleteManyResult> {
  if (!Array.isArray(names)) throw steps.wrap(new StorageError("E_INVALID_ARGUMENT", "names must be an array of keys"), undefined);
  const result: DeleteManyResult = { deleted: [], errors: [] };
  const valid: string[] = [];
  for (const name of names) {
    const problem = keyProblem(name);
    if (problem) result.errors.push({ name, error: steps.wrap(new StorageError("E_INVALID_KEY", problem), name) });
    else valid.push(name);
  }
  let failures: Array<{ name: string; error: unknown }>;
  try {
    checkSignal(options.signal);
    options.signal?.throwIfAborted();
    failures = await steps.remove(valid);
  } catch (error) {
    failures = valid.map((name) => ({ name, error }));
  }
  const failed = new Set(failures.map((failure) => failure.name));
  result.deleted.push(...valid.filter((name) => !failed.has(name)));
  result.errors.push(...failures.map(({ name, error }) => ({ name, error: steps.wrap(error, name) })));
  return result;
}
