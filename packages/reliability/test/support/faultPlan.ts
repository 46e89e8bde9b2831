/** What the fault proxy can do to one request. */
export const FAULT_KINDS = [
  "resetRequest", // RST while the request (headers, part of the body) is still arriving; nothing reaches the server
  "resetResponse", // the server handles the request; the client gets part of the response, then an RST
  "status500", // a 500 InternalError with an S3 XML body; nothing reaches the server
  "status503", // a 503 SlowDown with an S3 XML body; nothing reaches the server
  "stall", // no answer at all, for longer than the client's timeout
  "truncate", // the whole response headers, then fewer body bytes than Content-Length, then close
  "wrongLength", // the whole body, but a Content-Length that promises more, then close
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults that only make sense on a response that has a body (a GET that succeeded). */
export const BODY_FAULTS: ReadonlySet<FaultKind> = new Set(["truncate", "wrongLength"]);

export interface RequestHead {
  method: string;
  /** Path and query, as sent (`/bucket/key?uploadId=...`). */
  url: string;
}

export interface FaultRule {
  /** One kind, or a list to pick from at random for each faulted request. */
  kind: FaultKind | readonly FaultKind[];
  /** Fault a matching request with this probability... */
  probability?: number;
  /** ...or fault exactly the next `count` matching requests. */
  count?: number;
  method?: string | readonly string[];
  /** Matched against the path and query. */
  url?: RegExp;
}

export interface FaultPlan {
  rules: FaultRule[];
  /** Seeds the proxy's random choices, so a failing run can be replayed. */
  seed?: number;
}

/** A small seeded PRNG (mulberry32): enough to make fault choices reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chooses, for each request, the fault of the first rule that fires, or none. */
export class FaultChooser {
  private readonly rules: Array<FaultRule & { left: number }>;
  private readonly random: () => number;

  constructor(plan: FaultPlan) {
    this.rules = plan.rules.map((rule) => ({ ...rule, left: rule.count ?? Number.POSITIVE_INFINITY }));
    this.random = seededRandom(plan.seed ?? 1);
  }

  choose(head: RequestHead): FaultKind | undefined {
    for (const rule of this.rules) {
      if (rule.left <= 0 || !matches(rule, head)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (rule.probability === undefined && rule.count === undefined) continue;
      rule.left--;
      return this.pick(rule.kind);
    }
    return undefined;
  }

  private pick(kind: FaultKind | readonly FaultKind[]): FaultKind {
    if (typeof kind === "string") return kind;
    const chosen = kind[Math.floor(this.random() * kind.length)];
    if (chosen === undefined) throw new Error("a fault rule needs at least one kind");
    return chosen;
  }
}

function matches(rule: FaultRule, head: RequestHead): boolean {
  if (rule.method !== undefined) {
    const methods = typeof rule.method === "string" ? [rule.method] : rule.method;
    if (!methods.includes(head.method)) return false;
  }
  return rule.url === undefined || rule.url.test(head.url);
}

/**
 * The S3 operation a path-style request is, from its method, path and query: enough to tell the multipart
 * steps apart. (A CopyObject, told only by a header, counts as PutObject.)
 */
export function s3OperationOf({ method, url }: RequestHead): string {
  const [path = "", search = ""] = url.split("?", 2);
  const query = new URLSearchParams(search);
  const hasKey = path.split("/").filter(Boolean).length >= 2;
  switch (method) {
    case "POST":
      return query.has("uploads")
        ? "CreateMultipartUpload"
        : query.has("uploadId")
          ? "CompleteMultipartUpload"
          : query.has("delete")
            ? "DeleteObjects"
            : "POST";
    case "PUT":
      return query.has("partNumber") ? "UploadPart" : hasKey ? "PutObject" : "PUT";
    case "DELETE":
      return query.has("uploadId") ? "AbortMultipartUpload" : hasKey ? "DeleteObject" : "DELETE";
    case "HEAD":
      return hasKey ? "HeadObject" : "HEAD";
    case "GET":
      if (query.has("uploads")) return "ListMultipartUploads";
      if (query.has("uploadId")) return "ListParts";
      return hasKey ? "GetObject" : "ListObjects";
    default:
      return method;
  }
}

/** The S3 error document a real server sends with a 500 or a 503. */
export function s3ErrorXml(code: "InternalError" | "SlowDown", requestId: string): string {
  const message = code === "SlowDown" ? "Please reduce your request rate." : "We encountered an internal error. Please try again.";
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>fault-proxy</HostId></Error>`
  );
}
