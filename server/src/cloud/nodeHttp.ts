// HTTP for the sign-in (msal-node) and Partner Center, over node:http and node:https rather than the global fetch.
// Inside VS Code, fetch is wrapped (setting http.fetchAdditionalSupport) with VS Code's own certificate list, which
// leaves out the certificates Node trusts through NODE_EXTRA_CA_CERTS: a company's TLS-inspecting proxy trusted that
// way made sign-in fail. node:https keeps them, and VS Code's proxy support (http.proxy) applies to it as well.
// No `vscode` import: the CLI uses this too. Its error texts are msal's and Node's (English), quoted inside the
// sign-in's and the services' own messages, which are translated.
import * as http from 'node:http';
import * as https from 'node:https';
import {
  ClientAuthError,
  ClientAuthErrorCodes,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request; it then fails with the signal's reason (a TimeoutError for AbortSignal.timeout). */
  signal?: AbortSignal;
  /** Certificates to trust instead of the default ones: tests' local servers. */
  ca?: string;
  /** The largest body read; a longer one aborts the request with a ResponseTooLargeError. Default 64 MiB. */
  maxBytes?: number;
}

/** Far above any Partner Center or sign-in answer, far below what a JavaScript string can hold (about 512 MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The body went over `maxBytes`: reading stopped there and the connection was closed. */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is larger than ${formatBytes(maxBytes)}`);
    this.name = 'ResponseTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** One request; redirects are not followed (they come back as their 3xx status). */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const { signal } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const request = transport.request(
      target,
      { method: options.method ?? 'GET', headers: options.headers, signal, ...(options.ca ? { ca: options.ca } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) {
            // Stop reading at once: concatenating an unbounded body would end in an exception or out of memory.
            reject(new ResponseTooLargeError(maxBytes));
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: headerRecord(response.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', (error) => reject(signal?.aborted ? (signal.reason as Error) : error));
      },
    );
    request.on('error', (error) => reject(signal?.aborted ? (signal.reason as Error) : error));
    request.end(options.body);
  });
}

function headerRecord(headers: http.IncomingHttpHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

/**
 * msal-node's network module over httpRequest, failing the way msal's own fetch-based one does (network_error,
 * token_parsing_error), so msal and the sign-in's messages treat both alike. `ca` is for tests.
 */
export function nodeNetworkClient(options: { ca?: string } = {}): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    request?: NetworkRequestOptions,
    timeoutMs?: number,
  ): Promise<NetworkResponse<T>> => {
    let response: HttpResponse;
    try {
      response = await httpRequest(url, {
        method,
        headers: request?.headers,
        body: method === 'POST' ? (request?.body ?? '') : undefined,
        signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
        ca: options.ca,
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new ClientAuthError(
        ClientAuthErrorCodes.networkError,
        '',
        timedOut ? 'Request timeout' : `Network request failed: ${describeError(error)}`,
      );
    }
    try {
      return { status: response.status, headers: response.headers, body: JSON.parse(response.text) as T };
    } catch (error) {
      throw new ClientAuthError(ClientAuthErrorCodes.tokenParsingError, '', `Failed to parse response: ${describeError(error)}`);
    }
  };
  return {
    sendGetRequestAsync: (url, request, timeoutMs) => send('GET', url, request, timeoutMs),
    sendPostRequestAsync: (url, request) => send('POST', url, request),
  };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
