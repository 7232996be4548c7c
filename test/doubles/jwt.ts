// Unsigned JWTs for the doubles: msal-node only decodes ID tokens, and the fake Partner Center only reads claims.

import { randomUUID } from 'node:crypto';

export const PARTNER_CENTER_AUDIENCE = 'https://api.partnercenter.microsoft.com';
export const PARTNER_CENTER_APP_ID = 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd';

export function encodeUnsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  // A non-empty third segment: some parsers insist on three parts with content.
  return `${part({ typ: 'JWT', alg: 'none' })}.${part(claims)}.${Buffer.from('unsigned').toString('base64url')}`;
}

export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface AccessTokenClaims {
  tenantId: string;
  clientId?: string;
  audience?: string;
  objectId?: string;
  username?: string;
  mfa?: boolean;
  lifetimeSeconds?: number;
  scopes?: string;
}

/** An access token shaped like Entra ID's for Partner Center (reference 7.1). */
export function mintAccessToken(options: AccessTokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  return encodeUnsignedJwt({
    aud: options.audience ?? PARTNER_CENTER_AUDIENCE,
    iss: `https://sts.windows.net/${options.tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + (options.lifetimeSeconds ?? 3600),
    tid: options.tenantId,
    oid: options.objectId ?? randomUUID(),
    upn: options.username ?? 'agent@partner.example',
    appid: options.clientId ?? randomUUID(),
    azp: options.clientId ?? randomUUID(),
    scp: options.scopes ?? 'user_impersonation',
    amr: options.mfa === false ? ['pwd'] : ['pwd', 'mfa'],
    uti: randomUUID(),
  });
}
