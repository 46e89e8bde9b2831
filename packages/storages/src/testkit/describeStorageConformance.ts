import { abortCases } from "./abortCases";
import { attributeCases } from "./attributeCases";
import { downloadAsCases } from "./downloadAsCases";
import { downloadToFileCases } from "./downloadToFileCases";
import { SuiteContext } from "./context";
import { errorCases } from "./errorCases";
import { folderListingCases } from "./folderListingCases";
import { headerCases } from "./headerCases";
import { invalidKeyCases } from "./invalidKeyCases";
import { keyNameCases } from "./keyNameCases";
import { largeObjectCases } from "./largeObjectCases";
import { cleanupCases, declarationCases } from "./lifecycleCases";
import { listingCases } from "./listingCases";
import { objectCases } from "./objectCases";
import type { AnyStorage, StorageConformanceOptions } from "./options";
import { progressCases } from "./progressCases";
import { rangeCases } from "./rangeCases";
import { roundTripCases } from "./roundTripCases";
import { selfCopyCases } from "./selfCopyCases";
import { signedUrlCases } from "./signedUrlCases";
import { uploadUrlCases } from "./uploadUrlCases";
import { visibilityCases } from "./visibilityCases";

/**
 * Registers the storage conformance suite (jest: describe/it/beforeAll/afterAll) for one storage. Every
 * run writes under its own random key prefix and deletes everything under it in afterAll.
 */
export function describeStorageConformance<S extends AnyStorage>(options: StorageConformanceOptions<S>): void {
  describe(options.name, () => {
    // The cases only use the public StorageBase API, so they see the storage as AnyStorage.
    const ctx = new SuiteContext(options as unknown as StorageConformanceOptions);
    beforeAll(() => ctx.start(), 120_000);
    afterAll(() => ctx.stop(), ctx.options.slowTimeoutMs);

    declarationCases(ctx);
    roundTripCases(ctx);
    largeObjectCases(ctx);
    keyNameCases(ctx);
    attributeCases(ctx);
    headerCases(ctx);
    objectCases(ctx);
    selfCopyCases(ctx);
    listingCases(ctx);
    folderListingCases(ctx);
    rangeCases(ctx);
    downloadToFileCases(ctx);
    signedUrlCases(ctx);
    downloadAsCases(ctx);
    uploadUrlCases(ctx);
    visibilityCases(ctx);
    abortCases(ctx);
    progressCases(ctx);
    invalidKeyCases(ctx);
    errorCases(ctx);
    cleanupCases(ctx);
  });
}
