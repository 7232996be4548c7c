// The Partner Center sign-in as an entry of VS Code's Accounts menu, beside the Microsoft and GitHub accounts: the
// signed-in account is listed there, and "Sign Out" there signs out as the command does. The sign-in itself stays in
// signInCommands.ts (msal-node, its token cache in SecretStorage): this provider only shows it. The extension's own
// code does not ask VS Code for sessions (vscode.authentication.getSession would ask the user to allow the extension
// to use its own sign-in), and the Intune sign-ins (one per customer tenant) stay out of the menu.
import * as vscode from 'vscode';
import { partnerCenterScopes } from '../../../server/src/cloud/signIn';
import type { PartnerCenterAuth } from './signInCommands';

export const PARTNER_CENTER_PROVIDER_ID = 'autopilot-csv.partnerCenter';

interface PartnerCenterAccountsDeps {
  /** The scope Partner Center tokens are for (`<endpoint>/user_impersonation`). */
  scopes(): string[];
  /** The signed-in account's user name, or undefined. */
  account(): Promise<string | undefined>;
  /** A Partner Center token from the cache, renewed silently; fails when the user must sign in again. */
  accessToken(): Promise<string>;
  /** The sign-in command's flow; undefined when cancelled or failed (already reported to the user). */
  signIn(): Promise<{ username: string } | undefined>;
  signOut(): Promise<void>;
  /** Fires when the sign-in may have changed: the token cache (here or in another window) or the settings. */
  onDidChange: vscode.Event<unknown>;
}

/** Registers the provider for the sign-in of registerSignInCommands; it lives as long as the extension. */
export function registerPartnerCenterAccounts(context: vscode.ExtensionContext, auth: PartnerCenterAuth): void {
  const provider = new PartnerCenterAccounts({
    // The scope PartnerCenterSignIn asks for, from the same setting.
    scopes: () => partnerCenterScopes(auth.endpoint()),
    account: () => auth.account(),
    accessToken: () => auth.getAccessToken(),
    signIn: () => auth.signIn(),
    signOut: async () => void (await vscode.commands.executeCommand('autopilot.signOut')),
    onDidChange: (listener) => {
      const subscriptions = [
        // The token cache (autopilot.signIn.msalCache), written here or by a sign-in or sign-out in another window.
        context.secrets.onDidChange((event) => {
          if (event.key.startsWith('autopilot.signIn')) listener(event);
        }),
        vscode.workspace.onDidChangeConfiguration((event) => {
          if (event.affectsConfiguration('autopilot.signIn') || event.affectsConfiguration('autopilot.partnerCenter')) listener(event);
        }),
      ];
      return {
        dispose: () => {
          for (const subscription of subscriptions) subscription.dispose();
        },
      };
    },
  });
  context.subscriptions.push(
    provider,
    vscode.authentication.registerAuthenticationProvider(PARTNER_CENTER_PROVIDER_ID, vscode.l10n.t('Partner Center'), provider, {
      supportsMultipleAccounts: false,
    }),
  );
}

class PartnerCenterAccounts implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** The session last reported to VS Code: what a change is measured against. */
  private reported: vscode.AuthenticationSession | undefined;
  private readonly subscription: vscode.Disposable;
  private updating: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PartnerCenterAccountsDeps) {
    this.subscription = deps.onDidChange(() => void this.update());
    // The account already signed in (from an earlier session), so that its sign-out elsewhere is reported.
    void this.update();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /**
   * The signed-in account as one session, for the Partner Center scope or for any scopes (the Accounts menu asks with
   * none). An account whose token cannot be renewed without the user is not listed: the menu offers no stale session.
   */
  async getSessions(scopes: readonly string[] | undefined): Promise<vscode.AuthenticationSession[]> {
    if (scopes && scopes.length > 0 && !this.isPartnerCenterScope(scopes)) return [];
    const session = await this.current();
    return session ? [session] : [];
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    if (scopes.length > 0 && !this.isPartnerCenterScope(scopes)) {
      throw new Error(vscode.l10n.t('Partner Center sign-in gives tokens for {0} only.', this.deps.scopes().join(' ')));
    }
    if (!(await this.deps.signIn())) throw new Error(vscode.l10n.t('Not signed in to Partner Center.'));
    const session = await this.update();
    if (!session) throw new Error(vscode.l10n.t('Not signed in to Partner Center.'));
    return session;
  }

  async removeSession(_sessionId: string): Promise<void> {
    await this.deps.signOut();
    await this.update();
  }

  private isPartnerCenterScope(scopes: readonly string[]): boolean {
    const wanted = new Set(this.deps.scopes().map((scope) => scope.toLowerCase()));
    return scopes.every((scope) => wanted.has(scope.toLowerCase()));
  }

  private async current(): Promise<vscode.AuthenticationSession | undefined> {
    const username = await this.deps.account().catch(() => undefined);
    if (!username) return undefined;
    const accessToken = await this.deps.accessToken().catch(() => undefined);
    if (!accessToken) return undefined;
    // One account per token cache: its user name is a stable id.
    return {
      id: username.toLowerCase(),
      accessToken,
      account: { id: username.toLowerCase(), label: username },
      scopes: this.deps.scopes(),
    };
  }

  /** Tells VS Code when the account came, went or was replaced by another (not on every token renewal). */
  private update(): Promise<vscode.AuthenticationSession | undefined> {
    // One at a time: a sign-out triggers one through the cache's change and one through removeSession.
    const next = this.updating.then(() => this.compareAndReport());
    this.updating = next.catch(() => undefined);
    return next;
  }

  private async compareAndReport(): Promise<vscode.AuthenticationSession | undefined> {
    const before = this.reported;
    const after = await this.current();
    this.reported = after;
    if (before?.id === after?.id) return after;
    this.changed.fire({ added: after ? [after] : [], removed: before ? [before] : [], changed: [] });
    return after;
  }
}
