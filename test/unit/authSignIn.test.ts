// Real msal-node against the fake identity provider over HTTPS on loopback.
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  memoryTokenCacheStore,
  PartnerCenterSignIn,
  SignInError,
  type PartnerCenterSignInOptions,
  type TokenCacheStore,
} from '../../server/src/cloud/signIn';
import { FakeIdentityProvider } from '../doubles/fakeIdentityProvider';
import { certificateFromNodeCrypto } from '../doubles/selfSignedCertificate';
import { decodeJwtClaims } from '../doubles/jwt';
import { httpRequest as request } from '../../server/src/cloud/nodeHttp';
import * as https from 'node:https';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

interface Harness {
  signIn: PartnerCenterSignIn;
  store: TokenCacheStore & { writes: number };
  browserVisits: string[];
  deviceMessages: string[];
  logs: string[];
}

describe('Partner Center sign-in with msal-node', () => {
  let idp: FakeIdentityProvider;

  before(async () => {
    idp = await FakeIdentityProvider.start();
  });
  after(() => idp.stop());
  beforeEach(() => {
    idp.settings.accessTokenLifetimeSeconds = 3600;
    idp.settings.mfaByDefault = true;
  });

  function countingStore(): TokenCacheStore & { writes: number } {
    const inner = memoryTokenCacheStore();
    const store = {
      writes: 0,
      get: () => inner.get(),
      set: async (value: string) => {
        store.writes += 1;
        await inner.set(value);
      },
      delete: () => inner.delete(),
    };
    return store;
  }

  function harness(overrides: Partial<PartnerCenterSignInOptions> = {}, store = countingStore()): Harness {
    const browserVisits: string[] = [];
    const deviceMessages: string[] = [];
    const logs: string[] = [];
    const browser = idp.browser();
    const signIn = new PartnerCenterSignIn({
      clientId: idp.settings.clientId,
      authority: idp.authority,
      cacheStore: store,
      networkClient: idp.networkClient(),
      openBrowser: async (url) => {
        browserVisits.push(url);
        await browser(url);
      },
      onDeviceCode: (message) => {
        deviceMessages.push(message);
        idp.approveDeviceCode();
      },
      logger: {
        info: (m) => logs.push(m),
        warn: (m) => logs.push(m),
        error: (m) => logs.push(m),
        debug: (m) => logs.push(m),
      },
      ...overrides,
    });
    return { signIn, store, browserVisits, deviceMessages, logs };
  }

  it('signs in through the browser (loopback redirect, PKCE) and shows the account', async () => {
    const { signIn, browserVisits } = harness();
    const account = await signIn.signInInteractive();
    assert.equal(account.username, idp.settings.username);
    assert.equal(await signIn.account(), idp.settings.username);
    const authorize = new URL(browserVisits[0] ?? '');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authorize.searchParams.get('scope') ?? '', /https:\/\/api\.partnercenter\.microsoft\.com\/user_impersonation/);

    const grantsBefore = idp.requests.length;
    const token = await signIn.getAccessToken();
    assert.equal(idp.requests.length, grantsBefore, 'a fresh token comes from the cache');
    assert.equal(decodeJwtClaims(token)?.['aud'], 'https://api.partnercenter.microsoft.com');
  });

  it('signs in with a device code once the user approves it', async () => {
    const { signIn, deviceMessages, browserVisits } = harness({
      onDeviceCode: (message) => {
        deviceMessages.push(message);
        // The user reads the code from the message, enters it on the page, and signs in.
        idp.approveDeviceCode(/enter the code (\w+)/.exec(message)?.[1] ?? 'no code in the message');
      },
    });
    const account = await signIn.signInWithDeviceCode();
    assert.equal(account.username, idp.settings.username);
    assert.match(deviceMessages[0] ?? '', /open the page https:\/\/localhost:\d+\/devicelogin/);
    assert.equal(browserVisits.length, 0);
  });

  it('keeps polling while the user has not approved the code yet', async () => {
    let approve: (() => void) | undefined;
    const { signIn } = harness({ onDeviceCode: () => (approve = () => idp.approveDeviceCode()) });
    const attempt = signIn.signInWithDeviceCode();
    // Approve only after msal has been told "authorization_pending" at least twice.
    await idp.waitUntil(() => idp.grants('device_code').length >= 2);
    approve?.();
    assert.equal((await attempt).username, idp.settings.username);
  });

  it('renews an expired token silently with the refresh token, keeping the rotated one', async () => {
    idp.settings.accessTokenLifetimeSeconds = 60; // below msal's 5-minute renewal margin: always due
    const { signIn, browserVisits } = harness();
    await signIn.signInInteractive();
    const first = await signIn.getAccessToken();
    const second = await signIn.getAccessToken();
    assert.notEqual(first, second);
    assert.equal(idp.grants('refresh_token').length >= 2, true);
    assert.equal(browserVisits.length, 1, 'no second browser sign-in');
  });

  it('signs in again interactively when the refresh token was revoked', async () => {
    idp.settings.accessTokenLifetimeSeconds = 60;
    const { signIn, browserVisits } = harness();
    await signIn.signInInteractive();
    idp.revokeRefreshTokens();
    await assert.rejects(signIn.getAccessToken(), (error: unknown) => error instanceof SignInError && error.kind === 'sign-in-required');
    const token = await signIn.getAccessToken({ interactiveFallback: true });
    assert.ok(token);
    assert.equal(browserVisits.length, 2);
  });

  it('treats an MFA step-up (interaction_required) as a reason to sign in, not a failure', async () => {
    idp.settings.accessTokenLifetimeSeconds = 60;
    const { signIn, browserVisits } = harness();
    await signIn.signInInteractive();
    idp.requireStepUpOnce();
    const token = await signIn.getAccessToken({ interactiveFallback: true });
    assert.deepEqual(decodeJwtClaims(token)?.['amr'], ['pwd', 'mfa']);
    assert.equal(browserVisits.length, 2);
  });

  it('asks Entra ID for MFA when Partner Center demanded it', async () => {
    idp.settings.mfaByDefault = false;
    const { signIn, browserVisits } = harness();
    await signIn.signInInteractive();
    assert.deepEqual(decodeJwtClaims(await signIn.getAccessToken())?.['amr'], ['pwd']);
    const token = await signIn.getAccessToken({ interactiveFallback: true, requireMfa: true });
    assert.deepEqual(decodeJwtClaims(token)?.['amr'], ['pwd', 'mfa']);
    assert.match(new URL(browserVisits[1] ?? '').searchParams.get('claims') ?? '', /mfa/);
  });

  it('uses device code for the fallback when configured so (remote sessions, CLI)', async () => {
    const { signIn, deviceMessages, browserVisits } = harness({ interactiveMode: 'device-code' });
    assert.ok(await signIn.getAccessToken({ interactiveFallback: true }));
    assert.equal(deviceMessages.length, 1);
    assert.equal(browserVisits.length, 0);
  });

  it('keeps the token cache only in the injected store, and signing out empties it', async () => {
    const store = countingStore();
    const first = harness({}, store);
    await first.signIn.signInInteractive();
    const blob = (await store.get()) ?? '';
    assert.ok(store.writes > 0);
    assert.match(blob, /"RefreshToken"/);

    const tokenGrants = idp.grants('authorization_code').length + idp.grants('refresh_token').length;
    const second = harness({}, store);
    assert.equal(await second.signIn.account(), idp.settings.username, 'a new instance finds the account in the store');
    assert.ok(await second.signIn.getAccessToken());
    assert.equal(idp.grants('authorization_code').length + idp.grants('refresh_token').length, tokenGrants);

    assert.equal(await harness({}, countingStore()).signIn.account(), undefined, 'nothing leaks outside the store');

    await second.signIn.signOut();
    assert.equal(await store.get(), undefined);
    assert.equal(await first.signIn.account(), undefined, 'the other instance sees the sign-out');
    await assert.rejects(
      first.signIn.getAccessToken(),
      (error: unknown) => error instanceof SignInError && error.kind === 'sign-in-required',
    );
  });

  it('never writes tokens, refresh tokens or codes to the log', async () => {
    idp.settings.accessTokenLifetimeSeconds = 60;
    const { signIn, logs } = harness();
    await signIn.signInInteractive();
    await signIn.getAccessToken();
    idp.revokeRefreshTokens();
    await signIn.getAccessToken({ interactiveFallback: true });
    await harness({ interactiveMode: 'device-code' }).signIn.getAccessToken({ interactiveFallback: true });
    assert.ok(logs.length > 0, 'the flows did log');
    const log = logs.join('\n');
    for (const secret of idp.issuedSecrets) {
      for (const part of secret.split('.').filter((piece) => piece.length > 20)) {
        assert.ok(!log.includes(part), `a secret appeared in the log: ${part.slice(0, 12)}…`);
      }
    }
  });

  it('stops a browser sign-in the user abandons when cancelled', async () => {
    let visited: (() => void) | undefined;
    const opened = new Promise<void>((resolve) => (visited = resolve));
    const { signIn } = harness({
      openBrowser: async () => {
        visited?.(); // the user looks at the page and never signs in
      },
    });
    const controller = new AbortController();
    const attempt = signIn.signInInteractive({ signal: controller.signal });
    await opened;
    controller.abort();
    await assert.rejects(attempt, (error: unknown) => error instanceof SignInError && error.kind === 'cancelled');
  });

  it('explains an empty client id and where to find the app registration steps', async () => {
    const { signIn } = harness({ clientId: '' });
    await assert.rejects(signIn.getAccessToken({ interactiveFallback: true }), (error: unknown) => {
      assert.ok(error instanceof SignInError);
      assert.equal(error.kind, 'configuration');
      assert.match(error.message, /autopilot\.signIn\.clientId/);
      assert.match(error.message, /README/);
      return true;
    });
    assert.equal(await signIn.account(), undefined);
  });

  it('uses its node:https client when none is injected (here: refusing the untrusted test certificate)', async () => {
    const { signIn } = harness({ networkClient: undefined });
    await assert.rejects(signIn.signInWithDeviceCode(), (error: unknown) => {
      assert.ok(error instanceof SignInError, String(error));
      assert.equal(error.kind, 'network');
      assert.match(error.message, /Cannot reach the sign-in service at localhost:\d+/);
      return true;
    });
  });

  it('says the sign-in service cannot be reached when nothing answers', async () => {
    const { signIn } = harness({ authority: 'https://localhost:9/organizations' });
    await assert.rejects(signIn.signInWithDeviceCode(), (error: unknown) => {
      assert.ok(error instanceof SignInError);
      assert.equal(error.kind, 'network');
      assert.match(error.message, /Cannot reach the sign-in service at localhost:9/);
      return true;
    });
  });
});

describe('test certificate written with node:crypto (when openssl is missing)', () => {
  it('is trusted for https://localhost by a client given it as CA', async () => {
    const certificate = certificateFromNodeCrypto();
    const server = https.createServer({ key: certificate.key, cert: certificate.cert }, (_req, res) => res.end('hello'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const response = await request(`https://localhost:${(server.address() as AddressInfo).port}/`, { ca: certificate.cert });
      assert.equal(response.text, 'hello');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
