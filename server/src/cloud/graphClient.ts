// Microsoft Graph client for the Intune import of Autopilot devices (v1.0 importedWindowsAutopilotDeviceIdentities,
// reference /work/notes/graph-import.md): import, read an imported identity's state, delete it, and the beta-only
// Autopilot sync. Shared by the extension and the CLI, so no `vscode` import. Requests go through serviceHttp.ts.
// Errors are for a person, in the process's language (core/locale.ts); log lines stay English (support tickets).

import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_TIMING,
  normalizeServiceEndpoint,
  ServiceError,
  ServiceHttp,
  SILENT_LOGGER,
  type ServiceErrorDetails,
  type ServiceErrorKind,
  type ServiceRequest,
  type ServiceResponse,
  type ServiceTiming,
  type UploadLogger,
} from './serviceHttp';

export const DEFAULT_GRAPH_ENDPOINT = 'https://graph.microsoft.com';
/** The delegated permission the import needs (least privileged for writes). */
export const INTUNE_IMPORT_PERMISSION = 'DeviceManagementServiceConfig.ReadWrite.All';
/** The destination's name in messages, results and reports. */
export const INTUNE_SERVICE = 'Intune';

const IMPORTED = 'deviceManagement/importedWindowsAutopilotDeviceIdentities';

/** Every failure of this client; `message` is written for the person running the import. */
export class GraphError extends ServiceError {
  constructor(kind: ServiceErrorKind, message: string, details: ServiceErrorDetails = {}) {
    super(kind, message, details);
    this.name = 'GraphError';
  }
}

/** Checks the endpoint a token will be sent to (https, or http on loopback for test servers). */
export function normalizeGraphEndpoint(endpoint: string | undefined): string {
  return normalizeServiceEndpoint(endpoint, {
    name: 'Microsoft Graph',
    defaultEndpoint: DEFAULT_GRAPH_ENDPOINT,
    where: l10n.t('setting autopilot.intune.graphEndpoint, or --endpoint with --to intune'),
    error: (message) => new GraphError('configuration', message),
  });
}

/** The scope of a token for the import: the permission on the Graph resource (national clouds have their own host). */
export function graphImportScopes(endpoint: string | undefined): string[] {
  return [`${normalizeGraphEndpoint(endpoint)}/${INTUNE_IMPORT_PERMISSION}`];
}

/** What signing in for the import asks for (signIn.ts `service`): the Graph scope, consented in the customer's tenant. */
export function graphSignInService(endpoint: string | undefined): { name: string; scopes: string[]; permission: string } {
  return {
    name: 'Microsoft Graph (Intune)',
    scopes: graphImportScopes(endpoint),
    permission: l10n.t('the Microsoft Graph delegated permission {0}', INTUNE_IMPORT_PERMISSION),
  };
}

/**
 * The sign-in authority of a customer's tenant: the configured authority's host (and national cloud) with the
 * tenant in place of its last segment (`…/organizations` becomes `…/<tenant id or domain>`).
 */
export function tenantAuthority(authority: string, tenant: string): string {
  const url = new URL(authority);
  const segments = url.pathname.split('/').filter(Boolean);
  segments[segments.length > 0 ? segments.length - 1 : 0] = encodeURIComponent(tenant.trim());
  return `${url.origin}/${segments.join('/')}`;
}

/** A tenant as a person types it: its id (a GUID) or one of its domains. */
export function tenantProblem(tenant: string): string | undefined {
  const value = tenant.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return undefined;
  if (/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(value)) return undefined;
  return l10n.t('"{0}" is neither a tenant id (a GUID) nor a domain such as contoso.onmicrosoft.com', tenant);
}

/** A device as the import takes it. */
export interface ImportedDeviceInput {
  serialNumber: string;
  productKey: string;
  /** The CSV's Hardware Hash as is (base64). */
  hardwareIdentifier: string;
  groupTag: string;
  assignedUserPrincipalName: string;
  importId: string;
}

/** `unknown` and `pending` mean Intune is still at it; services may add states, kept as read. */
export type ImportStatus = 'unknown' | 'pending' | 'partial' | 'complete' | 'error' | (string & {});

export interface ImportedDevice {
  id: string;
  serialNumber: string;
  importStatus: ImportStatus;
  deviceRegistrationId: string;
  errorCode: number;
  errorName: string;
}

export interface GraphClientOptions {
  /** Defaults to https://graph.microsoft.com; `http://` only for loopback test servers. */
  baseUrl?: string;
  getAccessToken(): Promise<string>;
  logger?: UploadLogger;
  timing?: Partial<ServiceTiming>;
  maxResponseBytes?: number;
  onLongWait?: (message: string) => void;
}

export class GraphClient {
  readonly baseUrl: string;
  readonly timing: ServiceTiming;
  private readonly http: ServiceHttp;

