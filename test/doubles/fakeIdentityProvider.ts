// A fake Microsoft Entra ID on https://localhost:<port> that drives the real msal-node flows
// (reference: shared/reference/partner-center-and-sign-in.md, section 7.1). Tests only.

import { EventEmitter, once } from 'node:events';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INetworkModule } from '@azure/msal-node';
import { makeTestCertificate, type TestCertificate } from './selfSignedCertificate';
import { encodeUnsignedJwt, PARTNER_CENTER_AUDIENCE } from './jwt';
import { httpRequest as request, nodeNetworkClient } from '../../server/src/cloud/nodeHttp';

export interface FakeIdentityProviderSettings {
  clientId: string;
  tenantId: string;
  objectId: string;
  username: string;
  displayName: string;
  accessTokenLifetimeSeconds: number;
  /** The user's sign-ins carry `amr: mfa` even when nobody asked for it (as under a tenant-wide MFA policy). */
  mfaByDefault: boolean;
  /** msal polls the token endpoint every `interval` seconds while a device code is pending. */
  deviceCodeIntervalSeconds: number;
  /**
   * Customer tenants by domain: an authority of `/<domain>` or `/<tenant id>` signs the user in to that tenant (as a
   * GDAP partner signs in to a customer's), and its tokens carry that `tid`.
   */
  tenantDomains: Record<string, string>;
}

export interface IdpRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  mfa: boolean;
  tenant: string;
}

interface RefreshTokenGrant {
  scope: string;
  mfa: boolean;
  valid: boolean;
}

interface DeviceCodeGrant {
  userCode: string;
  scope: string;
  approved: boolean;
  redeemed: boolean;
  mfa: boolean;
  expiresAt: number;
  tenant: string;
}

export class FakeIdentityProvider {
  readonly requests: IdpRequest[] = [];
  /** Every access token, refresh token, ID token and code handed out: none of them may show up in logs. */
  readonly issuedSecrets: string[] = [];
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, RefreshTokenGrant>();
  private readonly deviceCodes = new Map<string, DeviceCodeGrant>();
  private readonly events = new EventEmitter();
  private stepUpPending = false;

  private constructor(
    private readonly server: https.Server,
    readonly origin: string,
    readonly ca: string,
    readonly settings: FakeIdentityProviderSettings,
  ) {}

  /**
   * `certificate`: one made beforehand, for clients that can only trust it from their start (an editor's extension
   * host reads NODE_EXTRA_CA_CERTS once, when it starts); by default a fresh one.
   */
  static async start(
    settings: Partial<FakeIdentityProviderSettings> = {},
    options: { certificate?: TestCertificate } = {},
  ): Promise<FakeIdentityProvider> {
    const certificate = options.certificate ?? makeTestCertificate();
    const server = https.createServer({ key: certificate.key, cert: certificate.cert });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const idp = new FakeIdentityProvider(server, `https://localhost:${port}`, certificate.cert, {
      clientId: '11111111-2222-3333-4444-555555555555',
      tenantId: randomUUID(),
      objectId: randomUUID(),
      username: 'agent@partner.example',
      displayName: 'Partner Agent',
      accessTokenLifetimeSeconds: 3600,
      mfaByDefault: true,
      deviceCodeIntervalSeconds: 0.02,
      tenantDomains: {},
      ...settings,
    });
    server.on('request', (req, res) => void idp.handle(req, res));
    return idp;
  }

  get authority(): string {
    return `${this.origin}/organizations`;
  }

  /** The extension's own msal network module (node:https), trusting this server's certificate. */
  networkClient(): INetworkModule {
    return nodeNetworkClient({ ca: this.ca });
  }

