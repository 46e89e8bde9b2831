import type { Scenario } from "../harness/types";
import { createAppScenario } from "./createApp";
import { diskScenario } from "./disk";
import { folderListingScenario } from "./folderListing";
import { getElementScenario } from "./getElement";
import { manyDownloadsScenario, previewScenario } from "./server";
import { largeDownloadScenario, largeUploadScenario } from "./large";
import { signUrlScenario } from "./signUrl";
import { smallObjectScenario } from "./smallObjects";
import { startupScenario } from "./startup";
import { syncScenario } from "./sync";

/** Every scenario, in the order the table lists them. */
export const SCENARIOS: readonly Scenario[] = [
  createAppScenario,
  getElementScenario,
  startupScenario,
  signUrlScenario,
  smallObjectScenario("upload", 1),
  smallObjectScenario("upload", 16),
  smallObjectScenario("download", 1),
  smallObjectScenario("download", 16),
  folderListingScenario,
  largeUploadScenario,
  largeDownloadScenario,
  diskScenario,
  previewScenario,
  manyDownloadsScenario,
  syncScenario,
];