  constructor(options: GraphClientOptions) {
    this.baseUrl = normalizeGraphEndpoint(options.baseUrl);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.http = new ServiceHttp({
      service: 'Microsoft Graph',
      baseUrl: this.baseUrl,
      endpointHint: l10n.t('setting autopilot.intune.graphEndpoint, or --endpoint'),
      getAccessToken: () => options.getAccessToken(),
      timing: this.timing,
      logger: options.logger ?? SILENT_LOGGER,
      maxResponseBytes: options.maxResponseBytes,
      onLongWait: options.onLongWait,
      headers: (requestId) => ({ 'client-request-id': requestId }),
      httpError: (spec, result) => this.httpError(spec, result),
      error: (kind, message, details) => new GraphError(kind, message, details),
      retryAfterInBody: (result) => intuneRetryAfterMs(result.text),
    });
  }

  /** Text for a person: without the tokens this client sent, JWT-shaped strings and long runs such as hashes. */
  redact(text: string): string {
    return this.http.redactor.redact(text);
  }

  /** One imported identity per device, in the answer's order (Intune registers them in the background). */
  async importDevices(devices: readonly ImportedDeviceInput[], signal?: AbortSignal): Promise<ImportedDevice[]> {
    const result = await this.http.send({
      method: 'POST',
      url: `${this.baseUrl}/v1.0/${IMPORTED}/import`,
      purpose: {
        text: devices.length === 1 ? l10n.t('import 1 device into Intune') : l10n.t('import {0} devices into Intune', devices.length),
        log: `import ${devices.length} device${devices.length === 1 ? '' : 's'} into Intune`,
      },
      body: {
        importedWindowsAutopilotDeviceIdentities: devices.map((device) => ({
          '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
          ...device,
        })),
      },
      signal,
    });
    const body = parseJson(result.text, () => l10n.t('Microsoft Graph sent an answer that is not JSON for the import.'));
    const value = prop(body, 'value');
    if (!Array.isArray(value)) {
      throw new GraphError(
        'unexpected-response',
        l10n.t(
          'Microsoft Graph accepted the import but its answer lists no imported devices. Check Devices > Enrollment > Windows Autopilot devices in Intune before importing again.',
        ),
      );
    }
    return value.flatMap((item) => toImportedDevice(item) ?? []);
  }

