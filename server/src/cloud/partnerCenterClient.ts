// Partner Center REST client for Autopilot device batches. Shared by the VS Code extension and the CLI,
// so it must not import `vscode`. Reference: shared/reference/partner-center-and-sign-in.md, section 1.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatBytes, httpRequest, ResponseTooLargeError } from './nodeHttp';
import { SecretRedactor } from './redaction';

export const DEFAULT_PARTNER_CENTER_ENDPOINT = 'https://api.partnercenter.microsoft.com';

export interface UploadLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface PartnerCenterTiming {
  /** First wait before reading a batch job's status (the PowerShell module polls every 5 s). */
  pollIntervalMs: number;
  /** Later reads wait longer, up to this: Microsoft's throttling guidance warns against continuous polling. */
  maxPollIntervalMs: number;
  /**
   * How long to wait for one batch job before leaving it to Partner Center (CIPP gives up after a few polls); the
   * tracking id lets the user check later.
   */
  maxJobWaitMs: number;
  /** First wait after a failed attempt; doubles on every further failure up to `maxBackoffMs`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Retries after server errors (5xx) and network failures, per request. */
  maxRetries: number;
  /** Retries after 429 Too Many Requests, per request. */
  maxThrottleRetries: number;
  /** The longest single wait a Retry-After header can ask for; Partner Center has answered 3600 s. */
  maxRetryAfterMs: number;
  /** Waits at least this long are announced through `onLongWait` (the person watching should know why). */
  longWaitMs: number;
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

/** Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer delay fires after 1 ms instead. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** `setTimeout` as a promise that ends early when `signal` aborts, and never overflows Node's timer. */
export function safeSleep(ms: number, signal?: AbortSignal): Promise<void> {
  const delay = Number.isFinite(ms) ? Math.min(Math.max(0, ms), LONGEST_TIMER_MS) : LONGEST_TIMER_MS;
  return sleep(delay, undefined, { signal });
}

const DEFAULT_TIMING: PartnerCenterTiming = {
  pollIntervalMs: 5000,
  maxPollIntervalMs: 30_000,
  maxJobWaitMs: 10 * 60_000,
  initialBackoffMs: 1000,
  maxBackoffMs: 60_000,
  maxRetries: 4,
  maxThrottleRetries: 6,
  maxRetryAfterMs: 120_000,
  longWaitMs: 15_000,
  requestTimeoutMs: 100_000,
  sleep: safeSleep,
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

/** localhost, ::1 and 127.0.0.0/8 only: `localhost.evil.example` or `127.example.com` are somebody else's hosts. */
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

/** An attempt that got no answer at all: the only case in which a retry may reuse the request id. */
class NoAnswerError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export class PartnerCenterClient {
  readonly baseUrl: string;
  private readonly timing: PartnerCenterTiming;
  private readonly logger: UploadLogger;
  private readonly correlationId: string;
  private readonly customersPageSize: number;
  /** Every token this client sent: removed from anything the service says back. */
  readonly redactor = new SecretRedactor();

  constructor(private readonly options: PartnerCenterClientOptions) {
    this.baseUrl = normalizePartnerCenterEndpoint(options.baseUrl);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.logger = options.logger ?? SILENT_LOGGER;
    this.correlationId = options.correlationId ?? randomUUID();
    this.customersPageSize = options.customersPageSize ?? 100;
  }

  /** Text for a person: without the tokens this client sent, JWT-shaped strings and long runs such as hashes. */
  redact(text: string): string {
    return this.redactor.redact(text);
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
      `list the devices of batch "${batchId}" of customer ${customerId}`,
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
    return this.toBatchJobStatus(parseJson(result.text, 'the batch job status'), trackingId);
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
        `Stopped waiting for Partner Center${batchName ? ` (batch "${batchName}")` : ''}. The devices were sent and ` +
          `Partner Center keeps processing them under tracking id ${trackingId}: check the result later ` +
          `("Check Upload Status…" in the editor, or autopilot-csv status --customer ${customerId} --tracking-id ${trackingId}).`,
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
        `Partner Center accepted the devices for batch "${batchId}" but did not say where to follow the upload ` +
          "(no Location header and no status link in the answer). Check the customer's devices in Partner Center before uploading again.",
        { batchName: batchId },
      );
    }
    return safeDecode(trackingId);
  }