  /**
   * A scripted browser for `openBrowser`: loads the authorize page, reads its auto-submitting form and
   * posts it to msal's loopback listener, as a real browser would.
   */
  browser(): (url: string) => Promise<void> {
    return async (url) => {
      const page = await request(url, { ca: this.ca });
      if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${page.text}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
      if (!action) throw new Error('authorize page has no form');
      const fields = new URLSearchParams();
      for (const match of page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
        fields.append(unescapeHtml(match[1] ?? ''), unescapeHtml(match[2] ?? ''));
      }
      await request(unescapeHtml(action), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
      });
    };
  }

  /** The simulated user enters the code and signs in. */
  approveDeviceCode(userCode?: string): void {
    for (const grant of this.deviceCodes.values()) {
      if (userCode === undefined || grant.userCode === userCode) grant.approved = true;
    }
  }

  revokeRefreshTokens(): void {
    for (const grant of this.refreshTokens.values()) grant.valid = false;
  }

  /** The next refresh answers `interaction_required` (Conditional Access wants MFA). */
  requireStepUpOnce(): void {
    this.stepUpPending = true;
  }

  /** Resolves once `condition` holds, checking after every request the fake receives. */
  async waitUntil(condition: () => boolean): Promise<void> {
    while (!condition()) await once(this.events, 'request');
  }

  grants(grantType: string): IdpRequest[] {
    return this.requests.filter((entry) => entry.form['grant_type'] === grantType);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const body = await readBody(req);
    const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : {};
    const entry: IdpRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), form };
    this.requests.push(entry);
    res.on('finish', () => this.events.emit('request', entry));
    const [tenant = 'organizations', ...rest] = url.pathname.split('/').filter(Boolean);
    const route = `${req.method} /${rest.join('/')}`;
    if (route === 'GET /v2.0/.well-known/openid-configuration' || route === 'GET /.well-known/openid-configuration') {
      return json(res, 200, this.metadata(tenant));
    }
    if (route === 'GET /discovery/v2.0/keys') return json(res, 200, { keys: [] });
    const tenantId = this.tenantOf(tenant);
    if (!tenantId) {
      return oauthError(
        res,
        400,
        'invalid_tenant',
        `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
        90002,
      );
    }
    if (route === 'GET /oauth2/v2.0/authorize') return this.authorize(url, res, tenantId);
    if (route === 'POST /oauth2/v2.0/devicecode') return this.deviceCode(form, res, tenantId);
    if (route === 'POST /oauth2/v2.0/token') return this.token(form, res, tenantId);
    if (route === 'GET /devicelogin') return html(res, 200, '<p>Enter the code shown in your editor.</p>');
    return json(res, 404, { error: 'not_found', error_description: `No route ${route}` });
  }

  /** The tenant an authority's path names: the user's own for organizations/common, else a known id or domain. */
  private tenantOf(segment: string): string | undefined {
    const lower = segment.toLowerCase();
    if (lower === 'organizations' || lower === 'common') return this.settings.tenantId;
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(lower)) return lower;
    return Object.entries(this.settings.tenantDomains).find(([domain]) => domain.toLowerCase() === lower)?.[1];
  }

  private metadata(tenant: string): Record<string, unknown> {
    const base = `${this.origin}/${tenant}`;
    return {
      issuer: `${this.origin}/${this.tenantOf(tenant) ?? this.settings.tenantId}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${this.origin}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    };
  }

  private authorize(url: URL, res: ServerResponse, tenant: string): void {
    const query = url.searchParams;
    const problems: string[] = [];
    if (query.get('client_id') !== this.settings.clientId) problems.push('unknown client_id');
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(redirectUri)) problems.push('redirect_uri must be a loopback address');
    if (query.get('response_type') !== 'code') problems.push('response_type must be code');
    if (query.get('response_mode') !== 'form_post') problems.push('response_mode must be form_post');
    if (query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) problems.push('PKCE S256 required');
    if (!query.get('scope')) problems.push('scope missing');
    if (problems.length > 0) return html(res, 400, `<p>${escapeHtml(problems.join('; '))}</p>`);
    const code = `code-${randomBytes(16).toString('hex')}`;
    this.issuedSecrets.push(code);
    this.codes.set(code, {
      clientId: this.settings.clientId,
      redirectUri,
      challenge: query.get('code_challenge') ?? '',
      scope: query.get('scope') ?? '',
      mfa: this.settings.mfaByDefault || asksForMfa(query.get('claims')),
      tenant,
    });
    const fields = { code, state: query.get('state') ?? '', client_info: this.clientInfo() };
    const inputs = Object.entries(fields)
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('');
    html(
      res,
      200,
      `<html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}</form></body></html>`,
    );
  }

  private deviceCode(form: Record<string, string>, res: ServerResponse, tenant: string): void {
    if (form['client_id'] !== this.settings.clientId)
      return oauthError(res, 400, 'unauthorized_client', 'AADSTS700016: Application not found.', 700016);
    const deviceCode = `device-${randomBytes(16).toString('hex')}`;
    const userCode = randomBytes(4).toString('hex').toUpperCase();
    this.issuedSecrets.push(deviceCode);
    this.deviceCodes.set(deviceCode, {
      userCode,
      scope: form['scope'] ?? '',
      approved: false,
      redeemed: false,
      mfa: this.settings.mfaByDefault || asksForMfa(form['claims']),
      expiresAt: Date.now() + 900_000,
      tenant,
    });
    const verificationUri = `${this.origin}/devicelogin`;
    json(res, 200, {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: verificationUri,
      expires_in: 900,
      interval: this.settings.deviceCodeIntervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    });
  }

  private token(form: Record<string, string>, res: ServerResponse, tenant: string): void {
    if (form['client_id'] !== this.settings.clientId)
      return oauthError(res, 400, 'unauthorized_client', 'AADSTS700016: Application not found.', 700016);
    const grantType = form['grant_type'];
    if (grantType === 'authorization_code') {
      const pending = this.codes.get(form['code'] ?? '');
      this.codes.delete(form['code'] ?? '');
      if (!pending) return oauthError(res, 400, 'invalid_grant', 'AADSTS70000: The code was already used or is unknown.', 70000);
      if (pending.redirectUri !== form['redirect_uri'])
        return oauthError(res, 400, 'invalid_grant', 'AADSTS50011: redirect_uri mismatch.', 50011);
      const verifier = createHash('sha256')
        .update(form['code_verifier'] ?? '')
        .digest('base64url');
      if (verifier !== pending.challenge)
        return oauthError(res, 400, 'invalid_grant', 'AADSTS501481: The Code_Verifier does not match the code_challenge.', 501481);
      return json(res, 200, this.tokens(pending.scope, pending.mfa, pending.tenant));
    }
    if (grantType === 'device_code' || grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
      const grant = this.deviceCodes.get(form['device_code'] ?? '');
      if (!grant || grant.redeemed) return oauthError(res, 400, 'invalid_grant', 'AADSTS70000: Unknown device code.', 70000);
      if (Date.now() > grant.expiresAt) return oauthError(res, 400, 'expired_token', 'AADSTS70020: The device code expired.', 70020);
      if (!grant.approved) return oauthError(res, 400, 'authorization_pending', 'AADSTS70016: Waiting for the user to sign in.', 70016);
      grant.redeemed = true;
      return json(res, 200, this.tokens(grant.scope, grant.mfa, grant.tenant));
    }
    if (grantType === 'refresh_token') {
      const presented = form['refresh_token'] ?? '';
      const grant = this.refreshTokens.get(presented);
      if (!grant || !grant.valid) {
        return oauthError(
          res,
          400,
          'invalid_grant',
          'AADSTS50173: The provided grant has expired due to it being revoked.',
          50173,
          'bad_token',
        );
      }
      if (this.stepUpPending) {
        this.stepUpPending = false;
        return oauthError(
          res,
          400,
          'interaction_required',
          'AADSTS50076: You must use multi-factor authentication to access this resource.',
          50076,
        );
      }
      grant.valid = false; // rotation: the client must keep the new one
      return json(res, 200, this.tokens(form['scope'] ?? grant.scope, grant.mfa, tenant));
    }
    oauthError(res, 400, 'unsupported_grant_type', `AADSTS70003: grant_type ${grantType ?? '(none)'} is not supported.`, 70003);
  }

  private tokens(requestedScope: string, mfa: boolean, tenant: string): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const resourceScopes = requestedScope.split(' ').filter((scope) => scope.includes('/'));
    const resource = resourceScopes[0]?.replace(/\/[^/]*$/, '') ?? PARTNER_CENTER_AUDIENCE;
    const lifetime = this.settings.accessTokenLifetimeSeconds;
    const accessToken = encodeUnsignedJwt({
      aud: resource,
      iss: `https://sts.windows.net/${tenant}/`,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      tid: tenant,
      oid: this.settings.objectId,
      upn: this.settings.username,
      appid: this.settings.clientId,
      azp: this.settings.clientId,
      scp: resourceScopes.map((scope) => scope.replace(/^.*\//, '')).join(' ') || 'user_impersonation',
      amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
      uti: randomUUID(),
    });
    const idToken = encodeUnsignedJwt({
      aud: this.settings.clientId,
      iss: `${this.origin}/${tenant}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      tid: tenant,
      oid: this.settings.objectId,
      sub: this.settings.objectId,
      preferred_username: this.settings.username,
      name: this.settings.displayName,
      ver: '2.0',
    });
    const refreshToken = `rt-${randomBytes(24).toString('hex')}`;
    this.refreshTokens.set(refreshToken, { scope: requestedScope, mfa, valid: true });
    this.issuedSecrets.push(accessToken, idToken, refreshToken);
    return {
      token_type: 'Bearer',
      scope: resourceScopes.join(' ') || `${PARTNER_CENTER_AUDIENCE}/user_impersonation`,
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: this.clientInfo(),
    };
  }

  private clientInfo(): string {
    return Buffer.from(JSON.stringify({ uid: this.settings.objectId, utid: this.settings.tenantId })).toString('base64url');
  }
}

function asksForMfa(claims: string | null | undefined): boolean {
  return Boolean(claims && /"amr"[^}]*"mfa"/.test(claims));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(body);
}

function oauthError(res: ServerResponse, status: number, error: string, description: string, code: number, suberror?: string): void {
  json(res, status, {
    error,
    error_description: description,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
    ...(suberror ? { suberror } : {}),
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
