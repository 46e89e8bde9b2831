import type { Sample, Side } from "./types";

export interface InterleaveOptions {
  warmups: number;
  runs: number;
  afterSample?: () => Promise<void>;
  /** Called before each sample, for progress output. */
  onSample?: (side: string, round: number, warmup: boolean) => void;
}

/**
 * Runs every side once per round, in a fixed order (ours, base, ours, base, ...), so that drift of the
 * machine (other processes, thermal state, a server filling up) falls on all sides alike. Warm-up rounds
 * come first and are not kept.
 */
export async function interleave(sides: Record<string, Side>, options: InterleaveOptions): Promise<Record<string, Sample[]>> {
  const names = Object.keys(sides);
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((name) => [name, []]));
  const rounds = options.warmups + options.runs;
  for (let round = 0; round < rounds; round++) {
    const warmup = round < options.warmups;
    for (const name of names) {
      options.onSample?.(name, round, warmup);
      const sample = await (sides[name] as Side)();
      if (!warmup) (samples[name] as Sample[]).push(sample);
      await options.afterSample?.();
    }
  }
  return samples;
}
