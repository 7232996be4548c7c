// Sign-in with msal-node (delegated, App+User): to Partner Center in the partner tenant, or to Microsoft Graph in a
// customer's tenant (one instance, and one token cache, per tenant). No `vscode` import: the CLI signs in with it too.
// The token cache lives only in the injected store (SecretStorage in VS Code, memory in the CLI).
// Errors and the browser's sign-in page are for a person, in the process's language (core/locale.ts); log lines stay
// English on purpose (support tickets), and so does what is sent to msal's loopback listener.

import * as l10n from '@vscode/l10n';
import {
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type DeviceCodeRequest,
  type ICachePlugin,
  type INetworkModule,
  type InteractiveRequest,
} from '@azure/msal-node';
import { httpRequest, nodeNetworkClient } from './nodeHttp';

/** msal-node's network module: how sign-in reaches the identity provider (tests pass one that trusts their CA). */
export type SignInNetwork = INetworkModule;

export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/organizations';
export const DEFAULT_PARTNER_CENTER_RESOURCE = 'https://api.partnercenter.microsoft.com';
/** Where the app-registration steps are, as the end of a sentence. */
function appRegistrationHelp(): string {
  return l10n.t('see "Register an app for sign-in" in the Autopilot CSV README');
}

/** Hosts msal-node knows itself; any other authority host must be declared in `knownAuthorities`. */
const MICROSOFT_LOGIN_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.de',
]);

/** Asks Entra ID for a token carrying the MFA claim (what Partner Center's 900421 answer wants). */
const MFA_CLAIMS_REQUEST = JSON.stringify({ access_token: { amr: { values: ['mfa'] } } });

export interface TokenCacheStore {
  get(): Promise<string | undefined>;
  set(value: string): Promise<void>;
  delete(): Promise<void>;
}

export interface SignInLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

export interface DeviceCodePrompt {
  message: string;
  userCode: string;
  verificationUri: string;
  expiresInSeconds: number;
}

export interface PartnerCenterSignInOptions {
  clientId: string;
  /** Defaults to https://login.microsoftonline.com/organizations. */
  authority?: string;
  /** The token's audience; scope = `${endpoint}/user_impersonation`. */
  partnerCenterEndpoint?: string;
  /** Another service instead of Partner Center: its name in messages, its scopes, and the permission to consent to. */
  service?: { name: string; scopes: string[]; permission: string };
  cacheStore: TokenCacheStore;
  openBrowser(url: string): Promise<void>;
  onDeviceCode(message: string, prompt: DeviceCodePrompt): void;
  /** How `getAccessToken` signs in when it has to. */
  interactiveMode?: 'browser' | 'device-code';
  /** Replaces the node:https client (nodeHttp.ts), e.g. to trust a test server's certificate. */
  networkClient?: INetworkModule;
  logger?: SignInLogger;
}

export interface SignedInAccount {
  username: string;
  name?: string;
  tenantId: string;
}

export type SignInErrorKind = 'configuration' | 'sign-in-required' | 'cancelled' | 'network' | 'failed';

