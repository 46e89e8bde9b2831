import { describeS3Conformance } from "./support/conformance";

describeS3Conformance("storages.QiniuType");
