// A fake Microsoft Graph (the Intune Autopilot import, v1.0, and the beta sync) on http://127.0.0.1:<port> for the
// Intune upload tests. Behaves as documented (reference /work/notes/graph-import.md §8): the import answers 200
// {value} with every record `unknown`; reads reveal the outcome after some polls (`unknown`, then `pending`, then
// final); 806 for a device the tenant has, 808 for one another tenant has, 802 for a hash that is not one;
// DELETE 204; the sync 204, then 429 within ten minutes. Knobs: throttling (429 + Retry-After, header or Intune's
// body), injected faults, an unlicensed tenant. Tests only.

import { EventEmitter, once } from 'node:events';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwtClaims } from './jwt';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const IMPORTED = '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';

export interface FakeGraphSettings {
  /** Reads of a fresh record answered `unknown`, then `pending`, before its final state. */
  unknownPolls: number;
  pendingPolls: number;
  /** Tenants without Intune: every call answers 400 "Request not applicable to target tenant.". */
  unlicensedTenants: string[];
}

export type GraphFault =
  | { type: 'throttle'; retryAfter?: string; retryAfterInBody?: number }
  | { type: 'status'; status: number }
  /** Close the connection without answering. */
  | { type: 'drop' };

export interface GraphRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
  /** The `tid` of the token it carried. */
  tenantId?: string;
}

export interface ImportRecord {
  id: string;
  tenantId: string;
  serialNumber: string;
  productKey: string;
  groupTag: string;
  assignedUserPrincipalName: string;
  importId: string;
  hardwareIdentifier: string;
  polls: number;
  final: { status: 'complete' | 'error'; code: number; name: string; registrationId: string };
  deleted: boolean;
}

/** A device registered to a tenant, with what it was registered with. */
export interface AutopilotDevice {
  id: string;
  tenantId: string;
  serialNumber: string;
  hardwareHash: string;
  groupTag: string;
  userPrincipalName: string;
}

interface FaultRule {
  method?: string;
  path: RegExp;
  fault: GraphFault;
  remaining: number;
}