  /** The imported identity's state; undefined when Intune no longer has it (deleted, or never created). */
  async getImportedDevice(id: string, signal?: AbortSignal): Promise<ImportedDevice | undefined> {
    try {
      const result = await this.http.send({
        method: 'GET',
        url: `${this.baseUrl}/v1.0/${IMPORTED}/${encodeURIComponent(id)}`,
        purpose: { text: l10n.t('read the import state of device {0}', id), log: `read the import state of device ${id}` },
        signal,
      });
      return toImportedDevice(
        parseJson(result.text, () => l10n.t('Microsoft Graph sent an answer that is not JSON for an imported device.')),
      );
    } catch (error) {
      if (error instanceof GraphError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  /** Removes a finished import record (a staging area: the device itself stays registered). */
  async deleteImportedDevice(id: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.http.send({
        method: 'DELETE',
        url: `${this.baseUrl}/v1.0/${IMPORTED}/${encodeURIComponent(id)}`,
        purpose: { text: l10n.t('delete the import record {0}', id), log: `delete the import record ${id}` },
        signal,
      });
    } catch (error) {
      if (error instanceof GraphError && error.kind === 'not-found') return;
      throw error;
    }
  }

  /**
   * Asks Intune to sync its Autopilot devices (beta only; imported devices appear without it, later). Best effort:
   * resolves with what happened, in words for the log.
   */
  async syncAutopilot(signal?: AbortSignal): Promise<string> {
    try {
      await this.http.send({
        method: 'POST',
        url: `${this.baseUrl}/beta/deviceManagement/windowsAutopilotSettings/sync`,
        purpose: { text: l10n.t('start an Autopilot sync'), log: 'start an Autopilot sync' },
        signal,
      });
      return 'Intune started an Autopilot sync.';
    } catch (error) {
      if (error instanceof GraphError && error.kind === 'cancelled') throw error;
      const why = error instanceof Error ? error.message : String(error);
      return `The Autopilot sync was not started (${why}); Intune syncs by itself, the devices appear a little later.`;
    }
  }

  private httpError(spec: ServiceRequest, result: ServiceResponse): GraphError {
    const fault = parseGraphFault(result.text);
    const status = result.status;
    const said = fault.message ? ` ${l10n.t('Microsoft Graph said: "{0}"', this.redact(fault.message).slice(0, 500))}` : '';
    const details: ServiceErrorDetails = { httpStatus: status, serviceCode: fault.code };
    const purpose = spec.purpose.text;
    if (status === 401) {
      return new GraphError(
        'sign-in-required',
        l10n.t(
          "Microsoft Graph did not accept your sign-in to this tenant (HTTP 401) when trying to {0}.{1} Sign in again; if it persists, your account has no Intune role in the customer's tenant (under GDAP: a security group mapped to Intune Administrator), or the tenant has no Intune licence.",
          purpose,
          said,
        ),
        details,
      );
    }
    if (status === 403) {
      return new GraphError(
        'forbidden',
        l10n.t(
          'Microsoft Graph refused to {0} (HTTP 403).{1} The sign-in needs the delegated permission {2}, consented in this tenant, and your account an Intune role allowing Autopilot device import there (Intune Administrator; under GDAP, through a security group of the relationship).',
          purpose,
          said,
          INTUNE_IMPORT_PERMISSION,
        ),
        details,
      );
    }
    if (status === 400 && /not applicable to target tenant/i.test(fault.message ?? '')) {
      return new GraphError(
        'bad-request',
        l10n.t(
          'This tenant has no Intune service (HTTP 400, "Request not applicable to target tenant"): the import needs an active Intune licence in the customer\'s tenant. Upload to Partner Center instead, or have the customer license Intune.',
        ),
        details,
      );
    }
    if (status === 404) {
      return new GraphError('not-found', l10n.t('Microsoft Graph found nothing when trying to {0} (HTTP 404).{1}', purpose, said), details);
    }
    if (status === 409) {
      return new GraphError(
        'conflict',
        l10n.t('Microsoft Graph reported a conflict when trying to {0} (HTTP 409).{1}', purpose, said),
        details,
      );
    }
    if (status >= 500) {
      return new GraphError(
        'server-error',
        l10n.t(
          'Microsoft Graph had a server error (HTTP {0}) when trying to {1}, even after {2} retries. Try again later.{3}',
          status,
          purpose,
          this.timing.maxRetries,
          said,
        ),
        details,
      );
    }
    return new GraphError(
      'bad-request',
      l10n.t('Microsoft Graph rejected the request to {0} (HTTP {1}).{2}', purpose, status, said),
      details,
    );
  }
}

/** A new import id: one per upload run, so the records of one run can be told apart. */
export function newImportId(): string {
  return randomUUID();
}

function toImportedDevice(item: unknown): ImportedDevice | undefined {
  const id = stringProp(item, 'id');
  if (!id) return undefined;
  const state = prop(item, 'state');
  const code = prop(state, 'deviceErrorCode');
  return {
    id,
    serialNumber: stringProp(item, 'serialNumber') ?? '',
    importStatus: (stringProp(state, 'deviceImportStatus') ?? 'unknown').trim().toLowerCase(),
    deviceRegistrationId: stringProp(state, 'deviceRegistrationId') ?? '',
    errorCode: typeof code === 'number' ? code : Number(code ?? 0) || 0,
    errorName: stringProp(state, 'deviceErrorName') ?? '',
  };
}

/**
 * Graph's envelope `{error: {code, message}}`; Intune puts its own error as JSON text inside `message`
 * (`{"Message": "…", "RetryAfter": …}`), sometimes nested once more.
 */
function parseGraphFault(text: string): { code?: string; message?: string; retryAfterSeconds?: number } {
  const error = prop(tryJson(text), 'error');
  const code = stringProp(error, 'code');
  let message = stringProp(error, 'message');
  let retryAfterSeconds: number | undefined;
  for (let depth = 0; depth < 3 && message && /^\s*\{/.test(message); depth++) {
    const inner = tryJson(message);
    const retry = prop(inner, 'RetryAfter');
    if (typeof retry === 'number') retryAfterSeconds = retry;
    message = stringProp(inner, 'Message') ?? stringProp(inner, 'message') ?? message;
    if (!/^\s*\{/.test(message) || inner === undefined) break;
  }
  return { code, message: message?.replace(/\s+/g, ' ').trim(), retryAfterSeconds };
}

function intuneRetryAfterMs(text: string): number | undefined {
  const seconds = parseGraphFault(text).retryAfterSeconds;
  return seconds === undefined ? undefined : seconds * 1000;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer's JSON; `notJson` says what went wrong otherwise, in words. */
function parseJson(text: string, notJson: () => string): unknown {
  const body = tryJson(text);
  if (body === undefined) throw new GraphError('unexpected-response', notJson());
  return body;
}

// OData answers are camelCase; Intune's inner errors are PascalCase: read properties case-insensitively.
function prop(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (name in record) return record[name];
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

function stringProp(value: unknown, name: string): string | undefined {
  const found = prop(value, name);
  return typeof found === 'string' ? found : undefined;
}
