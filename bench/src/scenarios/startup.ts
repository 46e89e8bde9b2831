import { runChild, runNode } from "../harness/child";
import type { Context, Plan, Scenario } from "../harness/types";
import { ensureS3 } from "../support/s3";

/**
 * Process start to the first `getElement` of an S3 storage (not used), against `node -e 0`. What matters is
 * that no AWS SDK module is loaded by then (a child process checks its own module cache); the times show
 * what the application costs at start-up. Both are wall times from spawn to exit.
 */
export const startupScenario: Scenario = {
  id: "start/first getElement",
  async prepare(context: Context): Promise<Plan> {
    await ensureS3(context); // the element's config references ${S3_*}
    return {
      unit: "ms",
      sides: {
        async ours() {
          const { sample, wallMs } = await runChild("firstGetElement", {});
          return { value: wallMs, rssMiB: sample.rssMiB, detail: sample.detail };
        },
        async "node -e 0"() {
          const { wallMs } = await runNode(["-e", "0"]);
          return { value: wallMs };
        },
      },
      rows: [
        {
          scenario: "process start to first getElement (S3, unused)",
          baseline: ["node -e 0"],
          target: { label: "no AWS module loaded", check: (samples) => samples.length > 0 && samples.every((s) => s.detail?.awsModules === 0) },
        },
      ],
    };
  },
};
