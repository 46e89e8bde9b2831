export { diskPlugin, type DiskMount } from "./diskRoutes";
export { storageSvcPlugin } from "./svcRoutes";
export { createServer, type ElementalServer, type ServerOptions, type ServerPlugin, type ServerPluginContext } from "./createServer";
export { DEFAULT_MAX_UPLOAD_BYTES, type UploadRouteOptions } from "./uploadRoute";
export { statusOf } from "./errors";
export { closeOnSignals } from "./signals";
export { leaveBodiesUnread } from "./rawBodies";
