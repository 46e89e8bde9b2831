import type { ElementDefine } from "./declaration";

/**
 * Selectors, as in JitAi's `findElements`, comma-separated for a union:
 * - `storages.MyS3`: that element;
 * - `.storages.AwsS3Type`: every element whose type chain contains that Type (its instances and sub-Types);
 * - `storages.*`: every element whose fullName starts with `storages.`.
 */
export function selectElements(selector: string, defines: ReadonlyMap<string, ElementDefine>): ElementDefine[] {
  const found = new Map<string, ElementDefine>();
  for (const part of selector
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    for (const define of selectOne(part, defines)) found.set(define.fullName, define);
  }
  return [...found.values()];
}

function selectOne(part: string, defines: ReadonlyMap<string, ElementDefine>): ElementDefine[] {
  if (part.startsWith(".")) {
    const typeName = part.slice(1);
    return [...defines.values()].filter((define) => typeChain(define, defines).includes(typeName));
  }
  if (part.endsWith(".*")) {
    const prefix = part.slice(0, -1);
    return [...defines.values()].filter((define) => define.fullName.startsWith(prefix));
  }
  const exact = defines.get(part);
  return exact ? [exact] : [];
}

/** The fullNames of an element's type, its type's type, and so on up to the Meta. */
export function typeChain(define: ElementDefine, defines: ReadonlyMap<string, ElementDefine>): string[] {
  const chain: string[] = [];
  let current: ElementDefine | undefined = define;
  while (current && current.type !== "" && !chain.includes(current.type)) {
    chain.push(current.type);
    current = defines.get(current.type);
  }
  return chain;
}
