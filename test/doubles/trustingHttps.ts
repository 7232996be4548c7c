// HTTP helpers for tests that must trust the fake identity provider's self-signed certificate
// without touching the process-wide trust store.

import * as http from 'node:http';
import * as https from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** GET/POST with `ca` trusted; IPv4 because the doubles listen on 127.0.0.1 and "localhost" may mean ::1. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {},
): Promise<PlainResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, family: 4 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [key, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** msal-node's INetworkModule over node:https, trusting `ca`. */
export function trustingNetworkClient(ca: string): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const response = await request(url, { method, headers: options?.headers, body: options?.body, ca });
    return { status: response.status, headers: response.headers, body: JSON.parse(response.text || '{}') as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
