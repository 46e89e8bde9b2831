import { diskStorageErrorOf } from "../src/fsErrors";

/** A Node file-system error as fs/promises makes it: errno code, system call, path in the message. */
function fsError(code: string, syscall: string, text: string): Error {
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '/srv/secret-place/objects/a.txt'`), { code, syscall, path: "/srv/secret-place/objects/a.txt" });
}

describe("diskStorageErrorOf", () => {
  it.each([
    ["ENOSPC", "write", "no space left on device", "E_UNAVAILABLE"],
    ["EMFILE", "open", "too many open files", "E_UNAVAILABLE"],
    ["EROFS", "open", "read-only file system", "E_ACCESS_DENIED"],
    ["EACCES", "open", "permission denied", "E_ACCESS_DENIED"],
    ["ENAMETOOLONG", "open", "name too long", "E_INVALID_KEY"],
    ["EBUSY", "rename", "resource busy or locked", "E_UNKNOWN"],
  ])("%s from %s is %s, naming the errno and the call but not the path", (code, syscall, text, expected) => {
    expect(diskStorageErrorOf(fsError(code, syscall, text))).toEqual({ code: expected, detail: `${code}: ${text} (${syscall})` });
  });

  it("leaves what is not a file-system error to the common rules", () => {
    expect(diskStorageErrorOf(new Error("odd"))).toBeUndefined();
    expect(diskStorageErrorOf(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBeUndefined();
  });
});
