import { MASK, maskSecrets, unmask } from "../src/maskSecrets";

test("a reference's default in a secret field is masked, the variable's name is shown", () => {
  expect(maskSecrets({ password: "${DB_PASSWORD:-hunter2}", accessKeySecret: "${S3_SECRET}" })).toEqual({
    password: `\${DB_PASSWORD:-${MASK}}`,
    accessKeySecret: "${S3_SECRET}",
  });
});

test("every value under a secret field holding an object or an array is masked", () => {
  const schema = { type: "object", properties: { auth: { writeOnly: true } } } as never;
  expect(maskSecrets({ auth: { user: "u", pass: "p", ports: [1, 2] }, secrets: ["a", "b"], region: "eu" }, schema)).toEqual({
    auth: { user: MASK, pass: MASK, ports: [MASK, MASK] },
    secrets: [MASK, MASK],
    region: "eu",
  });
});

test("unmask restores masks inside arrays by index, and masked defaults from the stored reference", () => {
  const stored = {
    hooks: [
      { url: "a", password: "one" },
      { url: "b", password: "two" },
    ],
    token: "${TOKEN:-abc}",
  };
  const shown = maskSecrets(stored) as Record<string, unknown>;
  expect(JSON.stringify(shown)).not.toMatch(/one|two|abc/);
  expect(unmask({ ...shown, hooks: [...(shown.hooks as unknown[]), { url: "c", password: "three" }] }, stored)).toEqual({
    ...stored,
    hooks: [...stored.hooks, { url: "c", password: "three" }],
  });
});

test("a mask with nothing stored at its place is refused with a typed error, never saved as text", () => {
  expect(() => unmask({ hooks: [{ password: MASK }] }, { hooks: [] })).toThrow(expect.objectContaining({ code: "E_BAD_REQUEST" }));
  expect(() => unmask({ token: `\${OTHER:-${MASK}}` }, { token: "${TOKEN:-abc}" })).toThrow(expect.objectContaining({ code: "E_BAD_REQUEST" }));
});
