import { CloudflareR2Storage } from "../../src/CloudflareR2Storage";

export default CloudflareR2Storage;
