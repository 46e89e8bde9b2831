/** Query parameters and headers whose values are credentials or signatures. */
const SIGNED_PARAMS = /((?:X-Amz-(?:Signature|Credential|Security-Token)|Signature|signature|sig|token|access_token)=)[^&\s"'<>]+/g;
const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?)[^"'\n]+/gi;

/** Removes every secret value and every signature from a text meant for an error message or a log. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(SIGNED_PARAMS, "$1***").replace(AUTH_HEADER, "$1***");
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("***");
  }
  return out;
}

/** Config fields whose values are secrets, by name: redacted from messages, scaffolded as `${VAR}`. */
const SECRET_FIELD = /secret|password|passphrase|token|credential|signing[_-]?key|private[_-]?key|api[_-]?key|account[_-]?key/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** The config values that are secrets, by the name of their field. */
export function secretsOf(config: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (typeof value === "string") {
      if (isSecretField(key)) found.push(value);
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(config, "");
  return found;
}
