// Partner Center REST client for Autopilot device batches. Shared by the VS Code extension and the CLI,
// so it must not import `vscode`. Reference: shared/reference/partner-center-and-sign-in.md, section 1.
// Errors are for a person, in the process's language (core/locale.ts); log lines stay English (support tickets).

import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import type { SecretRedactor } from './redaction';
import {
  DEFAULT_TIMING,
  formatSeconds,
  normalizeServiceEndpoint,
  ServiceError,
  ServiceHttp,
  SILENT_LOGGER,
  type ServiceErrorDetails,
  type Purpose,
  type ServiceErrorKind,
  type ServiceRequest,
  type ServiceResponse,
  type ServiceTiming,
  type UploadLogger,
} from './serviceHttp';

export { formatSeconds, isLoopbackHost, retryAfterMs, safeSleep, type UploadLogger } from './serviceHttp';

export const DEFAULT_PARTNER_CENTER_ENDPOINT = 'https://api.partnercenter.microsoft.com';

/** Polls, back-off and limits (serviceHttp.ts); a batch job is the background work polled. */
export type PartnerCenterTiming = ServiceTiming;

export interface PartnerCenterClientOptions {
  /** Defaults to https://api.partnercenter.microsoft.com; `http://` only for loopback test servers. */
  baseUrl?: string;
  getAccessToken(): Promise<string>;
  logger?: UploadLogger;
  timing?: Partial<PartnerCenterTiming>;
  /** Sent as `MS-CorrelationId` on every request of this client, so one upload can be traced end to end. */
  correlationId?: string;
  customersPageSize?: number;
  /** The largest answer read (default 64 MiB); a larger one fails in words instead of exhausting memory. */
  maxResponseBytes?: number;
  /** Told when the client waits `longWaitMs` or more (the service throttles, or asked to wait): say it on screen. */
  onLongWait?: (message: string) => void;
}

export interface Customer {
  id: string;
  tenantId: string;
  name: string;
  domain: string;
  relationship: string;
}

export interface DeviceBatchSummary {
  id: string;
  devicesCount: number;
}

/** A device of a batch as Partner Center lists it (the list does not echo hardware hashes). */
export interface RegisteredDevice {
  id: string;
  serialNumber: string;
  productKey: string;
}

/** A device as Partner Center takes it; only the identifying fields are sent. */
export interface PartnerCenterDevice {
  SerialNumber?: string;
  ProductKey?: string;
  HardwareHash?: string;
  OemManufacturerName?: string;
  ModelName?: string;
}

export type BatchJobState = 'unknown' | 'queued' | 'processing' | 'finished' | 'finished_with_errors';

export interface DeviceUploadStatus {
  deviceId?: string;
  serialNumber?: string;
  productKey?: string;
  /** Not documented, but read when the service echoes it: it identifies hash-only devices. */
  hardwareHash?: string;
  /** `in_progress`, `finished`, `finished_with_errors`, ... (lower case, `_` for spaces and dashes). */
  status: string;
  errorCode?: string;
  errorDescription?: string;
}

export interface BatchJobStatus {
  trackingId: string;
  status: BatchJobState;
  /** False while Partner Center is still working on the job (queued, processing, or a state it did not name). */
  final: boolean;
  devicesStatus: DeviceUploadStatus[];
}

export type PartnerCenterErrorKind = ServiceErrorKind;
export type PartnerCenterErrorDetails = ServiceErrorDetails;

/** Every failure of this client; `message` is written for the person running the upload. */
export class PartnerCenterError extends ServiceError {
  constructor(kind: PartnerCenterErrorKind, message: string, details: PartnerCenterErrorDetails = {}) {
    super(kind, message, details);
    this.name = 'PartnerCenterError';
  }
}

/** Checks the endpoint a token will be sent to (https, or http on loopback for test servers). */
export function normalizePartnerCenterEndpoint(endpoint: string | undefined): string {
  return normalizeServiceEndpoint(endpoint, {
    name: 'Partner Center',
    defaultEndpoint: DEFAULT_PARTNER_CENTER_ENDPOINT,
    where: l10n.t('setting autopilot.partnerCenter.endpoint, or --endpoint on the command line'),
    error: (message) => new PartnerCenterError('configuration', message),
  });
}

