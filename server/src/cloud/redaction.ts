// Keeps secrets out of what a person or a log sees. Text from Partner Center (error descriptions, per-device
// results) can echo what was sent, the access token included, and ends up in notifications, logs, reports and
// the terminal. No `vscode` import: the CLI uses it too.

/** Shorter secrets are not matched verbatim: they would blank out ordinary words. */
const SHORTEST_SECRET = 8;
/** The most recent secrets kept (a long upload renews its token every hour). */
const SECRETS_KEPT = 16;

// The markers stay English in every language: BEARER below recognizes its own marker, and they sit inside text
// the service wrote (in English).
const REMOVED_TOKEN = '[token removed]';

/** Anything that looks like a JWT: three base64url parts, the first two starting `eyJ` (`{"` encoded). */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer\s+)(?!\[token removed\])[^\s"',;]+/gi;
/** A hardware hash, a refresh token or anything else long and unbroken. */
const LONG_RUN = /[A-Za-z0-9+/=_.-]{64,}/g;

/** Redacts the secrets it was given, and anything shaped like a token, from text. */
export class SecretRedactor {
  private readonly secrets: string[] = [];

  /** Remembers a secret (an access token sent in a request) so that it is removed wherever it shows up. */
  remember(secret: string): void {
    const value = secret.trim();
    if (value.length < SHORTEST_SECRET || this.secrets.includes(value)) return;
    this.secrets.push(value);
    if (this.secrets.length > SECRETS_KEPT) this.secrets.shift();
  }

  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}

/**
 * Removes each of `secrets` (also its JWT parts), bearer values, JWT-shaped strings and long unbroken runs
 * (`[long value removed]`: hardware hashes are as private as tokens).
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    result = result.split(secret).join(REMOVED_TOKEN);
    // A service may echo only the token's payload or signature.
    for (const part of secret.split('.')) {
      if (part.length >= 16) result = result.split(part).join(REMOVED_TOKEN);
    }
  }
  return result
    .replace(JWT, REMOVED_TOKEN)
    .replace(BEARER, (_match, prefix: string) => `${prefix}${REMOVED_TOKEN}`)
    .replace(LONG_RUN, '[long value removed]');
}
