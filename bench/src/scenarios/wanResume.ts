import { once } from "node:events";
import { runChild, spawnChild } from "../harness/child";
import type { Context, Plan, Scenario, Side } from "../harness/types";
import type { LargeTransferArgs } from "../tasks/largeTransfer";
import { freshPrefix } from "../support/keys";
import { largeFile, sizeLabel } from "../support/largeFile";
import { collectS3Garbage, ensureS3 } from "../support/s3";
import { type WanLink, startWanLink } from "../support/wanLink";

const MiB = 1024 * 1024;
/** storage-s3's default partSize, which the bench application keeps. */
const PART_MiB = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue #14's resume row: `uploadByPath(..., { resume: true })` in a child process through the WAN link,
 * killed with SIGKILL once half the file has gone through the link, then run again to the end. What
 * crossed the link twice (both runs' bytes up, minus the size) is the figure, against one part. S3 keeps
 * only whole parts: with `queueSize` parts in flight, up to `queueSize` parts' worth can go twice.
 */
function resumeSide(link: WanLink, file: string, size: number, queueSize: number | undefined): Side {
  return async () => {
    const args: LargeTransferArgs = { side: "ours upload resume", file, key: `${freshPrefix("wan-resume")}.bin`, size, queueSize };
    const start = link.bytesUp();
    const child = spawnChild("largeTransfer", args, link.childEnv);
    const exited = once(child, "exit");
    let finished = false;
    void exited.then(() => (finished = true));
    while (link.bytesUp() - start < size / 2 && !finished) await sleep(2);
    if (finished) throw new Error("the upload ended before it could be killed at half");
    child.kill("SIGKILL");
    await exited;
    // What the dead process had handed to its kernel still goes out: wait until the link is quiet.
    for (let last = -1; last !== link.bytesUp(); ) {
      last = link.bytesUp();
      await sleep(500);
    }
    const killedRun = link.bytesUp() - start;
    const resumeStart = link.bytesUp();
    await runChild("largeTransfer", args, { env: link.childEnv });
    const resumedRun = link.bytesUp() - resumeStart;
    const sentAgain = (killedRun + resumedRun - size) / MiB;
    return { value: Math.max(0, sentAgain), detail: { killedRunMiB: Math.round(killedRun / MiB), resumedRunMiB: Math.round(resumedRun / MiB) } };
  };
}

export function wanResume(size: number): Scenario {
  return {
    id: `wan/resume ${sizeLabel(size)}`,
    async prepare(context: Context): Promise<Plan> {
      const env = await ensureS3(context);
      const link = await startWanLink(context, env);
      const file = largeFile(context.tmpDir, size);
      const label = `kill -9 at 50% of ${sizeLabel(size)}, then resume: MiB sent again`;
      return {
        unit: "MiB",
        sides: {
          "ours, 16 parts in flight": resumeSide(link, file, size, undefined),
          "ours, 1 part in flight": resumeSide(link, file, size, 1),
          "one part": async () => ({ value: PART_MiB }),
        },
        rows: [
          { scenario: `${label}, queueSize 16 (default)`, ours: "ours, 16 parts in flight", baseline: ["one part"], target: { op: "<=", ratio: 1 } },
          { scenario: `${label}, queueSize 1 (put --parallel 1)`, ours: "ours, 1 part in flight", baseline: ["one part"], target: { op: "<=", ratio: 1 } },
        ],
        afterSample: () => collectS3Garbage(context, env),
        dispose: () => link.close(),
      };
    },
  };
}
