// VS Code side of the Partner Center sign-in: commands, the account in the status bar, and the token
// cache in SecretStorage. The sign-in itself lives in ../auth/signIn.ts (no `vscode` there).

import * as vscode from 'vscode';
import {
  DEFAULT_AUTHORITY,
  PartnerCenterSignIn,
  SignInError,
  type DeviceCodePrompt,
  type SignedInAccount,
  type SignInNetwork,
  type TokenCacheStore,
} from '../../../server/src/cloud/signIn';
import { DEFAULT_PARTNER_CENTER_ENDPOINT } from '../../../server/src/cloud/partnerCenterClient';
import { DEFAULT_GRAPH_ENDPOINT, graphSignInService, tenantAuthority } from '../../../server/src/cloud/graphClient';
import { completeWalkthroughStep } from '../walkthroughSteps';

const TOKEN_CACHE_SECRET = 'autopilot.signIn.msalCache';
/** One token cache per customer tenant: `${INTUNE_CACHE_SECRET}.<tenant>`. */
const INTUNE_CACHE_SECRET = 'autopilot.intune.msalCache';

/** Sign-in to a customer's tenant for the Intune import (Microsoft Graph). */
export interface IntuneAuth {
  /** A Graph token for `tenant` (id or domain); signs in to that tenant (with progress and cancel) when needed. */
  getAccessToken(tenant: string, options?: { interactiveFallback?: boolean }): Promise<string>;
  /** Signs in to `tenant` again (after Graph refused the token); false when cancelled or failed (already reported). */
  signInAgain(tenant: string): Promise<boolean>;
  /** The Microsoft Graph endpoint from the settings. */
  endpoint(): string;
}

export interface PartnerCenterAuth {
  /** A token for Partner Center; signs in (with progress and cancel) when `interactiveFallback` is set. */
  getAccessToken(options?: { interactiveFallback?: boolean; requireMfa?: boolean; signal?: AbortSignal }): Promise<string>;
  /** The sign-in command's flow; undefined when the user cancelled or it failed (already reported). */
  signIn(options?: { requireMfa?: boolean }): Promise<SignedInAccount | undefined>;
  account(): Promise<string | undefined>;
  /** The Partner Center API endpoint from the settings. */
  endpoint(): string;
}

export interface SignInCommandDeps {
  log: vscode.LogOutputChannel;
  /** For tests: msal's network module (to trust a test identity provider's certificate). */
  networkClient?: SignInNetwork;
}

interface SignInSettings {
  clientId: string;
  authority: string;
  endpoint: string;
  useDeviceCode: boolean;
}

function readSettings(): SignInSettings {
  const config = vscode.workspace.getConfiguration('autopilot');
  return {
    clientId: config.get<string>('signIn.clientId', '').trim(),
    authority: config.get<string>('signIn.authority', DEFAULT_AUTHORITY).trim() || DEFAULT_AUTHORITY,
    endpoint: config.get<string>('partnerCenter.endpoint', DEFAULT_PARTNER_CENTER_ENDPOINT).trim() || DEFAULT_PARTNER_CENTER_ENDPOINT,
    // A loopback redirect cannot reach an extension host on another machine (SSH, containers, Codespaces).
    useDeviceCode: config.get<boolean>('signIn.useDeviceCode', false) || vscode.env.remoteName !== undefined,
  };
}

function secretStore(secrets: vscode.SecretStorage, key = TOKEN_CACHE_SECRET): TokenCacheStore {
  return {
    get: async () => await secrets.get(key),
    set: async (value) => await secrets.store(key, value),
    delete: async () => await secrets.delete(key),
  };
}

function graphEndpointSetting(): string {
  const value = vscode.workspace.getConfiguration('autopilot').get<string>('intune.graphEndpoint', DEFAULT_GRAPH_ENDPOINT).trim();
  return value || DEFAULT_GRAPH_ENDPOINT;
}

/**
 * Sign-in to customers' tenants for the Intune import: the same app registration and authority host as Partner
 * Center, the tenant as authority, the Graph permission as scope, and one token cache in SecretStorage per tenant.
 */
