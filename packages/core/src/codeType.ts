import type { ElementDefine } from "./declaration";

export const REGISTERED_IN_CODE = "<registered in code>";

/** The declaration that stands for a Type registered in code rather than declared by an e.json. */
export function codeTypeDefine(fullName: string, root: string, options: { type?: string; title?: string } = {}): ElementDefine {
  const name = fullName.slice(fullName.lastIndexOf(".") + 1);
  return {
    fullName,
    name,
    title: options.title ?? name,
    type: options.type ?? "",
    kind: "type",
    backendBundleEntry: undefined,
    variables: [],
    accessModifier: "public",
    description: undefined,
    tag: undefined,
    cacheLevel: undefined,
    dir: root,
    file: REGISTERED_IN_CODE,
    appRoot: root,
    raw: {},
  };
}
