// Partner Center REST client for Autopilot device batches. Shared by the VS Code extension and the CLI,
// so it must not import `vscode`. Reference: shared/reference/partner-center-and-sign-in.md, section 1.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpRequest } from './nodeHttp';

export const DEFAULT_PARTNER_CENTER_ENDPOINT = 'https://api.partnercenter.microsoft.com';

export interface UploadLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface PartnerCenterTiming {
  /** Wait between two reads of a batch job's status (the PowerShell module uses 5 s). */
  pollIntervalMs: number;
  /** First wait after a failed attempt; doubles on every further failure up to `maxBackoffMs`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Retries after server errors (5xx) and network failures, per request. */
  maxRetries: number;
  /** Retries after 429 Too Many Requests, per request. */
  maxThrottleRetries: number;
  /** A request that takes longer counts as a network failure and is retried. */
  requestTimeoutMs: number;
  /** Must reject promptly when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface PartnerCenterClientOptions {
  /** Defaults to https://api.partnercenter.microsoft.com; `http://` only for loopback test servers. */
  baseUrl?: string;
  getAccessToken(): Promise<string>;
  logger?: UploadLogger;
  timing?: Partial<PartnerCenterTiming>;
  /** Sent as `MS-CorrelationId` on every request of this client, so one upload can be traced end to end. */
  correlationId?: string;
  customersPageSize?: number;
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
  status: string;
  errorCode?: string;
  errorDescription?: string;
}

export interface BatchJobStatus {
  trackingId: string;
  status: BatchJobState;
  devicesStatus: DeviceUploadStatus[];
}

export type PartnerCenterErrorKind =
  | 'configuration'
  | 'sign-in-required'
  | 'mfa-required'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'conflict'
  | 'throttled'
  | 'server-error'
  | 'network'
  | 'cancelled'
  | 'unexpected-response';

export interface PartnerCenterErrorDetails {
  httpStatus?: number;
  serviceCode?: string;
  /** Set when a batch job was submitted, so the user can look it up or resume. */
  trackingId?: string;
  batchName?: string;
}

/** Every failure of this client; `message` is written for the person running the upload. */
export class PartnerCenterError extends Error {
  constructor(
    readonly kind: PartnerCenterErrorKind,
    message: string,
    readonly details: PartnerCenterErrorDetails = {},
  ) {
    super(message);
    this.name = 'PartnerCenterError';
  }
}