type RequestSpec = ServiceRequest;
type HttpResult = ServiceResponse;

interface CollectionPage {
  items: unknown[];
  next?: { url: string; headers: Record<string, string> };
}

export class PartnerCenterClient {
  readonly baseUrl: string;
  private readonly timing: PartnerCenterTiming;
  private readonly logger: UploadLogger;
  private readonly correlationId: string;
  private readonly customersPageSize: number;
  private readonly http: ServiceHttp;

  constructor(options: PartnerCenterClientOptions) {
    this.baseUrl = normalizePartnerCenterEndpoint(options.baseUrl);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.logger = options.logger ?? SILENT_LOGGER;
    this.correlationId = options.correlationId ?? randomUUID();
    this.customersPageSize = options.customersPageSize ?? 100;
    this.http = new ServiceHttp({
      service: 'Partner Center',
      baseUrl: this.baseUrl,
      endpointHint: l10n.t('setting autopilot.partnerCenter.endpoint, or --endpoint'),
      getAccessToken: () => options.getAccessToken(),
      timing: this.timing,
      logger: this.logger,
      maxResponseBytes: options.maxResponseBytes,
      onLongWait: options.onLongWait,
      // MS-RequestId is Partner Center's idempotency key. The headers doc: send the same value again after a timeout
      // (the first attempt may have been processed, so a retried POST returns the first job instead of creating a
      // second batch), and a new one after any answer, success or failure.
      headers: (requestId) => ({ 'MS-RequestId': requestId, 'MS-CorrelationId': this.correlationId, 'X-Locale': 'en-US' }),
      httpError: (spec, result) => this.httpError(spec, result),
      error: (kind, message, details) => new PartnerCenterError(kind, message, details),
    });
  }

  /** Every token this client sent: removed from anything the service says back. */
  get redactor(): SecretRedactor {
    return this.http.redactor;
  }

  /** Text for a person: without the tokens this client sent, JWT-shaped strings and long runs such as hashes. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  async listCustomers(signal?: AbortSignal): Promise<Customer[]> {
    const purpose = { text: l10n.t('list your customers'), log: 'list your customers' };
    const items = await this.readCollection(`${this.baseUrl}/v1/customers?size=${this.customersPageSize}`, purpose, signal);
    return items.map(toCustomer).filter((customer): customer is Customer => customer !== undefined);
  }

  async listDeviceBatches(customerId: string, signal?: AbortSignal): Promise<DeviceBatchSummary[]> {
    const items = await this.readCollection(
      `${this.customerUrl(customerId)}/deviceBatches`,
      {
        text: l10n.t('list the device batches of customer {0}', customerId),
        log: `list the device batches of customer ${customerId}`,
      },
      signal,
      customerId,
    );
    return items.flatMap((item) => {
      const id = stringProp(item, 'id');
      return id === undefined ? [] : [{ id, devicesCount: numberProp(item, 'devicesCount') ?? 0 }];
    });
  }

  /**
   * The devices of one batch (100 per page, continued with a body token). Stops after `maxDevices` and says so in
   * `complete`, so a customer with a huge batch cannot stall an upload.
   */
  async listBatchDevices(
    customerId: string,
    batchId: string,
    options: { signal?: AbortSignal; maxDevices?: number } = {},
  ): Promise<{ devices: RegisteredDevice[]; complete: boolean }> {
    const { items, complete } = await this.readPages(
      `${this.customerUrl(customerId)}/deviceBatches/${encodeURIComponent(batchId)}/devices`,
      {
        text: l10n.t('list the devices of batch "{0}" of customer {1}', batchId, customerId),
        log: `list the devices of batch "${batchId}" of customer ${customerId}`,
      },
      options.signal,
      customerId,
      options.maxDevices,
    );
    const devices = items.flatMap((item) => {
      const id = stringProp(item, 'id') ?? '';
      const serialNumber = stringProp(item, 'serialNumber') ?? '';
      const productKey = stringProp(item, 'productKey') ?? '';
      return serialNumber || productKey ? [{ id, serialNumber, productKey }] : [];
    });
    return { devices, complete };
  }

