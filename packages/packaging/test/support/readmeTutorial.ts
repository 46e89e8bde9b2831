/**
 * The README's tutorial as one bash script: its `bash` blocks in order, and each `ts` block written to the
 * file that the sentence before it names ("Save this as `files.ts`"), so that the test runs exactly what a
 * reader types and saves.
 */
export function tutorialScript(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`the README has no "## ${heading}" section`);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const steps: string[] = [];
  let previousEnd = 0;
  for (const match of section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const [, language, body = ""] = match;
    const before = section.slice(previousEnd, match.index);
    previousEnd = (match.index ?? 0) + match[0].length;
    if (language === "bash") steps.push(body);
    else if (language === "ts") steps.push(`cat > ${fileNamed(before)} <<'ELEMENTAL_TUTORIAL_EOF'\n${body}ELEMENTAL_TUTORIAL_EOF\n`);
  }
  if (steps.length === 0) throw new Error(`"## ${heading}" has no bash block`);
  return steps.join("\n");
}

function fileNamed(text: string): string {
  const names = [...text.matchAll(/Save this as `([^`]+)`/g)];
  const name = names.at(-1)?.[1];
  if (name === undefined || !/^[\w.-]+$/.test(name)) throw new Error(`a ts block of the tutorial does not say where to save it:\n${text}`);
  return name;
}
