import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServableStorage } from "../src/serve/diskHandlers";
import { choosePort, leadsHere, mountPath, parsePort } from "../src/serve/origin";
import { requestChain } from "../src/serve/requestChain";

const storage = (fullName: string, baseUrl: string) => ({ fullName, baseUrl, urlPath: `/${fullName.replace(".", "/")}` }) as unknown as ServableStorage;

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

describe("the request chain", () => {
  it("strips a mount path, passes what a handler declines to the next, and answers 404 last", () => {
    const seen: string[] = [];
    const declining = (name: string) => (req: IncomingMessage, _res: ServerResponse, next?: () => void) => {
      seen.push(`${name} ${req.url}`);
      next?.();
    };
    const ended: number[] = [];
    const res = { writeHead: (status: number) => ended.push(status) && res, end: () => undefined } as unknown as ServerResponse;
    const chain = requestChain(
      [
        { handler: declining("a"), mountPath: "/files" },
        { handler: declining("b"), mountPath: "" },
      ],
      () => undefined,
    );
    chain({ url: "/files/storages/A/x?sig=1" } as IncomingMessage, res);
    chain({ url: "/other" } as IncomingMessage, res);
    expect(seen).toEqual(["a /storages/A/x?sig=1", "b /files/storages/A/x?sig=1", "b /other"]);
    expect(ended).toEqual([404, 404]);
  });
});