  /** Creates the batch with its first devices; resolves to the batch job's tracking id. */
  async createDeviceBatch(customerId: string, batchId: string, devices: PartnerCenterDevice[], signal?: AbortSignal): Promise<string> {
    const result = await this.send({
      method: 'POST',
      url: `${this.customerUrl(customerId)}/deviceBatches`,
      purpose: {
        text: l10n.t('create device batch "{0}" for customer {1}', batchId, customerId),
        log: `create device batch "${batchId}" for customer ${customerId}`,
      },
      body: { BatchId: batchId, Devices: devices },
      signal,
      customerId,
    });
    return this.trackingIdOf(result, batchId);
  }

  /** Adds devices to a batch that already exists; resolves to the batch job's tracking id. */
  async addDevicesToBatch(customerId: string, batchId: string, devices: PartnerCenterDevice[], signal?: AbortSignal): Promise<string> {
    const result = await this.send({
      method: 'POST',
      url: `${this.customerUrl(customerId)}/deviceBatches/${encodeURIComponent(batchId)}/devices`,
      purpose: {
        text: l10n.t('add devices to batch "{0}" of customer {1}', batchId, customerId),
        log: `add devices to batch "${batchId}" of customer ${customerId}`,
      },
      body: devices,
      signal,
      customerId,
    });
    return this.trackingIdOf(result, batchId);
  }

  async getBatchJobStatus(customerId: string, trackingId: string, signal?: AbortSignal): Promise<BatchJobStatus> {
    const result = await this.send({
      method: 'GET',
      url: `${this.customerUrl(customerId)}/batchJobStatus/${encodeURIComponent(trackingId)}`,
      purpose: { text: l10n.t('read the status of batch job {0}', trackingId), log: `read the status of batch job ${trackingId}` },
      signal,
      customerId,
    });
    return this.toBatchJobStatus(
      parseJson(result.text, () => l10n.t('Partner Center sent an answer that is not JSON when asked for the batch job status.')),
      trackingId,
    );
  }

  /**
   * Polls until the job reaches a final state, waiting longer between reads, for at most `maxJobWaitMs`; then
   * resolves with the last status read (`final: false`): Partner Center goes on processing the job and the tracking
   * id is the way back to its result. A cancelled wait names the tracking id.
   */
  async waitForBatchJob(
    customerId: string,
    trackingId: string,
    options: { signal?: AbortSignal; batchName?: string; onStatus?: (status: BatchJobStatus) => void } = {},
  ): Promise<BatchJobStatus> {
    const { signal, batchName } = options;
    const cancelled = (): PartnerCenterError =>
      new PartnerCenterError(
        'cancelled',
        `${batchName ? l10n.t('Stopped waiting for Partner Center (batch "{0}").', batchName) : l10n.t('Stopped waiting for Partner Center.')} ${l10n.t(
          'The devices were sent and Partner Center keeps processing them under tracking id {0}: check the result later ("Check Upload Status…" in the editor, or autopilot-csv status --customer {1} --tracking-id {0}).',
          trackingId,
          customerId,
        )}`,
        { trackingId, batchName },
      );
    let waited = 0;
    let interval = this.timing.pollIntervalMs;
    for (;;) {
      const wait = Math.min(interval, Math.max(0, this.timing.maxJobWaitMs - waited));
      try {
        await this.timing.sleep(wait, signal);
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        throw error;
      }
      waited += wait;
      interval = Math.min(this.timing.maxPollIntervalMs, Math.ceil(interval * 1.5));
      let status: BatchJobStatus;
      try {
        status = await this.getBatchJobStatus(customerId, trackingId, signal);
      } catch (error) {
        if (error instanceof PartnerCenterError && error.kind === 'cancelled') throw cancelled();
        throw error;
      }
      options.onStatus?.(status);
      if (status.final) return status;
      if (waited >= this.timing.maxJobWaitMs) {
        this.logger.warn(
          `Batch job ${trackingId}${batchName ? ` (batch "${batchName}")` : ''} was still ${status.status} after ` +
            `${formatSeconds(waited)}; stopped waiting. Partner Center keeps processing it: check it later with its tracking id.`,
        );
        return status;
      }
    }
  }

  private customerUrl(customerId: string): string {
    return `${this.baseUrl}/v1/customers/${encodeURIComponent(customerId)}`;
  }

