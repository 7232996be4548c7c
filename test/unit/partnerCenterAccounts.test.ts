// The Partner Center sign-in in VS Code's Accounts menu: what the menu lists (it asks the provider for sessions with
// no scopes), what it hears when the account comes and goes, and its "Sign Out". Real msal-node against the local
// identity provider, the token cache in the fake SecretStorage.
import '../doubles/registerFakeVscode';
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, it } from 'node:test';
import { registerPartnerCenterAccounts } from '../../client/src/commands/partnerCenterAccounts';
import { registerSignInCommands } from '../../client/src/commands/signInCommands';
import { FakeIdentityProvider } from '../doubles/fakeIdentityProvider';
import { fakeLogChannel, fakeVscode, type FakeAuthenticationProvider, type FakeAuthenticationSession } from '../doubles/fakeVscode';
import { decodeJwtClaims } from '../doubles/jwt';

const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

describe('the Partner Center account in the Accounts menu', () => {
  let idp: FakeIdentityProvider;

  before(async () => {
    idp = await FakeIdentityProvider.start();
  });
  after(() => idp.stop());
  beforeEach(() => {
    fakeVscode.reset();
    fakeVscode.settings.set('autopilot.signIn.clientId', idp.settings.clientId);
    fakeVscode.settings.set('autopilot.signIn.authority', idp.authority);
    fakeVscode.settings.set('autopilot.signIn.useDeviceCode', true);
    // The user enters the device code shown in the notification.
    fakeVscode.ui = {
      answer: (message) => {
        const code = /enter the code (\w+)/.exec(message.message)?.[1];
        if (code) idp.approveDeviceCode(code);
        return undefined;
      },
    };
  });

  function register(): { provider: FakeAuthenticationProvider; label: string; events: Array<{ added: string[]; removed: string[] }> } {
    const context = fakeVscode.extensionContext();
    const auth = registerSignInCommands(context as never, { log: fakeLogChannel() as never, networkClient: idp.networkClient() });
    registerPartnerCenterAccounts(context as never, auth);
    const registered = fakeVscode.authenticationProviders.get('autopilot-csv.partnerCenter');
    assert.ok(registered, 'the provider is registered under the id package.json declares');
    const events: Array<{ added: string[]; removed: string[] }> = [];
    const labels = (sessions: FakeAuthenticationSession[] | undefined) => (sessions ?? []).map((session) => session.account.label);
    registered.provider.onDidChangeSessions((event) => events.push({ added: labels(event.added), removed: labels(event.removed) }));
    return { provider: registered.provider, label: registered.label, events };
  }

  /** Lets the provider's reaction to a change of the token cache finish. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('lists nothing before sign-in, the account once signed in with the command, and nothing after Sign Out', async () => {
    const { provider, label, events } = register();
    assert.equal(label, 'Partner Center');
    assert.deepEqual(await provider.getSessions(undefined), []);

    await fakeVscode.execute('autopilot.signIn');
    await settle();
    assert.deepEqual(events, [{ added: [idp.settings.username], removed: [] }], 'the menu hears of the account once');
    const [session, ...more] = await provider.getSessions(undefined);
    assert.equal(more.length, 0);
    assert.equal(session?.account.label, idp.settings.username);
    assert.deepEqual(session?.scopes, [PARTNER_CENTER_SCOPE]);
    assert.equal(decodeJwtClaims(session?.accessToken ?? '')?.['aud'], 'https://api.partnercenter.microsoft.com');
    assert.equal((await provider.getSessions([PARTNER_CENTER_SCOPE])).length, 1, 'the Partner Center scope finds it');
    assert.deepEqual(await provider.getSessions(['https://graph.microsoft.com/.default']), [], 'other scopes find nothing');

    // The Accounts menu's "Sign Out" of this account.
    await provider.removeSession(session?.id ?? '');
    await settle();
    assert.deepEqual(await provider.getSessions(undefined), []);
    assert.deepEqual(events.at(-1), { added: [], removed: [idp.settings.username] });
    assert.equal(events.length, 2, 'one removal, not one per path that noticed it');
    assert.equal(fakeVscode.statusBarItems.at(-1)?.text, '$(sign-in) Partner Center', 'the status bar says signed out too');
    assert.ok(fakeVscode.messages.some((message) => message.message === `Signed out of Partner Center (${idp.settings.username}).`));
  });

  it('reports an account signed in before the window opened as removed when another window signs out', async () => {
    const context = fakeVscode.extensionContext();
    const auth = registerSignInCommands(context as never, { log: fakeLogChannel() as never, networkClient: idp.networkClient() });
    await fakeVscode.execute('autopilot.signIn');
    // The next start: the cache holds the account before the provider exists.
    registerPartnerCenterAccounts(context as never, auth);
    const provider = fakeVscode.authenticationProviders.get('autopilot-csv.partnerCenter')?.provider;
    const removed: string[] = [];
    provider?.onDidChangeSessions((event) => removed.push(...(event.removed ?? []).map((session) => session.account.label)));
    await settle();
    assert.equal((await provider?.getSessions(undefined))?.length, 1);

    await context.secrets.delete('autopilot.signIn.msalCache'); // a sign-out in another window
    await settle();
    assert.deepEqual(removed, [idp.settings.username]);
    assert.deepEqual(await provider?.getSessions(undefined), []);
  });

  it('signs in when the menu asks for a session ("Sign in with Partner Center"), and refuses scopes it cannot give', async () => {
    const { provider } = register();
    const session = await provider.createSession([PARTNER_CENTER_SCOPE]);
    assert.equal(session.account.label, idp.settings.username);
    assert.ok(fakeVscode.messages.some((message) => message.message === `Signed in to Partner Center as ${idp.settings.username}.`));
    await assert.rejects(provider.createSession(['https://graph.microsoft.com/.default']), /gives tokens for .*user_impersonation only/);
  });
});
