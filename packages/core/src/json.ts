import type { ParseError } from "jsonc-parser";
import { ElementError } from "./errors";

const BYTE_ORDER_MARK = "\uFEFF";

/**
 * Parses JSON text; on failure reports the file with line and column of the first error. A UTF-8 byte
 * order mark (Windows editors write one) is skipped.
 */
export function parseJson(text: string, file: string, details: { fullName?: string } = {}): unknown {
  const json = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch {
    throw jsonError(json, file, details.fullName);
  }
}

/**
 * JSON.parse messages differ across Node versions and quote the text around the error (which may be a
 * secret), so they are neither shown nor kept as `cause`; a second, tolerant parse locates the error.
 */
function jsonError(text: string, file: string, fullName: string | undefined): ElementError {
  // Loaded on this error path only: a healthy start-up never needs it.
  const { parse: parseTolerant, printParseErrorCode } = require("jsonc-parser") as typeof import("jsonc-parser");
  const errors: ParseError[] = [];
  try {
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses: deeply nested broken JSON overflows the stack. Report it without a location.
  }
  const first = errors[0];
  const offset = first?.offset ?? text.length;
  const reason = first ? printParseErrorCode(first.error) : "InvalidJson";
  const { line, column } = lineAndColumn(text, offset);
  return new ElementError("E_INVALID_JSON", `${file}:${line}:${column}: broken JSON (${reason})`, {
    fullName,
    file,
    help: "Fix the JSON syntax at the given line and column.",
  });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}