const DEFAULT_TIMING: PartnerCenterTiming = {
  pollIntervalMs: 5000,
  initialBackoffMs: 1000,
  maxBackoffMs: 60_000,
  maxRetries: 4,
  maxThrottleRetries: 6,
  requestTimeoutMs: 100_000,
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

const SILENT_LOGGER: UploadLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Checks the endpoint a token will be sent to. Plain http is only accepted for loopback hosts
 * (local test servers): anywhere else it would expose the access token on the network.
 */
export function normalizePartnerCenterEndpoint(endpoint: string | undefined): string {
  const raw = (endpoint ?? '').trim() || DEFAULT_PARTNER_CENTER_ENDPOINT;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PartnerCenterError(
      'configuration',
      `The Partner Center endpoint "${raw}" is not a URL. Use ${DEFAULT_PARTNER_CENTER_ENDPOINT} ` +
        '(setting autopilot.partnerCenter.endpoint, or --endpoint on the command line).',
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new PartnerCenterError(
      'configuration',
      `The Partner Center endpoint ${raw} uses plain http://, which would send your sign-in token unencrypted. ` +
        `Use https:// (the default is ${DEFAULT_PARTNER_CENTER_ENDPOINT}); http:// is accepted only for localhost test servers.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PartnerCenterError(
      'configuration',
      `The Partner Center endpoint ${raw} must start with https:// (the default is ${DEFAULT_PARTNER_CENTER_ENDPOINT}).`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

interface RequestSpec {
  method: 'GET' | 'POST';
  url: string;
  /** Words for error messages: "list the customers", "create batch 'X'", ... */
  purpose: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  customerId?: string;
}

interface HttpResult {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

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

  constructor(private readonly options: PartnerCenterClientOptions) {
    this.baseUrl = normalizePartnerCenterEndpoint(options.baseUrl);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.logger = options.logger ?? SILENT_LOGGER;
    this.correlationId = options.correlationId ?? randomUUID();
    this.customersPageSize = options.customersPageSize ?? 100;
  }

  async listCustomers(signal?: AbortSignal): Promise<Customer[]> {
    const items = await this.readCollection(`${this.baseUrl}/v1/customers?size=${this.customersPageSize}`, 'list your customers', signal);
    return items.map(toCustomer).filter((customer): customer is Customer => customer !== undefined);
  }

  async listDeviceBatches(customerId: string, signal?: AbortSignal): Promise<DeviceBatchSummary[]> {
    const items = await this.readCollection(
      `${this.customerUrl(customerId)}/deviceBatches`,
      `list the device batches of customer ${customerId}`,
      signal,
      customerId,
    );
    return items.flatMap((item) => {
      const id = stringProp(item, 'id');
      return id === undefined ? [] : [{ id, devicesCount: numberProp(item, 'devicesCount') ?? 0 }];
    });
  }

  /** Creates the batch with its first devices; resolves to the batch job's tracking id. */
  async createDeviceBatch(customerId: string, batchId: string, devices: PartnerCenterDevice[], signal?: AbortSignal): Promise<string> {
    const result = await this.send({
      method: 'POST',
      url: `${this.customerUrl(customerId)}/deviceBatches`,
      purpose: `create device batch "${batchId}" for customer ${customerId}`,
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
      purpose: `add devices to batch "${batchId}" of customer ${customerId}`,
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
      purpose: `read the status of batch job ${trackingId}`,
      signal,
      customerId,
    });
    return toBatchJobStatus(parseJson(result.text, 'the batch job status'), trackingId);
  }

  /** Polls until the job leaves queued/processing. A cancelled wait names the tracking id. */
  async waitForBatchJob(
    customerId: string,
    trackingId: string,
    options: { signal?: AbortSignal; batchName?: string; onStatus?: (status: BatchJobStatus) => void } = {},
  ): Promise<BatchJobStatus> {
    const { signal, batchName } = options;
    const cancelled = (): PartnerCenterError =>
      new PartnerCenterError(
        'cancelled',
        `Stopped waiting for Partner Center${batchName ? ` (batch "${batchName}")` : ''}. The devices were sent and ` +
          `Partner Center keeps processing them under tracking id ${trackingId}: check the customer's devices in ` +
          'Partner Center later, or upload the file again (devices already registered are then reported as already registered).',
        { trackingId, batchName },
      );
    for (;;) {
      try {
        await this.timing.sleep(this.timing.pollIntervalMs, signal);
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        throw error;
      }
      let status: BatchJobStatus;
      try {
        status = await this.getBatchJobStatus(customerId, trackingId, signal);
      } catch (error) {
        if (error instanceof PartnerCenterError && error.kind === 'cancelled') throw cancelled();
        throw error;
      }
      options.onStatus?.(status);
      if (status.status !== 'queued' && status.status !== 'processing') return status;
    }
  }

  private customerUrl(customerId: string): string {
    return `${this.baseUrl}/v1/customers/${encodeURIComponent(customerId)}`;
  }

  private trackingIdOf(result: HttpResult, batchId: string): string {
    // The documented answer carries the status link in Location; the REST reference also mentions the body.
    const location = result.headers['location'] ?? (result.text.trim().replace(/^"|"$/g, '') || undefined);
    const trackingId = location
      ?.split(/[?#]/)[0]
      ?.split('/')
      .filter((segment) => segment.length > 0)
      .pop();
    if (!trackingId) {
      throw new PartnerCenterError(
        'unexpected-response',
        `Partner Center accepted the devices for batch "${batchId}" but did not say where to follow the upload ` +
          "(no Location header). Check the customer's devices in Partner Center before uploading again.",
        { batchName: batchId },
      );
    }
    return decodeURIComponent(trackingId);
  }

  private async readCollection(
    firstUrl: string,
    purpose: string,
    signal: AbortSignal | undefined,
    customerId?: string,
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    let request: { url: string; headers: Record<string, string> } | undefined = { url: firstUrl, headers: {} };
    const seen = new Set<string>();
    while (request) {
      const result = await this.send({ method: 'GET', url: request.url, headers: request.headers, purpose, signal, customerId });
      const page = this.toCollectionPage(parseJson(result.text, purpose), request.url);
      for (const item of page.items) items.push(item);
      request = page.next;
      const key = request ? `${request.url} ${JSON.stringify(request.headers)}` : '';
      if (request && seen.has(key)) {
        // A service that hands out the same continuation twice would otherwise loop forever.
        this.logger.warn(`Partner Center repeated a page link while trying to ${purpose}; stopped after ${items.length} items.`);
        break;
      }
      seen.add(key);
    }
    return items;
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
          `Partner Center returned a page link to another host (${link.origin}); stopped instead of sending your sign-in there.`,
        );
      }
      return link.toString();
    }
    const path = uri.startsWith('/') ? uri : `/${uri}`;
    return /^\/v1(\/|$|\?)/i.test(path) ? `${this.baseUrl}${path}` : `${this.baseUrl}/v1${path}`;
  }

  private async send(spec: RequestSpec): Promise<HttpResult> {
    // One request id for every attempt: Partner Center treats it as the idempotency key, so a POST
    // retried after a lost answer returns the first job instead of creating a second batch.
    const requestId = randomUUID();
    let failures = 0;
    let throttles = 0;
    for (;;) {
      if (spec.signal?.aborted) throw this.cancelledError(spec);
      const token = await this.options.getAccessToken();
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'MS-RequestId': requestId,
        'MS-CorrelationId': this.correlationId,
        'X-Locale': 'en-US',
        ...spec.headers,
      };
      let result: HttpResult;
      try {
        result = await this.attempt(spec, headers);
      } catch (error) {
        if (spec.signal?.aborted) throw this.cancelledError(spec);
        failures += 1;
        const reason = describeNetworkFailure(error);
        if (failures > this.timing.maxRetries) {
          throw new PartnerCenterError(
            'network',
            `Cannot reach Partner Center at ${this.baseUrl} to ${spec.purpose} (${reason}), even after ${this.timing.maxRetries} retries. ` +
              'Check your network connection and proxy, and the endpoint (setting autopilot.partnerCenter.endpoint, or --endpoint).',
          );
        }
        const wait = this.backoff(failures);
        this.logger.warn(`Partner Center did not answer (${reason}) while trying to ${spec.purpose}; retrying in ${formatSeconds(wait)}.`);
        await this.pause(wait, spec);
        continue;
      }

      if (result.status >= 200 && result.status < 300) return result;

      if (result.status === 429) {
        throttles += 1;
        const retryAfter = retryAfterMs(result.headers['retry-after']);
        if (throttles > this.timing.maxThrottleRetries) {
          throw new PartnerCenterError(
            'throttled',
            `Partner Center is limiting the number of requests (HTTP 429) and still was after ${this.timing.maxThrottleRetries} waits ` +
              `while trying to ${spec.purpose}. Wait a few minutes, then try again.`,
            { httpStatus: 429 },
          );
        }
        // Retry-After first; if the service keeps throttling, back off further than it asked.
        const wait = throttles === 1 && retryAfter !== undefined ? retryAfter : Math.max(retryAfter ?? 0, this.backoff(throttles));
        this.logger.warn(`Partner Center asked to slow down (HTTP 429) while trying to ${spec.purpose}; waiting ${formatSeconds(wait)}.`);
        await this.pause(wait, spec);
        continue;
      }

      if (result.status >= 500) {
        failures += 1;
        if (failures > this.timing.maxRetries) throw this.httpError(spec, result);
        const wait = Math.max(retryAfterMs(result.headers['retry-after']) ?? 0, this.backoff(failures));
        this.logger.warn(
          `Partner Center had a server error (HTTP ${result.status}) while trying to ${spec.purpose}; retrying in ${formatSeconds(wait)}.`,
        );
        await this.pause(wait, spec);
        continue;
      }

      throw this.httpError(spec, result);
    }
  }

  private async attempt(spec: RequestSpec, headers: Record<string, string>): Promise<HttpResult> {
    const timeout = AbortSignal.timeout(this.timing.requestTimeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    const response = await httpRequest(spec.url, {
      method: spec.method,
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal,
    });
    // The service has been seen to start bodies with a UTF-8 byte order mark; JSON.parse rejects it.
    return { status: response.status, headers: response.headers, text: response.text.replace(/^\uFEFF/, '') };
  }

  private async pause(ms: number, spec: RequestSpec): Promise<void> {
    try {
      await this.timing.sleep(ms, spec.signal);
    } catch (error) {
      if (spec.signal?.aborted) throw this.cancelledError(spec);
      throw error;
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.timing.maxBackoffMs, this.timing.initialBackoffMs * 2 ** (attempt - 1));
  }

  private cancelledError(spec: RequestSpec): PartnerCenterError {
    return new PartnerCenterError('cancelled', `Cancelled while trying to ${spec.purpose}.`);
  }

  private httpError(spec: RequestSpec, result: HttpResult): PartnerCenterError {
    const fault = parseFault(result.text);
    const status = result.status;
    const code = fault.code;
    const said = fault.description ? ` Partner Center said: "${fault.description}"` : '';
    const details: PartnerCenterErrorDetails = { httpStatus: status, serviceCode: code };
    const customer = spec.customerId ?? 'this customer';
    if (status === 401 && code === '900421') {
      return new PartnerCenterError(
        'mfa-required',
        'Partner Center requires multifactor authentication (MFA) for this account (HTTP 401, code 900421). ' +
          'Sign in again and complete the MFA prompt; if none appears, ask your administrator to require MFA for your account in Microsoft Entra ID.',
        details,
      );
    }
    if (status === 401) {
      return new PartnerCenterError(
        'sign-in-required',
        `Partner Center did not accept your sign-in (HTTP 401) when trying to ${spec.purpose}.${said} Sign in again, then retry.`,
        details,
      );
    }
    if (status === 403) {
      return new PartnerCenterError(
        'forbidden',
        `Partner Center refused to ${spec.purpose} (HTTP 403${code ? `, code ${code}` : ''}): the partner has no relationship with ` +
          `customer ${customer}, or your account lacks the Admin agent or Sales agent role. Check the customer's reseller ` +
          'relationship (and GDAP) and your roles in Partner Center.' +
          said,
        details,
      );
    }
    if (status === 404) {
      return new PartnerCenterError(
        'not-found',
        `Partner Center found nothing when trying to ${spec.purpose} (HTTP 404${code ? `, code ${code}` : ''}). ` +
          `Check that ${customer} is the customer's tenant id.${said}`,
        details,
      );
    }
    if (status === 409) {
      return new PartnerCenterError(
        'conflict',
        `Partner Center reported a conflict when trying to ${spec.purpose} (HTTP 409).${said}`,
        details,
      );
    }
    if (status >= 500) {
      return new PartnerCenterError(
        'server-error',
        `Partner Center had a server error (HTTP ${status}) when trying to ${spec.purpose}, even after ${this.timing.maxRetries} retries. ` +
          `Try again later.${said}`,
        details,
      );
    }
    return new PartnerCenterError(
      'bad-request',
      `Partner Center rejected the request to ${spec.purpose} (HTTP ${status}${code ? `, code ${code}` : ''}).${said}`,
      details,
    );
  }
}

function describeNetworkFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time';
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** Retry-After is seconds, or an HTTP date. */
export function retryAfterMs(header: string | undefined, now: () => number = Date.now): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PartnerCenterError('unexpected-response', `Partner Center sent an answer that is not JSON when asked for ${what}.`);
  }
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
    description: description === undefined ? undefined : redactLongValues(description),
  };
}

