export { StorageSvc, type SvcUploadOptions, type PreviewUrlOptions } from "./StorageSvc";
export type { AttachmentItem } from "./attachment";
export type { StorageSvcConfig } from "./config";
export type { PreviewBody, PreviewBytes, PreviewInfo } from "./previews";
export type { PreviewTarget } from "./previewUrls";
export { FileRecords } from "./records";
export { RESERVED_PREFIX, EXPIRES_META } from "./recordKeys";
export { thumbnailName } from "./thumbnails";