  private async readCollection(
    firstUrl: string,
    purpose: string,
    signal: AbortSignal | undefined,
    customerId?: string,
  ): Promise<unknown[]> {
    return (await this.readPages(firstUrl, purpose, signal, customerId)).items;
  }

  private async readPages(
    firstUrl: string,
    purpose: string,
    signal: AbortSignal | undefined,
    customerId?: string,
    maxItems = Number.POSITIVE_INFINITY,
  ): Promise<{ items: unknown[]; complete: boolean }> {
    const items: unknown[] = [];
    let request: { url: string; headers: Record<string, string> } | undefined = { url: firstUrl, headers: {} };
    const seen = new Set<string>();
    while (request) {
      const result = await this.send({ method: 'GET', url: request.url, headers: request.headers, purpose, signal, customerId });
      const page = this.toCollectionPage(parseJson(result.text, purpose), request.url);
      for (const item of page.items) items.push(item);
      request = page.next;
      if (request && items.length >= maxItems) return { items, complete: false };
      const key = request ? `${request.url} ${JSON.stringify(request.headers)}` : '';
      if (request && seen.has(key)) {
        // A service that hands out the same continuation twice would otherwise loop forever.
        this.logger.warn(`Partner Center repeated a page link while trying to ${purpose}; stopped after ${items.length} items.`);
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
          `Partner Center returned a page link to another host (${link.origin}); stopped instead of sending your sign-in there.`,
        );
      }
      return link.toString();
    }
    const path = uri.startsWith('/') ? uri : `/${uri}`;
    return /^\/v1(\/|$|\?)/i.test(path) ? `${this.baseUrl}${path}` : `${this.baseUrl}/v1${path}`;
  }

  private async send(spec: RequestSpec): Promise<HttpResult> {
    // MS-RequestId is Partner Center's idempotency key. The headers doc: send the same value again after a timeout
    // (the first attempt may have been processed, so a retried POST returns the first job instead of creating a
    // second batch), and a new one after any answer, success or failure.
    let requestId = randomUUID();
    let failures = 0;
    let throttles = 0;
    for (;;) {
      if (spec.signal?.aborted) throw this.cancelledError(spec);
      const token = await this.options.getAccessToken();
      this.redactor.remember(token);
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
        if (!(error instanceof NoAnswerError)) throw error;
        failures += 1;
        if (failures > this.timing.maxRetries) {
          throw new PartnerCenterError(
            'network',
            `Cannot reach Partner Center at ${this.baseUrl} to ${spec.purpose} (${error.reason}), even after ${this.timing.maxRetries} retries. ` +
              'Check your network connection and proxy, and the endpoint (setting autopilot.partnerCenter.endpoint, or --endpoint).',
          );
        }
        const wait = this.backoff(failures);
        this.logger.warn(
          `Partner Center did not answer (${error.reason}) while trying to ${spec.purpose}; retrying in ${formatSeconds(wait)}.`,
        );
        await this.pause(wait, spec);
        continue;
      }
      requestId = randomUUID();

      if (result.status >= 200 && result.status < 300) return result;

      if (result.status === 429) {
        throttles += 1;
        if (throttles > this.timing.maxThrottleRetries) {
          throw new PartnerCenterError(
            'throttled',
            `Partner Center is limiting the number of requests (HTTP 429) and still was after ${this.timing.maxThrottleRetries} waits ` +
              `while trying to ${spec.purpose}. Wait a few minutes, then try again.`,
            { httpStatus: 429 },
          );
        }
        const wait = this.retryWait(result, throttles, `HTTP 429 while trying to ${spec.purpose}`);
        this.logger.warn(`Partner Center asked to slow down (HTTP 429) while trying to ${spec.purpose}; waiting ${formatSeconds(wait)}.`);
        await this.pause(wait, spec);
        continue;
      }

      if (result.status >= 500) {
        failures += 1;
        if (failures > this.timing.maxRetries) throw this.httpError(spec, result);
        const wait = this.retryWait(result, failures, `HTTP ${result.status} while trying to ${spec.purpose}`);
        this.logger.warn(
          `Partner Center had a server error (HTTP ${result.status}) while trying to ${spec.purpose}; retrying in ${formatSeconds(wait)}.`,
        );
        await this.pause(wait, spec);
        continue;
      }

      throw this.httpError(spec, result);
    }
  }

  /**
   * The wait before retry `attempt`: what Retry-After asks, capped (an hour-long or overflowing wait helps nobody),
   * and never shorter than the back-off, so a service that keeps asking for 0 s is not hammered.
   */
  private retryWait(result: HttpResult, attempt: number, why: string): number {
    const asked = retryAfterMs(result.headers['retry-after']);
    const capped = asked === undefined ? 0 : Math.min(asked, this.timing.maxRetryAfterMs);
    const wait = Math.max(capped, this.backoff(attempt));
    if (asked !== undefined && asked > this.timing.maxRetryAfterMs) {
      this.logger.warn(
        `Partner Center asked to wait ${formatSeconds(asked)} (${why}); waiting ${formatSeconds(wait)} instead, the longest this tool waits at once.`,
      );
    }
    if (wait >= this.timing.longWaitMs) {
      this.options.onLongWait?.(
        `Partner Center asked to wait (${why.replace(/ while trying to .*/, '')}): waiting ${formatSeconds(wait)} before trying again…`,
      );
    }
    return wait;
  }

  private async attempt(spec: RequestSpec, headers: Record<string, string>): Promise<HttpResult> {
    const timeout = AbortSignal.timeout(this.timing.requestTimeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    let response: Awaited<ReturnType<typeof httpRequest>>;
    try {
      response = await httpRequest(spec.url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
        maxBytes: this.options.maxResponseBytes,
      });
    } catch (error) {
      if (error instanceof ResponseTooLargeError) {
        throw new PartnerCenterError(
          'unexpected-response',
          `Partner Center sent an answer larger than ${formatBytes(error.maxBytes)} when asked to ${spec.purpose}; ` +
            'stopped reading it. Try again later; if it persists, report it to Microsoft support with the time of the upload.',
        );
      }
      throw new NoAnswerError(describeNetworkFailure(error));
    }
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
    // Not every failure is an ApiFault: the MFA rejection has come as plain text ("Authentication failed. MFA
    // required. (10001)"); the SDK then shows the raw body too.
    const serviceText = this.redact(fault.description ?? plainTextBody(result)).slice(0, 500);
    const said = serviceText ? ` Partner Center said: "${serviceText}"` : '';
    const details: PartnerCenterErrorDetails = { httpStatus: status, serviceCode: code ?? numberInParentheses(serviceText) };
    const customer = spec.customerId ?? 'this customer';
    if (status === 401 && (code === '900421' || /\bMFA\b|multi-?factor/i.test(serviceText))) {
      return new PartnerCenterError(
        'mfa-required',
        `Partner Center requires multifactor authentication (MFA) for this account (HTTP 401${details.serviceCode ? `, code ${details.serviceCode}` : ''}).${said} ` +
          'Sign in again and complete the MFA prompt. If no MFA prompt appears, your account is not asked for MFA at sign-in: ' +
          'an administrator of your partner tenant has to require it (security defaults or a Conditional Access policy); ' +
          'a sign-in request alone cannot make Microsoft Entra ID ask for it.',
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
          `customer ${customer}, or your account lacks the Admin agent or Sales agent role, or your organization is an ` +
          "indirect reseller. Check the customer's reseller relationship and your roles in Partner Center. Indirect " +
          "resellers cannot use the Partner Center API: upload the CSV on the Partner Center website (the customer's " +
          'Devices page), or ask your indirect provider to register the devices.' +
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

export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
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
