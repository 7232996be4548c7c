// The Sign In / Sign Out commands as a user sees them: prompts, the status bar, SecretStorage.
import '../doubles/registerFakeVscode';
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, it } from 'node:test';
import { registerSignInCommands } from '../../client/src/commands/signInCommands';
import { FakeIdentityProvider } from '../doubles/fakeIdentityProvider';
import { fakeLogChannel, fakeVscode } from '../doubles/fakeVscode';
import { decodeJwtClaims } from '../doubles/jwt';

describe('autopilot.signIn / autopilot.signOut commands', () => {
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
  });

  it('signs in with a device code, shows the account, keeps tokens only in SecretStorage, and signs out', async () => {
    const context = fakeVscode.extensionContext();
    const log = fakeLogChannel();
    fakeVscode.ui = {
      answer: (message) => {
        // The user reads the code in the notification and enters it on the sign-in page.
        const code = /enter the code (\w+)/.exec(message.message)?.[1];
        if (code) idp.approveDeviceCode(code);
        return undefined;
      },
    };
    const auth = registerSignInCommands(context as never, { log: log as never, networkClient: idp.networkClient() });
    const statusBar = fakeVscode.statusBarItems.at(-1);

    const account = (await fakeVscode.execute('autopilot.signIn')) as { username: string } | undefined;
    assert.equal(account?.username, idp.settings.username);
    assert.ok(fakeVscode.messages.some((message) => message.items.includes('Copy Code and Open Browser')));
    assert.ok(fakeVscode.messages.some((message) => message.message === `Signed in to Partner Center as ${idp.settings.username}.`));
    assert.equal(statusBar?.text, `$(account) Partner Center: ${idp.settings.username}`);
    assert.equal(statusBar?.visible, true);

    const cache = await context.secrets.get('autopilot.signIn.msalCache');
    assert.match(cache ?? '', /"RefreshToken"/);
    assert.equal(decodeJwtClaims(await auth.getAccessToken())?.['aud'], 'https://api.partnercenter.microsoft.com');

    await fakeVscode.execute('autopilot.signOut');
    assert.equal(await context.secrets.get('autopilot.signIn.msalCache'), undefined);
    assert.equal(statusBar?.text, '$(sign-in) Partner Center');
    assert.equal(statusBar?.command, 'autopilot.signIn');

    const written = log.lines.join('\n');
    for (const secret of idp.issuedSecrets) {
      for (const part of secret.split('.').filter((piece) => piece.length > 20))
        assert.ok(!written.includes(part), 'a secret reached the output channel');
    }
  });

  it('points at the settings when no client id is configured', async () => {
    fakeVscode.settings.set('autopilot.signIn.clientId', '');
    fakeVscode.ui = { answer: (message) => (message.items.includes('Open Settings') ? 'Open Settings' : undefined) };
    registerSignInCommands(fakeVscode.extensionContext() as never, { log: fakeLogChannel() as never, networkClient: idp.networkClient() });
    assert.equal(await fakeVscode.execute('autopilot.signIn'), undefined);
    assert.match(fakeVscode.messages[0]?.message ?? '', /Set autopilot\.signIn\.clientId.*README/s);
    assert.ok(
      fakeVscode.executed.some((entry) => entry.command === 'workbench.action.openSettings' && entry.args[0] === 'autopilot.signIn'),
    );
  });
});
