// What every cloud service call of an upload shares, whichever the service (Partner Center, Microsoft Graph): the
// bearer token, retries after network failures and server errors with back-off, waits on 429 as Retry-After asks
// (capped, never shorter than the back-off), a time limit per request, a size limit per answer, and cancellation.
// The service's own client adds its headers and turns a failed answer into its own words (`httpError`).
// Errors are for a person, in the process's language (core/locale.ts); the logger's lines stay English on purpose:
// they are pasted into support tickets.

import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatBytes, httpRequest, ResponseTooLargeError } from './nodeHttp';
import { SecretRedactor } from './redaction';

export interface UploadLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ServiceTiming {
  /** First wait before reading the state of work the service does in the background (a batch job, an import). */
  pollIntervalMs: number;
  /** Later reads wait longer, up to this: Microsoft's throttling guidance warns against continuous polling. */
  maxPollIntervalMs: number;
  /** How long to wait for background work before leaving it to the service (the user can check it later). */
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

export type ServiceErrorKind =
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

export interface ServiceErrorDetails {
  httpStatus?: number;
  serviceCode?: string;
  /** Set when work was submitted, so the user can look it up or resume. */
  trackingId?: string;
  batchName?: string;
}

/** Every failure of a service client; `message` is written for the person running the upload. */
export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly details: ServiceErrorDetails = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer delay fires after 1 ms instead. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** `setTimeout` as a promise that ends early when `signal` aborts, and never overflows Node's timer. */
export function safeSleep(ms: number, signal?: AbortSignal): Promise<void> {
  const delay = Number.isFinite(ms) ? Math.min(Math.max(0, ms), LONGEST_TIMER_MS) : LONGEST_TIMER_MS;
  return sleep(delay, undefined, { signal });
}

export const DEFAULT_TIMING: ServiceTiming = {
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

export const SILENT_LOGGER: UploadLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Checks the endpoint a token will be sent to. Plain http is only accepted for loopback hosts (local test servers):
 * anywhere else it would expose the access token on the network. `where` names the setting and the CLI option.
 */
export function normalizeServiceEndpoint(
  endpoint: string | undefined,
  service: { name: string; defaultEndpoint: string; where: string; error: (message: string) => ServiceError },
): string {
  const raw = (endpoint ?? '').trim() || service.defaultEndpoint;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw service.error(
      l10n.t('The {0} endpoint "{1}" is not a URL. Use {2} ({3}).', service.name, raw, service.defaultEndpoint, service.where),
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw service.error(
      l10n.t(
        'The {0} endpoint {1} uses plain http://, which would send your sign-in token unencrypted. Use https:// (the default is {2}); http:// is accepted only for localhost test servers.',
        service.name,
        raw,
        service.defaultEndpoint,
      ),
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw service.error(
      l10n.t('The {0} endpoint {1} must start with https:// (the default is {2}).', service.name, raw, service.defaultEndpoint),
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** localhost, ::1 and 127.0.0.0/8 only: `localhost.evil.example` or `127.example.com` are somebody else's hosts. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * What a request is for, as the end of "… when trying to ___": `text` for the errors a person reads (in their
 * language), `log` for the log's lines (English).
 */
export interface Purpose {
  text: string;
  log: string;
}

export interface ServiceRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  /** "list your customers", "create device batch "X" for customer …", ... */
  purpose: Purpose;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  customerId?: string;
}

export interface ServiceResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

export interface ServiceHttpOptions {
  /** The service as a person names it: "Partner Center", "Microsoft Graph". */
  service: string;
  baseUrl: string;
  /** Where the endpoint is set, for messages (in the person's language): "setting autopilot.partnerCenter.endpoint, or --endpoint". */
  endpointHint: string;
  getAccessToken(): Promise<string>;
  timing: ServiceTiming;
  logger: UploadLogger;
  maxResponseBytes?: number;
  onLongWait?: (message: string) => void;
  /** The service's headers besides the token; `requestId` is the same again only after an attempt without answer. */
  headers(requestId: string): Record<string, string>;
  /** A failed answer in the service's words (a 4xx, or a 5xx after the retries). */
  httpError(request: ServiceRequest, response: ServiceResponse): ServiceError;
  /** Builds the service's own error type. */
  error(kind: ServiceErrorKind, message: string, details?: ServiceErrorDetails): ServiceError;
  /** A wait the service asks for in its body (Intune's `RetryAfter`), when the header has none. */
  retryAfterInBody?(response: ServiceResponse): number | undefined;
}

/** An attempt that got no answer at all: the only case in which a retry may reuse the request id. */
class NoAnswerError extends Error {
  constructor(
    /** For the log (English): Node's error, or "no answer in time". */
    readonly reason: string,
    readonly timedOut: boolean,
  ) {
    super(reason);
  }
}

/** Sends requests to one service with the retry, throttling and cancellation discipline above. */
export class ServiceHttp {
  /** Every token sent: removed from anything the service says back. */
  readonly redactor = new SecretRedactor();

  constructor(private readonly options: ServiceHttpOptions) {}

  /** Resolves with a 2xx answer; anything else ends in the service's error. */
  async send(spec: ServiceRequest): Promise<ServiceResponse> {
    const { timing, logger, service } = this.options;
    let requestId = randomUUID();
    let failures = 0;
    let throttles = 0;
    for (;;) {
      if (spec.signal?.aborted) throw this.cancelled(spec);
      const token = await this.options.getAccessToken();
      this.redactor.remember(token);
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        'Content-Type': 'application/json',
        ...this.options.headers(requestId),
        ...spec.headers,
      };
      let result: ServiceResponse;
      try {
        result = await this.attempt(spec, headers);
      } catch (error) {
        if (spec.signal?.aborted) throw this.cancelled(spec);
        if (!(error instanceof NoAnswerError)) throw error;
        failures += 1;
        if (failures > timing.maxRetries) {
          throw this.options.error(
            'network',
            l10n.t(
              'Cannot reach {0} at {1} to {2} ({3}), even after {4} retries. Check your network connection and proxy, and the endpoint ({5}).',
              service,
              this.options.baseUrl,
              spec.purpose.text,
              error.timedOut ? l10n.t('no answer in time') : error.reason,
              timing.maxRetries,
              this.options.endpointHint,
            ),
          );
        }
        const wait = this.backoff(failures);
        logger.warn(`${service} did not answer (${error.reason}) while trying to ${spec.purpose.log}; retrying in ${formatSeconds(wait)}.`);
        await this.pause(wait, spec);
        continue;
      }
      requestId = randomUUID();

      if (result.status >= 200 && result.status < 300) return result;

      if (result.status === 429) {
        throttles += 1;
        if (throttles > timing.maxThrottleRetries) {
          throw this.options.error(
            'throttled',
            l10n.t(
              '{0} is limiting the number of requests (HTTP 429) and still was after {1} waits while trying to {2}. Wait a few minutes, then try again.',
              service,
              timing.maxThrottleRetries,
              spec.purpose.text,
            ),
            { httpStatus: 429 },
          );
        }
        const wait = this.retryWait(result, throttles, spec.purpose);
        logger.warn(`${service} asked to slow down (HTTP 429) while trying to ${spec.purpose.log}; waiting ${formatSeconds(wait)}.`);
        await this.pause(wait, spec);
        continue;
      }

      if (result.status >= 500) {
        failures += 1;
        if (failures > timing.maxRetries) throw this.options.httpError(spec, result);
        const wait = this.retryWait(result, failures, spec.purpose);
        logger.warn(
          `${service} had a server error (HTTP ${result.status}) while trying to ${spec.purpose.log}; retrying in ${formatSeconds(wait)}.`,
        );
        await this.pause(wait, spec);
        continue;
      }

      throw this.options.httpError(spec, result);
    }
  }

  /** Waits `ms` unless `signal` aborts first (then the service's cancelled error, naming `purpose`). */
  async pause(ms: number, spec: Pick<ServiceRequest, 'signal' | 'purpose'>): Promise<void> {
    try {
      await this.options.timing.sleep(ms, spec.signal);
    } catch (error) {
      if (spec.signal?.aborted) throw this.cancelled(spec);
      throw error;
    }
  }

  cancelled(spec: Pick<ServiceRequest, 'purpose'>): ServiceError {
    return this.options.error('cancelled', l10n.t('Cancelled while trying to {0}.', spec.purpose.text));
  }

  /**
   * The wait before retry `attempt`: what Retry-After asks, capped (an hour-long or overflowing wait helps nobody),
   * and never shorter than the back-off, so a service that keeps asking for 0 s is not hammered.
   */
  private retryWait(result: ServiceResponse, attempt: number, purpose: Purpose): number {
    const { timing, service } = this.options;
    const asked = retryAfterMs(result.headers['retry-after']) ?? this.options.retryAfterInBody?.(result);
    const capped = asked === undefined ? 0 : Math.min(asked, timing.maxRetryAfterMs);
    const wait = Math.max(capped, this.backoff(attempt));
    if (asked !== undefined && asked > timing.maxRetryAfterMs) {
      this.options.logger.warn(
        `${service} asked to wait ${formatSeconds(asked)} (HTTP ${result.status} while trying to ${purpose.log}); ` +
          `waiting ${formatSeconds(wait)} instead, the longest this tool waits at once.`,
      );
    }
    if (wait >= timing.longWaitMs) {
      this.options.onLongWait?.(
        l10n.t('{0} asked to wait (HTTP {1}): waiting {2} before trying again…', service, result.status, formatSeconds(wait)),
      );
    }
    return wait;
  }

  private async attempt(spec: ServiceRequest, headers: Record<string, string>): Promise<ServiceResponse> {
    const timeout = AbortSignal.timeout(this.options.timing.requestTimeoutMs);
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
        throw this.options.error(
          'unexpected-response',
          l10n.t(
            '{0} sent an answer larger than {1} when asked to {2}; stopped reading it. Try again later; if it persists, report it to Microsoft support with the time of the upload.',
            this.options.service,
            formatBytes(error.maxBytes),
            spec.purpose.text,
          ),
        );
      }
      throw new NoAnswerError(describeNetworkFailure(error), error instanceof Error && error.name === 'TimeoutError');
    }
    // Services have been seen to start bodies with a UTF-8 byte order mark; JSON.parse rejects it.
    return { status: response.status, headers: response.headers, text: response.text.replace(/^\uFEFF/, '') };
  }

  private backoff(attempt: number): number {
    const { timing } = this.options;
    return Math.min(timing.maxBackoffMs, timing.initialBackoffMs * 2 ** (attempt - 1));
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

/** Retry-After is seconds (Graph's docs show fractions), or an HTTP date. */
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