/**
 * Service messages may echo what was sent; they end up in notifications and logs, where a
 * hardware hash or a token must never appear. Both are long unbroken base64 runs.
 */
function redactLongValues(text: string): string {
  return text.replace(/[A-Za-z0-9+/=_.-]{64,}/g, '[long value removed]').slice(0, 500);
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

const JOB_STATES: readonly BatchJobState[] = ['unknown', 'queued', 'processing', 'finished', 'finished_with_errors'];

function toBatchJobStatus(body: unknown, trackingId: string): BatchJobStatus {
  const rawStatus = (stringProp(body, 'status') ?? 'unknown').toLowerCase().replace(/[\s-]/g, '_');
  const status = JOB_STATES.find((state) => state === rawStatus) ?? 'unknown';
  const devicesStatus = (arrayProp(body, 'devicesStatus') ?? []).map((device) => ({
    deviceId: stringProp(device, 'deviceId'),
    serialNumber: stringProp(device, 'serialNumber'),
    productKey: stringProp(device, 'productKey'),
    status: stringProp(device, 'status') ?? 'unknown',
    errorCode: scalarProp(device, 'errorCode'),
    errorDescription: stringProp(device, 'errorDescription'),
  }));
  return { trackingId: stringProp(body, 'batchTrackingId') ?? trackingId, status, devicesStatus };
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