export function registerIntuneSignIn(context: vscode.ExtensionContext, deps: SignInCommandDeps): IntuneAuth {
  const { log } = deps;
  const sessions = new Map<string, PartnerCenterSignIn>();
  const sessionFor = (tenant: string): { signIn: PartnerCenterSignIn; settings: SignInSettings } => {
    const settings = readSettings();
    const endpoint = graphEndpointSetting();
    const key = JSON.stringify([settings, endpoint, tenant.toLowerCase()]);
    let signIn = sessions.get(key);
    if (!signIn) {
      signIn = new PartnerCenterSignIn({
        clientId: settings.clientId,
        authority: tenantAuthority(settings.authority, tenant),
        service: graphSignInService(endpoint),
        cacheStore: secretStore(context.secrets, `${INTUNE_CACHE_SECRET}.${tenant.toLowerCase()}`),
        interactiveMode: settings.useDeviceCode ? 'device-code' : 'browser',
        openBrowser: async (url) => {
          if (!(await vscode.env.openExternal(vscode.Uri.parse(url, true)))) {
            throw new SignInError('cancelled', vscode.l10n.t('The browser for sign-in was not opened.'));
          }
        },
        onDeviceCode: (_message, prompt) => void offerDeviceCode(prompt, vscode.l10n.t('tenant {0}', tenant)),
        networkClient: deps.networkClient,
        logger: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m), debug: (m) => log.debug(m) },
      });
      sessions.set(key, signIn);
    }
    return { signIn, settings };
  };
  const interactive = async (tenant: string, fresh: boolean): Promise<string> => {
    const { signIn, settings } = sessionFor(tenant);
    const title = settings.useDeviceCode
      ? vscode.l10n.t('Signing in to tenant {0} for Intune with a device code…', tenant)
      : vscode.l10n.t('Signing in to tenant {0} for Intune in your browser…', tenant);
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        if (fresh) {
          if (settings.useDeviceCode) await signIn.signInWithDeviceCode({ signal: controller.signal });
          else await signIn.signInInteractive({ signal: controller.signal });
        }
        return await signIn.getAccessToken({ interactiveFallback: true, signal: controller.signal });
      },
    );
  };
  return {
    getAccessToken: async (tenant, options = {}) => {
      try {
        return await sessionFor(tenant).signIn.getAccessToken({ interactiveFallback: false });
      } catch (error) {
        if (!options.interactiveFallback || !(error instanceof SignInError) || error.kind !== 'sign-in-required') throw error;
      }
      return await interactive(tenant, false);
    },
    signInAgain: async (tenant) => {
      try {
        await interactive(tenant, true);
        return true;
      } catch (error) {
        await reportSignInError(error, log);
        return false;
      }
    },
    endpoint: graphEndpointSetting,
  };
}

