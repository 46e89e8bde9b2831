import { fromLoopback, parseMaxUploadBytes, parsePublicUrl } from "../src/serve/options";
import { choosePort, leadsHere, mountPath, parsePort } from "../src/serve/origin";
import type { Served } from "../src/serve/servedElements";

const storage = (fullName: string, baseUrl: string) => ({ fullName, baseUrl, urlPath: `/${fullName.replace(".", "/")}` }) as Served;

describe("where serve listens", () => {
  it("takes the port of the storages' local baseUrl, DiskType's default included, unless --port is given", () => {
    expect(choosePort([storage("storages.A", "http://localhost:3000")], "127.0.0.1", undefined)).toBe(3000);
    expect(choosePort([storage("storages.A", "http://127.0.0.1:8080/files"), storage("storages.B", "http://localhost:8080")], "127.0.0.1", undefined)).toBe(
      8080,
    );
    expect(choosePort([storage("storages.A", "http://localhost")], "127.0.0.1", undefined)).toBe(80);
    expect(choosePort([storage("storages.A", "https://files.example.com")], "127.0.0.1", 0)).toBe(0);
  });

  it("asks for --port when the baseUrls name no single local port", () => {
    for (const bases of [["https://files.example.com"], ["http://files.example.com:3000"], ["http://localhost:3000", "http://localhost:3001"]]) {
      const storages = bases.map((base, i) => storage(`storages.S${i}`, base));
      expect(() => choosePort(storages, "127.0.0.1", undefined)).toThrow(expect.objectContaining({ code: "E_USAGE" }));
    }
    // A baseUrl naming this machine by the address it listens on counts too.
    expect(choosePort([storage("storages.A", "http://10.1.2.3:9000")], "10.1.2.3", undefined)).toBe(9000);
  });

  it("says whether a storage's URLs lead to the server, and under which path", () => {
    expect(leadsHere(storage("storages.A", "http://localhost:3000"), "127.0.0.1", 3000)).toBe(true);
    expect(leadsHere(storage("storages.A", "http://localhost:3000"), "0.0.0.0", 3000)).toBe(true);
    expect(leadsHere(storage("storages.A", "http://localhost:3000"), "127.0.0.1", 4000)).toBe(false);
    expect(leadsHere(storage("storages.A", "http://localhost:3000"), "10.1.2.3", 3000)).toBe(false);
    expect(mountPath(storage("storages.A", "http://localhost:3000/files/"), "127.0.0.1")).toBe("/files");
    expect(mountPath(storage("storages.A", "https://cdn.example.com/files"), "127.0.0.1")).toBe("");
  });

  it("refuses a port that is not one", () => {
    for (const text of ["-1", "65536", "80a", ""]) expect(() => parsePort(text)).toThrow(expect.objectContaining({ code: "E_USAGE" }));
    expect(parsePort("0")).toBe(0);
  });
});

describe("serve's other options", () => {
  it("takes a public URL without query or credentials, and drops its trailing slash", () => {
    expect(parsePublicUrl("https://files.example.com/app/")).toBe("https://files.example.com/app");
    expect(parsePublicUrl("http://localhost:3000")).toBe("http://localhost:3000");
    for (const text of [
      "files.example.com",
      "ftp://files.example.com",
      "https://a.example.com/?x=1",
      "https://user:pw@a.example.com",
      "https://a.example.com/#top",
    ]) {
      expect(() => parsePublicUrl(text)).toThrow(expect.objectContaining({ code: "E_USAGE" }));
    }
  });

  it("takes a byte count of at least 1 for --max-upload-bytes", () => {
    expect(parseMaxUploadBytes("1048576")).toBe(1048576);
    for (const text of ["0", "-1", "1.5", "1MiB", "", "99999999999999999999"]) {
      expect(() => parseMaxUploadBytes(text)).toThrow(expect.objectContaining({ code: "E_USAGE" }));
    }
  });

  it("counts only this machine's addresses as loopback peers for --allow-uploads", () => {
    for (const address of ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"]) expect(fromLoopback(address)).toBe(true);
    for (const address of ["10.0.0.1", "::ffff:10.0.0.1", "::2", "1127.0.0.1", undefined]) expect(fromLoopback(address)).toBe(false);
  });

  it("counts a baseUrl equal to --public-url as leading here", () => {
    expect(leadsHere(storage("storages.A", "https://files.example.com"), "127.0.0.1", 3000, "https://files.example.com")).toBe(true);
    expect(leadsHere(storage("storages.A", "https://files.example.com"), "127.0.0.1", 3000)).toBe(false);
  });
});
