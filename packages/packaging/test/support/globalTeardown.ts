import { rmSync } from "node:fs";
import s3Teardown from "../../../storage-s3/test/support/globalTeardown";

export default function globalTeardown(): void {
  if (process.env.ELEMENTAL_PACKS) rmSync(process.env.ELEMENTAL_PACKS, { recursive: true, force: true });
  s3Teardown();
}