export class SignInError extends Error {
  constructor(
    readonly kind: SignInErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

export interface SignInRequestOptions {
  signal?: AbortSignal;
  /** Ask for multifactor authentication (after Partner Center answered 401 / 900421). */
  requireMfa?: boolean;
}

export interface AccessTokenOptions extends SignInRequestOptions {
  /** Sign in (browser or device code) when no token can be had silently; otherwise fail with 'sign-in-required'. */
  interactiveFallback?: boolean;
}

/** An in-memory store for processes that must not persist tokens (the CLI). */
export function memoryTokenCacheStore(): TokenCacheStore {
  let value: string | undefined;
  return {
    get: async () => value,
    set: async (next) => {
      value = next;
    },
    delete: async () => {
      value = undefined;
    },
  };
}

/** The scopes of a Partner Center token for `endpoint` (the default endpoint when blank). */
export function partnerCenterScopes(endpoint: string | undefined): string[] {
  const resource = ((endpoint ?? '').trim() || DEFAULT_PARTNER_CENTER_RESOURCE).replace(/\/+$/, '');
  return [`${resource}/user_impersonation`];
}

export class PartnerCenterSignIn {
  readonly scopes: string[];
  readonly authority: string;
  /** "Partner Center", or the service of `options.service`. */
  readonly serviceName: string;
  private readonly permission: string;
  private application: PublicClientApplication | undefined;
  /** The store's content as this instance last read or wrote it. */
  private knownCache: string | undefined;
  private pendingSignIn: Promise<AuthenticationResult> | undefined;

  constructor(private readonly options: PartnerCenterSignInOptions) {
    this.authority = (options.authority ?? '').trim() || DEFAULT_AUTHORITY;
    this.scopes = options.service?.scopes ?? partnerCenterScopes(options.partnerCenterEndpoint);
    this.serviceName = options.service?.name ?? 'Partner Center';
    this.permission = options.service?.permission ?? l10n.t('the Microsoft Partner Center "user_impersonation" permission');
  }

  /** The signed-in user's name for the status bar, or undefined. */
  async account(): Promise<string | undefined> {
    return (await this.currentAccount())?.username;
  }

  async currentAccount(): Promise<SignedInAccount | undefined> {
    if (!this.options.clientId.trim()) return undefined;
    const account = await this.cachedAccount(await this.msal());
    return account ? toSignedInAccount(account) : undefined;
  }

  async signInInteractive(options: SignInRequestOptions = {}): Promise<SignedInAccount> {
    return toSignedInAccount(requireAccount(await this.exclusive(() => this.runInteractive(options))));
  }

  async signInWithDeviceCode(options: SignInRequestOptions = {}): Promise<SignedInAccount> {
    return toSignedInAccount(requireAccount(await this.exclusive(() => this.runDeviceCode(options))));
  }

  /**
   * A token for Partner Center: from the cache, renewed with the refresh token when expired.
   * When the service wants the user back (revoked refresh token, MFA step-up, consent) and
   * `interactiveFallback` is set, signs in again instead of failing.
   */
  async getAccessToken(options: AccessTokenOptions = {}): Promise<string> {
    const application = await this.msal();
    const account = await this.cachedAccount(application);
    if (account && !options.requireMfa) {
      try {
        const result = await application.acquireTokenSilent({ account, scopes: this.scopes });
        return result.accessToken;
      } catch (error) {
        if (!needsInteraction(error)) throw this.translate(error);
        this.log('info', `Silent sign-in renewal needs you again (${errorCodeOf(error)}).`);
      }
    }
    if (!options.interactiveFallback) {
      throw new SignInError(
        'sign-in-required',
        account
          ? l10n.t('Your {0} sign-in has expired or needs to be confirmed again: sign in again.', this.serviceName)
          : l10n.t('You are not signed in to {0}: sign in first.', this.serviceName),
      );
    }
    const result =
      this.options.interactiveMode === 'device-code'
        ? await this.exclusive(() => this.runDeviceCode(options))
        : await this.exclusive(() => this.runInteractive(options));
    return result.accessToken;
  }

  async signOut(): Promise<void> {
    if (this.options.clientId.trim()) {
      const cache = (await this.msal()).getTokenCache();
      for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    }
    await this.options.cacheStore.delete();
  }

  private async runInteractive(options: SignInRequestOptions): Promise<AuthenticationResult> {
    const application = await this.msal();
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    let authorizeUrl: string | undefined;
    const abandon = (): void => {
      if (authorizeUrl) void abandonLoopbackListener(authorizeUrl);
    };
    const request: InteractiveRequest = {
      scopes: this.scopes,
      prompt: 'select_account',
      claims: options.requireMfa ? MFA_CLAIMS_REQUEST : undefined,
      successTemplate: browserPage(l10n.t('Signed in to {0}. You can close this tab and go back to the editor.', this.serviceName)),
      errorTemplate: browserPage(l10n.t('Sign-in to {0} did not complete. Go back to the editor and try again.', this.serviceName)),
      openBrowser: async (url) => {
        authorizeUrl = url;
        if (signal?.aborted) {
          abandon();
          return;
        }
        await this.options.openBrowser(url);
      },
    };
    signal?.addEventListener('abort', abandon, { once: true });
    try {
      const result = await application.acquireTokenInteractive(request);
      await keepOnlyAccount(application, result.account);
      this.log('info', `Signed in to ${this.serviceName} as ${result.account?.username ?? 'an unnamed account'}.`);
      return result;
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      throw this.translate(error);
    } finally {
      signal?.removeEventListener('abort', abandon);
    }
  }

  private async runDeviceCode(options: SignInRequestOptions): Promise<AuthenticationResult> {
    const application = await this.msal();
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    const request: DeviceCodeRequest = {
      scopes: this.scopes,
      claims: options.requireMfa ? MFA_CLAIMS_REQUEST : undefined,
      deviceCodeCallback: (response) =>
        this.options.onDeviceCode(response.message, {
          message: response.message,
          userCode: response.userCode,
          verificationUri: response.verificationUri,
          expiresInSeconds: response.expiresIn,
        }),
    };
    // msal checks this flag between polls of the token endpoint.
    const stop = (): void => {
      request.cancel = true;
    };
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const result = await application.acquireTokenByDeviceCode(request);
      if (!result) throw new SignInError('failed', l10n.t('Sign-in with a device code returned no account; try again.'));
      await keepOnlyAccount(application, result.account);
      this.log('info', `Signed in to ${this.serviceName} as ${result.account?.username ?? 'an unnamed account'} (device code).`);
      return result;
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      throw this.translate(error);
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  /** One sign-in at a time: a second caller waits for the first instead of opening another browser tab. */
  private async exclusive(run: () => Promise<AuthenticationResult>): Promise<AuthenticationResult> {
    if (this.pendingSignIn) {
      try {
        return await this.pendingSignIn;
      } catch {
        // The earlier attempt failed or was cancelled; this caller gets its own.
      }
    }
    const attempt = run();
    this.pendingSignIn = attempt;
    try {
      return await attempt;
    } finally {
      if (this.pendingSignIn === attempt) this.pendingSignIn = undefined;
    }
  }

  private async cachedAccount(application: PublicClientApplication): Promise<AccountInfo | undefined> {
    const accounts = await application.getTokenCache().getAllAccounts();
    return accounts[0];
  }

  /**
   * msal merges what the store holds into its in-memory cache and never forgets entries, so when
   * someone else changed the store (a sign-out in another window), start from a fresh msal instance.
   */
  private async msal(): Promise<PublicClientApplication> {
    if (this.application && (await this.options.cacheStore.get()) === this.knownCache) return this.application;
    const clientId = this.options.clientId.trim();
    if (!clientId) {
      throw new SignInError(
        'configuration',
        l10n.t(
          'Sign-in needs the application (client) id of your Microsoft Entra app registration. Set autopilot.signIn.clientId (or --client-id / AUTOPILOT_CLIENT_ID on the command line); to create the app registration, {0}.',
          appRegistrationHelp(),
        ),
      );
    }
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) {
      throw new SignInError(
        'configuration',
        l10n.t(
          '"{0}" is not an application (client) id: copy the GUID shown as "Application (client) ID" on the app registration\'s overview page ({1}).',
          clientId,
          appRegistrationHelp(),
        ),
      );
    }
    const authorityUrl = parseAuthority(this.authority);
    const store = this.options.cacheStore;
    const cachePlugin: ICachePlugin = {
      beforeCacheAccess: async (context) => {
        this.knownCache = await store.get();
        if (this.knownCache !== undefined) context.tokenCache.deserialize(this.knownCache);
      },
      afterCacheAccess: async (context) => {
        if (!context.cacheHasChanged) return;
        this.knownCache = context.tokenCache.serialize();
        await store.set(this.knownCache);
      },
    };
    const logger = this.options.logger;
    this.application = new PublicClientApplication({
      auth: {
        clientId,
        authority: this.authority,
        knownAuthorities: MICROSOFT_LOGIN_HOSTS.has(authorityUrl.hostname.toLowerCase()) ? [] : [authorityUrl.host],
      },
      cache: { cachePlugin },
      system: {
        // Not msal's own client: it uses fetch, which VS Code wraps without the certificates of NODE_EXTRA_CA_CERTS.
        networkClient: this.options.networkClient ?? nodeNetworkClient(),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: logger?.debug ? LogLevel.Info : LogLevel.Warning,
          loggerCallback: (level, message, containsPii) => {
            if (containsPii || !logger) return;
            if (level === LogLevel.Error) logger.error(`msal: ${message}`);
            else if (level === LogLevel.Warning) logger.warn(`msal: ${message}`);
            else logger.debug?.(`msal: ${message}`);
          },
        },
      },
    });
    return this.application;
  }

  private translate(error: unknown): SignInError {
    if (error instanceof SignInError) return error;
    const code = errorCodeOf(error);
    const detail = firstLine(error instanceof Error ? ((error as { errorMessage?: string }).errorMessage ?? error.message) : String(error));
    const host = safeHost(this.authority);
    this.log('warn', `Sign-in failed: ${code}${detail ? `: ${detail}` : ''}`);
    if (code === 'device_code_polling_cancelled' || code === 'access_denied' || code === 'user_cancelled') return cancelled();
    if (code === 'device_code_expired' || code === 'user_timeout_reached') {
      return new SignInError('cancelled', l10n.t('The sign-in code expired before sign-in was completed; sign in again.'));
    }
    if (
      code === 'endpoints_resolution_error' ||
      code === 'network_error' ||
      code === 'post_request_failed' ||
      code === 'get_request_failed'
    ) {
      return new SignInError(
        'network',
        l10n.t(
          'Cannot reach the sign-in service at {0} ({1}). Check your network connection and proxy, and the authority (setting autopilot.signIn.authority, or --authority).',
          host,
          detail || code,
        ),
      );
    }
    if (
      code === 'authority_uri_insecure' ||
      code === 'url_parse_error' ||
      code === 'invalid_authority_type' ||
      code === 'untrusted_authority'
    ) {
      return new SignInError(
        'configuration',
        l10n.t('The sign-in authority {0} is not usable ({1}): use an https:// URL such as {2}.', this.authority, code, DEFAULT_AUTHORITY),
      );
    }
    if (/AADSTS700016|unauthorized_client|invalid_client/i.test(`${code} ${detail}`)) {
      return new SignInError(
        'configuration',
        l10n.t(
          'The sign-in service does not accept the application id {0} ({1}). Check autopilot.signIn.clientId and that the app registration allows public client flows; {2}.',
          this.options.clientId,
          detail || code,
          appRegistrationHelp(),
        ),
      );
    }
    if (/AADSTS65001|consent_required/i.test(`${code} ${detail}`)) {
      return new SignInError(
        'configuration',
        this.options.service
          ? l10n.t(
              "The app registration has no consent for {0} ({1}): an administrator of the tenant you sign in to (the customer's, for a customer tenant) must grant {2}; {3}.",
              this.serviceName,
              detail || code,
              this.permission,
              appRegistrationHelp(),
            )
          : l10n.t(
              'The app registration has no consent for {0} ({1}): an administrator of your partner tenant must grant {2}; {3}.',
              this.serviceName,
              detail || code,
              this.permission,
              appRegistrationHelp(),
            ),
      );
    }
    return new SignInError('failed', l10n.t('Sign-in to {0} failed ({1}).', this.serviceName, detail ? `${code}: ${detail}` : code));
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.options.logger?.[level](message);
  }
}

/**
 * The page the browser shows after the sign-in. msal's loopback listener sends it without a Content-Type, so it says
 * itself that it is HTML in UTF-8 (German text has umlauts).
 */
function browserPage(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Autopilot CSV</title></head><body><p>${escaped}</p></body></html>`;
}

function parseAuthority(authority: string): URL {
  let url: URL;
  try {
    url = new URL(authority);
  } catch {
    throw new SignInError('configuration', l10n.t('The sign-in authority "{0}" is not a URL; use {1}.', authority, DEFAULT_AUTHORITY));
  }
  if (url.protocol !== 'https:') {
    throw new SignInError(
      'configuration',
      l10n.t('The sign-in authority {0} must use https:// (for example {1}).', authority, DEFAULT_AUTHORITY),
    );
  }
  return url;
}

function safeHost(authority: string): string {
  try {
    return new URL(authority).host;
  } catch {
    return authority;
  }
}

function needsInteraction(error: unknown): boolean {
  const code = errorCodeOf(error);
  const subError = (error as { subError?: unknown } | undefined)?.subError;
  if (error instanceof Error && error.name === 'InteractionRequiredAuthError') return true;
  // A revoked refresh token surfaces as a plain invalid_grant ServerError.
  return (
    [
      'interaction_required',
      'consent_required',
      'login_required',
      'bad_token',
      'invalid_grant',
      'no_tokens_found',
      'refresh_token_expired',
    ].includes(code) || subError === 'bad_token'
  );
}

function errorCodeOf(error: unknown): string {
  const code = (error as { errorCode?: unknown } | undefined)?.errorCode;
  return typeof code === 'string' && code ? code : error instanceof Error ? error.name : 'unknown_error';
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim().slice(0, 300);
}

function cancelled(): SignInError {
  return new SignInError('cancelled', l10n.t('Sign-in was cancelled.'));
}

function requireAccount(result: AuthenticationResult): AccountInfo {
  if (!result.account) throw new SignInError('failed', l10n.t('Sign-in finished without an account; try again.'));
  return result.account;
}

/** The extension works with one account; a new sign-in replaces the previous one. */
async function keepOnlyAccount(application: PublicClientApplication, account: AccountInfo | null): Promise<void> {
  if (!account) return;
  const cache = application.getTokenCache();
  for (const other of await cache.getAllAccounts()) {
    if (other.homeAccountId !== account.homeAccountId) await cache.removeAccount(other);
  }
}

function toSignedInAccount(account: AccountInfo): SignedInAccount {
  return { username: account.username, name: account.name, tenantId: account.tenantId };
}

/**
 * msal's loopback listener waits for the browser forever; answering it with an error is the only way
 * to make it stop and close its port when the user cancels.
 */
async function abandonLoopbackListener(authorizeUrl: string): Promise<void> {
  try {
    const url = new URL(authorizeUrl);
    const redirectUri = url.searchParams.get('redirect_uri');
    const state = url.searchParams.get('state');
    if (!redirectUri || !state || !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(redirectUri)) return;
    // msal listens on 127.0.0.1 only; "localhost" may resolve to ::1 first.
    await httpRequest(redirectUri.replace('//localhost', '//127.0.0.1'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ error: 'access_denied', error_description: 'Sign-in was cancelled.', state }).toString(),
    });
  } catch {
    // The listener is already gone: nothing left to stop.
  }
}
