import type { ConsoleWorkspace } from "./workspace";

/**
 * The origins the page may fetch from and show images of: where each storage's signed URLs point (S3
 * endpoints; Disk URLs point at this server). Found by signing a URL, which sends no request.
 */
export async function storageOrigins(workspace: ConsoleWorkspace): Promise<string[]> {
  const { app } = await workspace.view();
  if (!app) return [];
  const storages = Object.values(app.getAllElementsDefine()).filter((define) => {
    try {
      return define.kind === "instance" && app.getTypeChain(define.fullName).includes("storages.Meta");
    } catch {
      return false;
    }
  });
  const origins = await Promise.all(
    storages.map(async ({ fullName }) => {
      try {
        const storage = await workspace.storage(fullName);
        return new URL(await storage.getSignUrl("elemental-console-origin", undefined, 60)).origin;
      } catch {
        return undefined;
      }
    }),
  );
  return [...new Set(origins.filter((origin): origin is string => origin !== undefined && /^https?:/.test(origin)))];
}