  private trackingIdOf(result: HttpResult, batchId: string): string {
    // The documented answer carries the status link in Location; the REST reference also defines a Link object
    // {uri, method, headers} in the body, and a bare string has been described too.
    const location = result.headers['location'] || statusLinkInBody(result.text);
    const trackingId = location
      ?.split(/[?#]/)[0]
      ?.split('/')
      .filter((segment) => segment.length > 0)
      .pop();
    if (!trackingId) {
      throw new PartnerCenterError(
        'unexpected-response',
        l10n.t(
          'Partner Center accepted the devices for batch "{0}" but did not say where to follow the upload (no Location header and no status link in the answer). Check the customer\'s devices in Partner Center before uploading again.',
          batchId,
        ),
        { batchName: batchId },
      );
    }
    return safeDecode(trackingId);
  }

  private async readCollection(
    firstUrl: string,
    purpose: Purpose,
    signal: AbortSignal | undefined,
    customerId?: string,
  ): Promise<unknown[]> {
    return (await this.readPages(firstUrl, purpose, signal, customerId)).items;
  }

  private async readPages(
    firstUrl: string,
    purpose: Purpose,
    signal: AbortSignal | undefined,
    customerId?: string,
    maxItems = Number.POSITIVE_INFINITY,
  ): Promise<{ items: unknown[]; complete: boolean }> {
    const items: unknown[] = [];
    let request: { url: string; headers: Record<string, string> } | undefined = { url: firstUrl, headers: {} };
    const seen = new Set<string>();
    while (request) {
      const result = await this.send({ method: 'GET', url: request.url, headers: request.headers, purpose, signal, customerId });
      const page = this.toCollectionPage(
        parseJson(result.text, () => l10n.t('Partner Center sent an answer that is not JSON when asked to {0}.', purpose.text)),
        request.url,
      );
      for (const item of page.items) items.push(item);
      request = page.next;
      if (request && items.length >= maxItems) return { items, complete: false };
      const key = request ? `${request.url} ${JSON.stringify(request.headers)}` : '';
      if (request && seen.has(key)) {
        // A service that hands out the same continuation twice would otherwise loop forever.
        this.logger.warn(`Partner Center repeated a page link while trying to ${purpose.log}; stopped after ${items.length} items.`);
        return { items, complete: false };
      }
      seen.add(key);
    }
    return { items, complete: true };
  }

  private toCollectionPage(body: unknown, currentUrl: string): CollectionPage {
    const items = arrayProp(body, 'items') ?? [];
    const links = objectProp(body, 'links');
    const nextLink = objectProp(links, 'next');
    const nextUri = stringProp(nextLink, 'uri');
    if (nextLink !== undefined && nextUri) {
      const headers: Record<string, string> = {};
      for (const header of arrayProp(nextLink, 'headers') ?? []) {
        const key = stringProp(header, 'key');
        const value = stringProp(header, 'value');
        if (key && value !== undefined) headers[key] = value;
      }
      return { items, next: { url: this.resolveLink(nextUri), headers } };
    }
    // Device lists page with a body token instead of a link: ask the same URL again with the token as a header.
    const continuationToken = stringProp(body, 'continuationToken');
    if (continuationToken) {
      return { items, next: { url: currentUrl, headers: { 'MS-ContinuationToken': continuationToken } } };
    }
    return { items };
  }

  /** Links in Partner Center answers are relative and sometimes lack the `/v1` prefix. */
  private resolveLink(uri: string): string {
    if (/^https?:\/\//i.test(uri)) {
      const link = new URL(uri);
      if (link.origin !== new URL(this.baseUrl).origin) {
        // Following it would send the access token to another host.
        throw new PartnerCenterError(
          'unexpected-response',
          l10n.t('Partner Center returned a page link to another host ({0}); stopped instead of sending your sign-in there.', link.origin),
        );
      }
      return link.toString();
    }
    const path = uri.startsWith('/') ? uri : `/${uri}`;
    return /^\/v1(\/|$|\?)/i.test(path) ? `${this.baseUrl}${path}` : `${this.baseUrl}/v1${path}`;
  }

  private send(spec: RequestSpec): Promise<HttpResult> {
    return this.http.send(spec);
  }

  private httpError(spec: RequestSpec, result: HttpResult): PartnerCenterError {
    const fault = parseFault(result.text);
    const status = result.status;
    const code = fault.code;
    // Not every failure is an ApiFault: the MFA rejection has come as plain text ("Authentication failed. MFA
    // required. (10001)"); the SDK then shows the raw body too.
    const serviceText = this.redact(fault.description ?? plainTextBody(result)).slice(0, 500);
    const said = serviceText ? ` ${l10n.t('Partner Center said: "{0}"', serviceText)}` : '';
    const details: PartnerCenterErrorDetails = { httpStatus: status, serviceCode: code ?? numberInParentheses(serviceText) };
    const customer = spec.customerId ?? l10n.t('this customer');
    const purpose = spec.purpose.text;
    if (status === 401 && (code === '900421' || /\bMFA\b|multi-?factor/i.test(serviceText))) {
      return new PartnerCenterError(
        'mfa-required',
        l10n.t(
          'Partner Center requires multifactor authentication (MFA) for this account ({0}).{1} Sign in again and complete the MFA prompt. If no MFA prompt appears, your account is not asked for MFA at sign-in: an administrator of your partner tenant has to require it (security defaults or a Conditional Access policy); a sign-in request alone cannot make Microsoft Entra ID ask for it.',
          httpStatusText(401, details.serviceCode),
          said,
        ),
        details,
      );
    }
    if (status === 401) {
      return new PartnerCenterError(
        'sign-in-required',
        l10n.t('Partner Center did not accept your sign-in (HTTP 401) when trying to {0}.{1} Sign in again, then retry.', purpose, said),
        details,
      );
    }
    if (status === 403) {
      return new PartnerCenterError(
        'forbidden',
        l10n.t(
          "Partner Center refused to {0} ({1}): the partner has no relationship with customer {2}, or your account lacks the Admin agent or Sales agent role, or your organization is an indirect reseller. Check the customer's reseller relationship and your roles in Partner Center. Indirect resellers cannot use the Partner Center API: upload the CSV on the Partner Center website (the customer's Devices page), or ask your indirect provider to register the devices.{3}",
          purpose,
          httpStatusText(403, code),
          customer,
          said,
        ),
        details,
      );
    }
    if (status === 404) {
      return new PartnerCenterError(
        'not-found',
        l10n.t(
          "Partner Center found nothing when trying to {0} ({1}). Check that {2} is the customer's tenant id.{3}",
          purpose,
          httpStatusText(404, code),
          customer,
          said,
        ),
        details,
      );
    }
    if (status === 409) {
      return new PartnerCenterError(
        'conflict',
        l10n.t('Partner Center reported a conflict when trying to {0} (HTTP 409).{1}', purpose, said),
        details,
      );
    }
    if (status >= 500) {
      return new PartnerCenterError(
        'server-error',
        l10n.t(
          'Partner Center had a server error (HTTP {0}) when trying to {1}, even after {2} retries. Try again later.{3}',
          status,
          purpose,
          this.timing.maxRetries,
          said,
        ),
        details,
      );
    }
    return new PartnerCenterError(
      'bad-request',
      l10n.t('Partner Center rejected the request to {0} ({1}).{2}', purpose, httpStatusText(status, code), said),
      details,
    );
  }

  private toBatchJobStatus(body: unknown, trackingId: string): BatchJobStatus {
    const status = jobState(prop(body, 'status'));
    const devicesStatus = (arrayProp(body, 'devicesStatus') ?? []).map((device) => {
      const errorCode = scalarProp(device, 'errorCode');
      const errorDescription = stringProp(device, 'errorDescription');
      return {
        deviceId: stringProp(device, 'deviceId'),
        serialNumber: stringProp(device, 'serialNumber'),
        productKey: stringProp(device, 'productKey'),
        hardwareHash: stringProp(device, 'hardwareHash'),
        status: jobState(prop(device, 'status'), true),
        errorCode: errorCode === undefined ? undefined : this.redact(errorCode),
        errorDescription: errorDescription === undefined ? undefined : this.redact(errorDescription).slice(0, 1000),
      };
    });
    return {
      trackingId: stringProp(body, 'batchTrackingId') ?? trackingId,
      status,
      final: status === 'finished' || status === 'finished_with_errors',
      devicesStatus,
    };
  }
}

/** The answer's JSON; `notJson` says what went wrong otherwise, in words. */
function parseJson(text: string, notJson: () => string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PartnerCenterError('unexpected-response', notJson());
  }
}

/** "HTTP 403", or "HTTP 403, code 900421" when the service named its error. */
function httpStatusText(status: number, code: string | undefined): string {
  return code ? l10n.t('HTTP {0}, code {1}', status, code) : `HTTP ${status}`;
}

function parseFault(text: string): { code?: string; description?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  const code = prop(body, 'code') ?? prop(body, 'statusCode');
  const description = stringProp(body, 'description') ?? stringProp(body, 'message');
  return {
    code: typeof code === 'number' || typeof code === 'string' ? String(code) : undefined,
    description,
  };
}

function toCustomer(item: unknown): Customer | undefined {
  const profile = objectProp(item, 'companyProfile');
  const id = stringProp(item, 'id') || stringProp(profile, 'tenantId');
  if (!id) return undefined;
  return {
    id,
    tenantId: stringProp(profile, 'tenantId') || id,
    name: stringProp(profile, 'companyName') || id,
    domain: stringProp(profile, 'domain') ?? '',
    relationship: stringProp(item, 'relationshipToPartner') ?? '',
  };
}

/** The SDK's DeviceUploadStatusType, written as the SDK's enum converter also accepts it: a number. */
const JOB_STATES: readonly BatchJobState[] = ['unknown', 'queued', 'processing', 'finished', 'finished_with_errors'];

/** A state as a lower-case word; numbers are the SDK's enum values. Anything not named is `unknown`, never final. */
function jobState(value: unknown): BatchJobState;
function jobState(value: unknown, keepUnnamed: true): string;
function jobState(value: unknown, keepUnnamed = false): string {
  if (typeof value === 'number') return JOB_STATES[value] ?? 'unknown';
  const word = typeof value === 'string' ? value.trim().toLowerCase().replace(/[\s-]/g, '_') : '';
  if (/^\d+$/.test(word)) return JOB_STATES[Number(word)] ?? 'unknown';
  if (keepUnnamed) return word || 'unknown';
  return JOB_STATES.find((state) => state === word) ?? 'unknown';
}

/** The status link of a 202 whose Location header is missing: a Link object `{uri, ...}`, or a bare string. */
function statusLinkInBody(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return /^[^\s{}"]+$/.test(trimmed) ? trimmed : undefined;
  }
  if (typeof body === 'string') return body || undefined;
  return (
    stringProp(body, 'uri') ??
    stringProp(objectProp(body, 'link'), 'uri') ??
    stringProp(objectProp(objectProp(body, 'links'), 'self'), 'uri')
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A plain-text error body, one line, when the body is not JSON. */
function plainTextBody(result: HttpResult): string {
  const text = result.text.trim();
  if (!text || /^[{[]/.test(text) || /html/i.test(result.headers['content-type'] ?? '')) return '';
  return text.replace(/\s+/g, ' ');
}

/** "(10001)" at the end of a plain-text fault is its code. */
function numberInParentheses(text: string): string | undefined {
  return /\((\d{3,})\)\s*$/.exec(text)?.[1];
}

// Answers are camelCase, but the service's own examples mix casings: read properties case-insensitively.
function prop(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

function stringProp(value: unknown, name: string): string | undefined {
  const found = prop(value, name);
  return typeof found === 'string' ? found : undefined;
}

function scalarProp(value: unknown, name: string): string | undefined {
  const found = prop(value, name);
  if (typeof found === 'number') return String(found);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

function numberProp(value: unknown, name: string): number | undefined {
  const found = prop(value, name);
  return typeof found === 'number' ? found : undefined;
}

function arrayProp(value: unknown, name: string): unknown[] | undefined {
  const found = prop(value, name);
  return Array.isArray(found) ? found : undefined;
}

function objectProp(value: unknown, name: string): unknown {
  const found = prop(value, name);
  return typeof found === 'object' && found !== null ? found : undefined;
}