export function registerSignInCommands(context: vscode.ExtensionContext, deps: SignInCommandDeps): PartnerCenterAuth {
  const { log } = deps;
  const store = secretStore(context.secrets);
  let current: { key: string; signIn: PartnerCenterSignIn; settings: SignInSettings } | undefined;

  const signInFor = (): { signIn: PartnerCenterSignIn; settings: SignInSettings } => {
    const settings = readSettings();
    const key = JSON.stringify(settings);
    if (current?.key !== key) {
      current = {
        key,
        settings,
        signIn: new PartnerCenterSignIn({
          clientId: settings.clientId,
          authority: settings.authority,
          partnerCenterEndpoint: settings.endpoint,
          cacheStore: store,
          interactiveMode: settings.useDeviceCode ? 'device-code' : 'browser',
          openBrowser: async (url) => {
            if (!(await vscode.env.openExternal(vscode.Uri.parse(url, true)))) {
              throw new SignInError('cancelled', vscode.l10n.t('The browser for sign-in was not opened.'));
            }
          },
          onDeviceCode: (_message, prompt) => void offerDeviceCode(prompt),
          networkClient: deps.networkClient,
          logger: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m), debug: (m) => log.debug(m) },
        }),
      };
    }
    return current;
  };

  const statusBar = vscode.window.createStatusBarItem('autopilot.account', vscode.StatusBarAlignment.Left, 10);
  statusBar.name = vscode.l10n.t('Autopilot CSV: Partner Center account');
  const refreshStatusBar = async (): Promise<void> => {
    const username = await signInFor()
      .signIn.account()
      .catch(() => undefined);
    if (username) {
      statusBar.text = `$(account) ${vscode.l10n.t('Partner Center: {0}', username)}`;
      statusBar.tooltip = vscode.l10n.t('Signed in to Partner Center as {0}. Click for account actions.', username);
      statusBar.command = 'autopilot.accountActions';
    } else {
      statusBar.text = '$(sign-in) Partner Center';
      statusBar.tooltip = vscode.l10n.t('Sign in to Partner Center to upload Autopilot devices');
      statusBar.command = 'autopilot.signIn';
    }
    const editor = vscode.window.activeTextEditor;
    const csvOpen = editor?.document.languageId === 'autopilot-csv' || editor?.document.uri.path.toLowerCase().endsWith('.csv');
    if (username || csvOpen) statusBar.show();
    else statusBar.hide();
  };

  const withSignInProgress = <T>(title: string, run: (signal: AbortSignal) => Promise<T>): Thenable<T> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return run(controller.signal);
    });

  const signIn = async (options: { requireMfa?: boolean } = {}): Promise<SignedInAccount | undefined> => {
    if (!(await requireTrustedWorkspace())) return undefined;
    const { signIn: session, settings } = signInFor();
    try {
      const account = await withSignInProgress(signInProgressTitle(settings.useDeviceCode), (signal) =>
        settings.useDeviceCode
          ? session.signInWithDeviceCode({ signal, requireMfa: options.requireMfa })
          : session.signInInteractive({ signal, requireMfa: options.requireMfa }),
      );
      void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Partner Center as {0}.', account.username));
      completeWalkthroughStep('signedIn');
      return account;
    } catch (error) {
      await reportSignInError(error, log);
      return undefined;
    } finally {
      await refreshStatusBar();
    }
  };

  const auth: PartnerCenterAuth = {
    getAccessToken: async (options = {}) => {
      const { signIn: session, settings } = signInFor();
      try {
        return await session.getAccessToken({ ...options, interactiveFallback: false });
      } catch (error) {
        if (!options.interactiveFallback || !(error instanceof SignInError) || error.kind !== 'sign-in-required') throw error;
      }
      const title = signInProgressTitle(settings.useDeviceCode);
      try {
        return await withSignInProgress(title, (signal) =>
          session.getAccessToken({ interactiveFallback: true, requireMfa: options.requireMfa, signal }),
        );
      } finally {
        await refreshStatusBar();
      }
    },
    signIn,
    account: () => signInFor().signIn.account(),
    endpoint: () => readSettings().endpoint,
  };

  context.subscriptions.push(
    statusBar,
    vscode.commands.registerCommand('autopilot.signIn', () => signIn()),
    vscode.commands.registerCommand('autopilot.signOut', async () => {
      const username = await auth.account();
      await signInFor().signIn.signOut();
      await refreshStatusBar();
      log.info('Signed out of Partner Center.');
      void vscode.window.showInformationMessage(
        username ? vscode.l10n.t('Signed out of Partner Center ({0}).', username) : vscode.l10n.t('Signed out of Partner Center.'),
      );
    }),
    vscode.commands.registerCommand('autopilot.accountActions', async () => {
      const signOut = vscode.l10n.t('Sign Out');
      const other = vscode.l10n.t('Sign In with Another Account');
      const choice = await vscode.window.showQuickPick([signOut, other], {
        title: vscode.l10n.t('Partner Center: {0}', (await auth.account()) ?? vscode.l10n.t('not signed in')),
      });
      if (choice === signOut) await vscode.commands.executeCommand('autopilot.signOut');
      else if (choice === other) await signIn();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatusBar()),
    // Another window signing in or out changes the shared secret.
    context.secrets.onDidChange((event) => {
      if (event.key === TOKEN_CACHE_SECRET) void refreshStatusBar();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('autopilot.signIn') || event.affectsConfiguration('autopilot.partnerCenter')) void refreshStatusBar();
    }),
  );
  void refreshStatusBar();
  return auth;
}

function signInProgressTitle(useDeviceCode: boolean): string {
  return useDeviceCode
    ? vscode.l10n.t('Signing in to Partner Center with a device code…')
    : vscode.l10n.t('Signing in to Partner Center in your browser…');
}

async function offerDeviceCode(prompt: DeviceCodePrompt, where = 'Partner Center'): Promise<void> {
  const copyAndOpen = vscode.l10n.t('Copy Code and Open Browser');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('To sign in to {0}, open {1} and enter the code {2}.', where, prompt.verificationUri, prompt.userCode),
    copyAndOpen,
  );
  if (choice === copyAndOpen) {
    await vscode.env.clipboard.writeText(prompt.userCode);
    await vscode.env.openExternal(vscode.Uri.parse(prompt.verificationUri));
  }
}

/**
 * The sign-in and endpoint settings could come from a workspace the user has not vetted, and
 * VS Code ignores them there; signing in or uploading would then surprise the user.
 */
export async function requireTrustedWorkspace(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manageTrust = vscode.l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t('Signing in to Partner Center and uploading need a trusted workspace.'),
    manageTrust,
  );
  if (choice === manageTrust) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** Shows a sign-in failure with the action that fixes it; a cancelled sign-in is not an error. */
export async function reportSignInError(error: unknown, log: vscode.LogOutputChannel): Promise<void> {
  if (error instanceof SignInError && error.kind === 'cancelled') {
    log.info(error.message);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  log.error(message);
  if (error instanceof SignInError && error.kind === 'configuration') {
    const openSettings = vscode.l10n.t('Open Settings');
    if ((await vscode.window.showErrorMessage(message, openSettings)) === openSettings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'autopilot.signIn');
    }
    return;
  }
  void vscode.window.showErrorMessage(message);
}
