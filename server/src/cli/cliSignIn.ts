// How the command line gets a Partner Center token: AUTOPILOT_ACCESS_TOKEN when set; else the system browser with a
// loopback redirect, as the extension signs in (device code flow is often blocked by Conditional Access); else, when
// no browser can be opened here (SSH, no display) or with --device-code, a device code printed on stderr.
import { spawn } from 'node:child_process';
import * as l10n from '@vscode/l10n';
import { ServiceError } from '../cloud/serviceHttp';
import {
  memoryTokenCacheStore,
  PartnerCenterSignIn,
  SignInError,
  type PartnerCenterSignInOptions,
  type SignInNetwork,
} from '../cloud/signIn';

export interface CliSignInOptions {
  clientId: string;
  authority: string | undefined;
  endpoint: string;
  /** --device-code: skip the browser. */
  deviceCode: boolean;
  /** Another service than Partner Center (Microsoft Graph in a customer's tenant): its scopes and words. */
  service?: PartnerCenterSignInOptions['service'];
}

export interface CliSignInIo {
  env: NodeJS.ProcessEnv;
  stderr: (text: string) => void;
  /** For tests: msal's network module (to trust a test identity provider). */
  networkClient?: SignInNetwork;
  /** For tests: the browser that opens the sign-in page (default: the system's). */
  openBrowser?: (url: string) => Promise<void>;
  /** How long the browser sign-in may take before giving up (default 5 minutes). */
  browserTimeoutMs?: number;
  platform?: NodeJS.Platform;
}

export interface CliTokenSource {
  getAccessToken: () => Promise<string>;
  /** The signed-in account, for reports; undefined with AUTOPILOT_ACCESS_TOKEN. */
  account?: string;
  /** The fixed token, to be kept out of anything printed. */
  fixedToken?: string;
}

/** A tenant id (a customer's Microsoft ID in Partner Center): a GUID. */
export const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The browser could not be started here: sign in with a device code instead. A SignInError, so it passes msal. */
class BrowserUnavailable extends SignInError {
  constructor(reason: string) {
    super('failed', reason);
  }
}

/** Signs in before anything is sent, so the prompt is not lost among progress lines. */
export async function cliTokenSource(options: CliSignInOptions, io: CliSignInIo, signal: AbortSignal): Promise<CliTokenSource> {
  const fixed = io.env['AUTOPILOT_ACCESS_TOKEN']?.trim();
  if (fixed) return { getAccessToken: async () => fixed, fixedToken: fixed };

  const platform = io.platform ?? process.platform;
  const reasonForDeviceCode = options.deviceCode ? undefined : noBrowserHere(io.env, platform);
  let useDeviceCode = options.deviceCode || (reasonForDeviceCode !== undefined && !io.openBrowser);
  if (reasonForDeviceCode && useDeviceCode) io.stderr(`${l10n.t('Signing in with a device code: {0}.', reasonForDeviceCode)}\n`);

  const openBrowser = io.openBrowser ?? ((url: string) => openSystemBrowser(url, platform));
  const signIn = new PartnerCenterSignIn({
    clientId: options.clientId,
    authority: options.authority,
    partnerCenterEndpoint: options.endpoint,
    service: options.service,
    // A command-line run keeps no tokens after it ends.
    cacheStore: memoryTokenCacheStore(),
    interactiveMode: 'browser',
    openBrowser: async (url) => {
      io.stderr(`${l10n.t('Opening your browser to sign in to {0}…', options.service?.name ?? 'Partner Center')}\n`);
      try {
        await openBrowser(url);
      } catch (error) {
        throw new BrowserUnavailable(error instanceof Error ? error.message : String(error));
      }
      io.stderr(`${l10n.t('If no browser opened, open this page to sign in (or run again with --device-code):')}\n${url}\n`);
    },
    onDeviceCode: (message) => io.stderr(`${message}\n`),
    networkClient: io.networkClient,
  });

  if (!useDeviceCode) {
    const timeout = AbortSignal.timeout(io.browserTimeoutMs ?? 5 * 60_000);
    try {
      await signIn.signInInteractive({ signal: AbortSignal.any([signal, timeout]) });
    } catch (error) {
      if (error instanceof BrowserUnavailable) {
        io.stderr(`${l10n.t('Could not open a browser ({0}); signing in with a device code instead.', error.message)}\n`);
        useDeviceCode = true;
      } else if (error instanceof SignInError && error.kind === 'cancelled' && timeout.aborted && !signal.aborted) {
        throw new SignInError(
          'cancelled',
          l10n.t('The sign-in in the browser did not complete within 5 minutes. Try again, or sign in with --device-code.'),
        );
      } else {
        throw error;
      }
    }
  }
  if (useDeviceCode) await signIn.signInWithDeviceCode({ signal });
  const account = await signIn.account();
  return {
    getAccessToken: () => signIn.getAccessToken({ interactiveFallback: false, signal }),
    account,
  };
}

/** Why the loopback redirect cannot work here, or undefined when a local browser can be expected. */
function noBrowserHere(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (env['SSH_CONNECTION'] || env['SSH_TTY']) return l10n.t('this is an SSH session, where the browser cannot reach this machine');
  if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return l10n.t('there is no display to open a browser on');
  return undefined;
}

/** Opens `url` in the default browser; rejects when no browser can be started. */
export function openSystemBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const [command, args] =
    platform === 'win32'
      ? ['rundll32.exe', ['url.dll,FileProtocolHandler', url]]
      : platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    // The opener hands over to the browser and exits at once; one that fails says so by its exit code.
    const timer = setTimeout(() => {
      child.unref();
      resolve();
    }, 3000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with code ${code ?? 'unknown'}`));
    });
  });
}

/** Runs `work` with a signal that Ctrl+C aborts (unless the caller brings its own). */
export async function withInterrupt(given: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  if (!given) process.once('SIGINT', onSigint);
  try {
    return await work(given ?? interrupt.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export function describeFailure(error: unknown, env: NodeJS.ProcessEnv): string {
  if (error instanceof ServiceError) {
    const fixedToken = Boolean(env['AUTOPILOT_ACCESS_TOKEN']?.trim());
    if (fixedToken && (error.kind === 'sign-in-required' || error.kind === 'mfa-required')) {
      return `${error.message} ${l10n.t('The token comes from AUTOPILOT_ACCESS_TOKEN: get a fresh one, or unset it to sign in.')}`;
    }
    return error.message;
  }
  if (error instanceof SignInError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
