import { redact, secretsOf } from "@elemental/storages";

describe("redact", () => {
  it("removes configured secrets and signature parameters", () => {
    const secrets = secretsOf({ accessKeyId: "AKIAVISIBLE", accessKeySecret: "wJalrXUtnFEMI/K7MDENG", nested: { token: "tok-123456" } });
    expect(secrets).toEqual(["wJalrXUtnFEMI/K7MDENG", "tok-123456"]);
    const text = "failed with wJalrXUtnFEMI/K7MDENG at http://h/b/k?X-Amz-Credential=AKIA%2Fx&X-Amz-Signature=abcdef0123&sig=zz and tok-123456";
    const out = redact(text, secrets);
    expect(out).toBe("failed with *** at http://h/b/k?X-Amz-Credential=***&X-Amz-Signature=***&sig=*** and ***");
    expect(out).toContain("http://h/b/k");
  });

  it("treats api keys, private keys and passphrases as secrets too", () => {
    expect(secretsOf({ apiKey: "k-1234567", privateKey: "pk-1234567", passphrase: "pp-1234567", bucketName: "visible" })).toEqual([
      "k-1234567",
      "pk-1234567",
      "pp-1234567",
    ]);
  });

  it("matches a key's name written with _ or - separators, and account keys", () => {
    const config = { accountKey: "ak-1234567", private_key: "pk-1234567", api_key: "k-1234567", "api-key": "k-7654321", signing_key: "sk-1234567" };
    expect(secretsOf({ ...config, accessKeyId: "visible", key_prefix: "visible", accountName: "visible" })).toEqual(Object.values(config));
  });
});