export class FakeGraph {
  readonly requests: GraphRequest[] = [];
  readonly records: ImportRecord[] = [];
  readonly devices: AutopilotDevice[] = [];
  readonly syncs: string[] = [];
  private readonly faults: FaultRule[] = [];
  private readonly events = new EventEmitter();
  private readonly lastSync = new Map<string, number>();

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
    readonly settings: FakeGraphSettings,
    /** Tenants the signed-in partner may work in (GDAP or their own). */
    readonly tenants: Set<string>,
  ) {}

  static async start(tenants: readonly string[], settings: Partial<FakeGraphSettings> = {}): Promise<FakeGraph> {
    const server = http.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const fake = new FakeGraph(
      server,
      `http://127.0.0.1:${port}`,
      { unknownPolls: 1, pendingPolls: 1, unlicensedTenants: [], ...settings },
      new Set(tenants),
    );
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** The device is registered to `tenantId` already (806 there, 808 in any other tenant). */
  preRegister(tenantId: string, device: { serialNumber?: string; hardwareHash: string; groupTag?: string }): void {
    this.devices.push({
      id: randomUUID(),
      tenantId,
      serialNumber: device.serialNumber ?? '',
      hardwareHash: device.hardwareHash,
      groupTag: device.groupTag ?? '',
      userPrincipalName: '',
    });
  }

  /** Applies `fault` to the next `times` requests matching `method` and `path`. */
  injectFault(match: { method?: string; path: RegExp }, fault: GraphFault, times = 1): void {
    this.faults.push({ method: match.method, path: match.path, fault, remaining: times });
  }

  requestsTo(method: string, path: RegExp): GraphRequest[] {
    return this.requests.filter((entry) => entry.method === method && path.test(entry.path));
  }

  /** Resolves once `condition` holds, checking after every request. */
  async waitUntil(condition: () => boolean): Promise<void> {
    while (!condition()) await once(this.events, 'request');
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const text = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[key.toLowerCase()] = value;
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const entry: GraphRequest = { method: req.method ?? 'GET', path: url.pathname, headers, body };
    this.requests.push(entry);
    const answer = this.answer(entry);
    if (!answer) {
      req.socket.destroy();
      this.events.emit('request', entry);
      return;
    }
    entry.status = answer.status;
    res.writeHead(answer.status, {
      'request-id': randomUUID(),
      'client-request-id': headers['client-request-id'] ?? randomUUID(),
      Date: new Date().toUTCString(),
      ...(answer.body === undefined ? {} : { 'Content-Type': 'application/json; odata.metadata=minimal' }),
      ...answer.headers,
    });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    this.events.emit('request', entry);
  }

  private answer(entry: GraphRequest): Answer | undefined {
    const rule = this.faults.find(
      (candidate) => candidate.remaining > 0 && (!candidate.method || candidate.method === entry.method) && candidate.path.test(entry.path),
    );
    if (rule) {
      rule.remaining -= 1;
      const { fault } = rule;
      if (fault.type === 'drop') return undefined;
      if (fault.type === 'status')
        return graphError(fault.status, fault.status >= 500 ? 'InternalServerError' : 'BadRequest', 'Injected fault');
      return {
        status: 429,
        headers: fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter },
        body: {
          error: {
            code: 'TooManyRequests',
            message:
              fault.retryAfterInBody === undefined
                ? 'Please retry again later.'
                : intuneMessage('Too many requests.', { RetryAfter: fault.retryAfterInBody }),
            innerError: {
              code: '429',
              date: new Date().toISOString(),
              message: 'Please retry after',
              'request-id': randomUUID(),
              status: '429',
            },
          },
        },
      };
    }
    const tenantId = this.authorize(entry);
    if (typeof tenantId !== 'string') return tenantId;
    entry.tenantId = tenantId;
    if (this.settings.unlicensedTenants.includes(tenantId))
      return graphError(400, 'BadRequest', 'Request not applicable to target tenant.');

    const route = `${entry.method} ${entry.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, '{id}')}`;
    const id = /([0-9a-f-]{36})$/i.exec(entry.path)?.[1] ?? '';
    switch (route) {
      case `POST ${IMPORTED}/import`:
        return this.import(tenantId, entry.body);
      case `GET ${IMPORTED}/{id}`:
        return this.read(tenantId, id);
      case `DELETE ${IMPORTED}/{id}`: {
        const record = this.record(tenantId, id);
        if (!record) return notFound();
        record.deleted = true;
        return { status: 204, headers: {} };
      }
      case `PATCH ${IMPORTED}/{id}`:
        return graphError(
          400,
          'BadRequest',
          `No OData route exists that match template ~/singleton/navigation/key with http verb PATCH for request ${entry.path}.`,
        );
      case 'POST /beta/deviceManagement/windowsAutopilotSettings/sync': {
        const last = this.lastSync.get(tenantId);
        if (last !== undefined && Date.now() - last < 10 * 60_000) {
          return graphError(429, 'TooManyRequests', intuneMessage('Sync was requested less than 10 minutes ago.', {}));
        }
        this.lastSync.set(tenantId, Date.now());
        this.syncs.push(tenantId);
        return { status: 204, headers: {} };
      }
      default:
        return graphError(400, 'BadRequest', `Resource not found for the segment '${entry.path.split('/').pop() ?? ''}'.`);
    }
  }

  /** The token's tenant, or the documented refusal: 401 for a token Graph does not take, 403 without the scope. */
  private authorize(entry: GraphRequest): string | Answer {
    const token = /^Bearer (.+)$/i.exec(entry.headers['authorization'] ?? '')?.[1];
    const claims = token ? decodeJwtClaims(token) : undefined;
    const invalid = (why: string): Answer => ({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm=""' },
      body: { error: { code: 'InvalidAuthenticationToken', message: why, innerError: { date: new Date().toISOString() } } },
    });
    if (!claims) return invalid('Access token is empty.');
    if (typeof claims['exp'] !== 'number' || claims['exp'] * 1000 < Date.now())
      return invalid('Lifetime validation failed, the token is expired.');
    if (![GRAPH_AUDIENCE, GRAPH_APP_ID, this.baseUrl].includes(String(claims['aud']))) return invalid('Invalid audience.');
    const tenantId = typeof claims['tid'] === 'string' ? claims['tid'] : '';
    const scopes = (typeof claims['scp'] === 'string' ? claims['scp'] : '').split(' ');
    if (!scopes.includes('DeviceManagementServiceConfig.ReadWrite.All')) {
      return graphError(
        403,
        'Forbidden',
        intuneMessage(
          'Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All',
          {},
        ),
      );
    }
    if (!this.tenants.has(tenantId)) {
      return graphError(
        401,
        'UnknownError',
        JSON.stringify({ ErrorCode: 'Forbidden', Message: intuneMessage('An error has occurred', {}) }),
      );
    }
    return tenantId;
  }

  private import(tenantId: string, body: unknown): Answer {
    const list = (body as { importedWindowsAutopilotDeviceIdentities?: unknown } | undefined)?.importedWindowsAutopilotDeviceIdentities;
    if (!Array.isArray(list) || list.length === 0) {
      return graphError(400, 'BadRequest', intuneMessage('Invalid Device Identifier parameter found for 0 import records!', {}));
    }
    const seen = new Set<string>();
    const created = list.map((item: Record<string, unknown>) => {
      const text = (name: string): string => (typeof item[name] === 'string' ? item[name] : '');
      const hash = text('hardwareIdentifier');
      const owner = this.devices.find((device) => device.hardwareHash === hash);
      const registrationId = randomUUID();
      const final: ImportRecord['final'] = !isPlausibleHash(hash)
        ? { status: 'error', code: 802, name: 'InvalidZtdHardwareHash', registrationId: '' }
        : seen.has(hash)
          ? { status: 'error', code: 0, name: 'ZtdDeviceDuplicated', registrationId: '' }
          : owner && owner.tenantId !== tenantId
            ? { status: 'error', code: 808, name: 'ZtdDeviceAssignedToOtherTenant', registrationId: '' }
            : owner
              ? { status: 'error', code: 806, name: 'ZtdDeviceAlreadyAssigned', registrationId: '' }
              : { status: 'complete', code: 0, name: 'None', registrationId };
      seen.add(hash);
      if (final.status === 'complete') {
        this.devices.push({
          id: registrationId,
          tenantId,
          serialNumber: text('serialNumber'),
          hardwareHash: hash,
          groupTag: text('groupTag'),
          userPrincipalName: text('assignedUserPrincipalName'),
        });
      }
      const record: ImportRecord = {
        id: randomUUID(),
        tenantId,
        serialNumber: text('serialNumber'),
        productKey: text('productKey'),
        groupTag: text('groupTag'),
        assignedUserPrincipalName: text('assignedUserPrincipalName'),
        importId: text('importId'),
        hardwareIdentifier: hash,
        polls: 0,
        final,
        deleted: false,
      };
      this.records.push(record);
      return resource(record, 'unknown');
    });
    return {
      status: 200,
      headers: {},
      body: {
        '@odata.context': `${this.baseUrl}/v1.0/$metadata#Collection(microsoft.graph.importedWindowsAutopilotDeviceIdentity)`,
        value: created,
      },
    };
  }

  private read(tenantId: string, id: string): Answer {
    const record = this.record(tenantId, id);
    if (!record) return notFound();
    record.polls += 1;
    const { unknownPolls, pendingPolls } = this.settings;
    const state = record.polls <= unknownPolls ? 'unknown' : record.polls <= unknownPolls + pendingPolls ? 'pending' : record.final.status;
    return { status: 200, headers: {}, body: resource(record, state) };
  }

  private record(tenantId: string, id: string): ImportRecord | undefined {
    return this.records.find((record) => record.id === id && record.tenantId === tenantId && !record.deleted);
  }
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function resource(record: ImportRecord, status: string): Record<string, unknown> {
  const final = status === record.final.status;
  return {
    '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
    id: record.id,
    groupTag: record.groupTag,
    serialNumber: record.serialNumber,
    productKey: record.productKey,
    importId: record.importId,
    // The service has been seen not to echo the hash.
    hardwareIdentifier: null,
    assignedUserPrincipalName: record.assignedUserPrincipalName,
    state: {
      '@odata.type': 'microsoft.graph.importedWindowsAutopilotDeviceIdentityState',
      deviceImportStatus: status,
      deviceRegistrationId: final ? record.final.registrationId : '',
      deviceErrorCode: final ? record.final.code : 0,
      deviceErrorName: final ? record.final.name : '',
    },
  };
}

/** Intune's own error, as JSON text inside Graph's `message`. */
function intuneMessage(message: string, extra: Record<string, unknown>): string {
  return JSON.stringify({
    _version: 3,
    Message: `${message} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${randomUUID()}`,
    CustomApiErrorPhrase: '',
    RetryAfter: null,
    ErrorSourceService: '',
    HttpHeaders: '{}',
    ...extra,
  });
}

function graphError(status: number, code: string, message: string): Answer {
  return {
    status,
    headers: {},
    body: {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() },
      },
    },
  };
}

function notFound(): Answer {
  return graphError(404, 'ResourceNotFound', intuneMessage('Resource not found.', {}));
}

/** Enough of a check to tell a hash from garbage: base64 that decodes to a few hundred bytes. */
function isPlausibleHash(hash: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(hash) && Buffer.from(hash, 'base64').length >= 64;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
