// A fake Partner Center REST API on http://127.0.0.1:<port> for the upload tests
// (reference: shared/reference/partner-center-and-sign-in.md, section 7.2). Tests only.

import { EventEmitter, once } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwtClaims, PARTNER_CENTER_APP_ID, PARTNER_CENTER_AUDIENCE } from './jwt';

export interface FakeCustomer {
  id: string;
  name: string;
  domain: string;
  relationship?: string;
}

export interface FakePartnerCenterSettings {
  partnerTenantId: string;
  /** Largest customers page the fake hands out, whatever `size` asks for. */
  customersPageSize: number;
  /** Write `links.next.uri` without the `/v1` prefix, as some documented links are. */
  nextLinkWithoutVersion: boolean;
  /** Answer 401 / 900421 to tokens whose `amr` lacks `mfa`. */
  requireMfa: boolean;
  /** Start every JSON body with a UTF-8 byte order mark (seen on the real service). */
  bom: boolean;
  /** Polls answered `queued`, then polls answered `processing`, before the final status. */
  queuedPolls: number;
  processingPolls: number;
  /** The batch status when some devices failed: the documented example says `finished`. */
  statusWithDeviceErrors: 'finished' | 'finished_with_errors';

  // Behaviours seen in the wild (shared/reference/partner-center-in-the-wild.md); the documented one is the default.
  /** How the MFA rejection reads: the JSON ApiFault 900421 (documented), or the plain text "(10001)" users met. */
  mfaRejection: 'json' | 'text';
  /** Where a 202 says how to follow the job: the Location header (documented), or a Link object in the body only. */
  statusLinkIn: 'location' | 'body';
  /** Job states as words (documented examples) or as the SDK enum's numbers (0 unknown ... 4 finished_with_errors). */
  jobStatusAs: 'string' | 'integer';
  /** Polls answered `unknown` before the job is queued (a state the client must not take as final). */
  unknownPolls: number;
  /** Devices sent with a hash but no serial number or product key come back without them, and without a deviceId (CIPP). */
  anonymousHashOnlyResults: boolean;
  /** The per-device results also carry the hardware hash (undocumented; a client may use it when present). */
  echoHardwareHash: boolean;
  /** The order of `devicesStatus`: as sent, or reversed (nothing documents the order). */
  devicesStatusOrder: 'as-sent' | 'reversed';
  /** Devices per page of a batch's device list (documented: 100). */
  devicesPageSize: number;
  /** The customers list hands out the same next link again and again (a broken continuation). */
  repeatNextLink: boolean;
  /** The customers list's next link is absolute, on this origin (another host). */
  nextLinkOrigin?: string;
  /** Rejects a device with this error (e.g. one that echoes the caller's token); undefined lets the usual rules decide. */
  deviceRejection?: (
    device: Omit<FakeDevice, 'id'>,
    request: { authorization: string },
  ) => { errorCode?: string; errorDescription: string } | undefined;
}

export type Fault =
  | { type: 'status'; status: number; retryAfterSeconds?: number; body?: unknown }
  /** Close the connection without processing the request. */
  | { type: 'drop-before' }
  /** Process the request, then close the connection before answering (the answer is lost). */
  | { type: 'drop-after' }
  /** Answer 200 with a body of `bytes` bytes (a runaway answer). */
  | { type: 'oversized'; bytes: number };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** What the fake answered; undefined when the connection was dropped. */
  status?: number;
}

export interface FakeDevice {
  id: string;
  serialNumber?: string;
  productKey?: string;
  hardwareHash?: string;
  manufacturer?: string;
  model?: string;
}

export interface FakeBatch {
  id: string;
  customerId: string;
  devices: FakeDevice[];
  createdBy: string;
  creationDate: string;
  /** False for a batch the batch list does not show yet (created a moment ago, elsewhere). */
  listed: boolean;
}

interface DeviceOutcome {
  serialNumber?: string;
  productKey?: string;
  hardwareHash?: string;
  deviceId?: string;
  errorCode?: string;
  errorDescription?: string;
}

export interface FakeJob {
  trackingId: string;
  customerId: string;
  batchId: string;
  polls: number;
  outcomes: DeviceOutcome[];
}

interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** Sent as is (text/plain) instead of `body` as JSON. */
  text?: string;
}

interface Answer extends StoredAnswer {
  afterwards?: 'drop';
}

interface FaultRule {
  method?: string;
  path: RegExp;
  fault: Fault;
  remaining: number;
}

export class FakePartnerCenter {
  readonly requests: RecordedRequest[] = [];
  readonly customers: FakeCustomer[] = [];
  readonly batches: FakeBatch[] = [];
  readonly jobs: FakeJob[] = [];
  private readonly registrations = new Map<string, string>();
  private readonly continuationTokens = new Map<string, number>();
  private readonly devicePageTokens = new Map<string, number>();
  private readonly answersByRequestId = new Map<string, StoredAnswer>();
  private readonly faults: FaultRule[] = [];
  private readonly events = new EventEmitter();

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
    readonly settings: FakePartnerCenterSettings,
  ) {}

  static async start(settings: Partial<FakePartnerCenterSettings> = {}, customers: FakeCustomer[] = []): Promise<FakePartnerCenter> {
    const server = http.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const fake = new FakePartnerCenter(server, `http://127.0.0.1:${port}`, {
      partnerTenantId: randomUUID(),
      customersPageSize: 100,
      nextLinkWithoutVersion: false,
      requireMfa: false,
      bom: false,
      queuedPolls: 1,
      processingPolls: 1,
      statusWithDeviceErrors: 'finished',
      mfaRejection: 'json',
      statusLinkIn: 'location',
      jobStatusAs: 'string',
      unknownPolls: 0,
      anonymousHashOnlyResults: false,
      echoHardwareHash: false,
      devicesStatusOrder: 'as-sent',
      devicesPageSize: 100,
      repeatNextLink: false,
      ...settings,
    });
    fake.customers.push(...customers);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /**
   * The device is already registered to `customerId` (806 for that customer, 808 for any other): in the customer's
   * batch `batchId` (listed with the batch's devices), or, without one, outside Partner Center (as through Intune).
   */
  preRegister(customerId: string, device: Omit<FakeDevice, 'id'>, batchId?: string): void {
    for (const key of registrationKeys(device)) this.registrations.set(key, customerId);
    if (batchId) (this.batch(customerId, batchId) ?? this.addBatch(customerId, batchId)).devices.push({ id: randomUUID(), ...device });
  }

  /** Applies `fault` to the next `times` requests matching `method` and `path`. */
  injectFault(match: { method?: string; path: RegExp }, fault: Fault, times = 1): void {
    this.faults.push({ method: match.method, path: match.path, fault, remaining: times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  batch(customerId: string, batchId: string): FakeBatch | undefined {
    return this.batches.find((batch) => batch.customerId === customerId && batch.id.toLowerCase() === batchId.toLowerCase());
  }

  addBatch(customerId: string, batchId: string, options: { listed?: boolean } = {}): FakeBatch {
    const batch: FakeBatch = {
      id: batchId,
      customerId,
      devices: [],
      createdBy: 'partner',
      creationDate: new Date().toISOString(),
      listed: options.listed ?? true,
    };
    this.batches.push(batch);
    return batch;
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((entry) => entry.method === method && path.test(entry.path));
  }

  /** Resolves with the first request (already recorded or still to come) that matches. */
  async waitForRequest(predicate: (entry: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const seen = this.requests.find(predicate);
    if (seen) return seen;
    for (;;) {
      const [entry] = (await once(this.events, 'request')) as [RecordedRequest];
      if (predicate(entry)) return entry;
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const text = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[key.toLowerCase()] = value;
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const entry: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    };
    this.requests.push(entry);

    const fault = this.takeFault(entry);
    if (fault?.type === 'oversized') {
      entry.status = 200;
      this.events.emit('request', entry);
      await streamBytes(res, fault.bytes);
      return;
    }
    let answer: Answer;
    if (fault?.type === 'drop-before') {
      answer = { status: 0, headers: {}, afterwards: 'drop' };
    } else if (fault?.type === 'status') {
      answer = {
        status: fault.status,
        headers: fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
        body:
          fault.body ??
          (fault.status === 429
            ? { statusCode: 429, message: `Rate limit is exceeded. Try again in ${fault.retryAfterSeconds ?? 1} seconds.` }
            : apiFault(fault.status >= 500 ? 500 : fault.status, `Injected HTTP ${fault.status}`)),
      };
    } else {
      answer = this.answer(entry, url);
      if (fault?.type === 'drop-after') answer.afterwards = 'drop';
    }

    if (answer.afterwards === 'drop') {
      this.events.emit('request', entry);
      req.socket.destroy();
      return;
    }
    entry.status = answer.status;
    const responseHeaders: Record<string, string> = {
      'MS-RequestId': headers['ms-requestid'] ?? randomUUID(),
      'MS-CorrelationId': headers['ms-correlationid'] ?? randomUUID(),
      'MS-CV': randomBytes(8).toString('base64'),
      Date: new Date().toUTCString(),
      ...answer.headers,
    };
    let payload = '';
    if (answer.text !== undefined) {
      responseHeaders['Content-Type'] = 'text/plain; charset=utf-8';
      payload = answer.text;
    } else if (answer.body !== undefined) {
      responseHeaders['Content-Type'] = 'application/json; charset=utf-8';
      payload = (this.settings.bom ? '\uFEFF' : '') + JSON.stringify(answer.body);
    }
    res.writeHead(answer.status, responseHeaders);
    res.end(payload);
    this.events.emit('request', entry);
  }

  private takeFault(entry: RecordedRequest): Fault | undefined {
    const rule = this.faults.find(
      (candidate) => candidate.remaining > 0 && (!candidate.method || candidate.method === entry.method) && candidate.path.test(entry.path),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  private answer(entry: RecordedRequest, url: URL): Answer {
    const denied = this.checkToken(entry.headers['authorization']);
    if (denied) return denied;

    const requestId = entry.headers['ms-requestid'];
    if (entry.method === 'POST' && requestId) {
      // MS-RequestId is the idempotency key: a retried POST gets the first answer, not a second job.
      const earlier = this.answersByRequestId.get(requestId);
      if (earlier) return { ...earlier };
    }
    const answer = this.route(entry, url);
    if (entry.method === 'POST' && requestId && answer.status < 500) {
      this.answersByRequestId.set(requestId, {
        status: answer.status,
        headers: { ...answer.headers },
        body: answer.body,
        text: answer.text,
      });
    }
    return answer;
  }

  private checkToken(authorization: string | undefined): Answer | undefined {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    const claims = token ? decodeJwtClaims(token) : undefined;
    const unauthorized = (code: number, description: string): Answer => ({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer' },
      body: apiFault(code, description),
    });
    if (!claims) return unauthorized(400, 'Access denied');
    if (typeof claims['exp'] !== 'number' || claims['exp'] * 1000 < Date.now())
      return unauthorized(400, 'Access denied: the token has expired');
    const audiences = [PARTNER_CENTER_AUDIENCE, PARTNER_CENTER_APP_ID, this.baseUrl];
    if (!audiences.includes(String(claims['aud']))) return unauthorized(400, 'Access denied: wrong audience');
    if (!(typeof claims['scp'] === 'string' ? claims['scp'] : '').split(' ').includes('user_impersonation'))
      return unauthorized(400, 'Access denied: missing scope');
    const amr = Array.isArray(claims['amr']) ? claims['amr'] : [];
    if (this.settings.requireMfa && !amr.includes('mfa')) {
      return this.settings.mfaRejection === 'text'
        ? { status: 401, headers: {}, text: 'Authentication failed. MFA required. (10001)' }
        : unauthorized(900421, 'Multi-factor authentication is required for this request.');
    }
    if (claims['tid'] !== this.settings.partnerTenantId) {
      return { status: 403, headers: {}, body: apiFault(20002, 'This partner does not have a commercial relationship with the customer.') };
    }
    return undefined;
  }

  private route(entry: RecordedRequest, url: URL): Answer {
    const segments = entry.path
      .split('/')
      .filter(Boolean)
      .map((segment) => decodeURIComponent(segment));
    const lower = segments.map((segment) => segment.toLowerCase());
    if (lower[0] !== 'v1' || lower[1] !== 'customers') return { status: 404, headers: {}, body: apiFault(1000, 'Not found') };
    if (segments.length === 2 && entry.method === 'GET') return this.listCustomers(entry, url);

    const customerId = segments[2] ?? '';
    if (!this.customers.some((customer) => customer.id.toLowerCase() === customerId.toLowerCase())) {
      return { status: 403, headers: {}, body: apiFault(20002, 'This partner does not have a commercial relationship with the customer.') };
    }
    const resource = `${entry.method} ${lower
      .slice(3)
      .map((part, index) => (index % 2 === 1 ? '{}' : part))
      .join('/')}`;
    switch (resource) {
      case 'GET devicebatches':
        return ok(
          this.collection(
            this.batches.filter((batch) => batch.customerId === customerId && batch.listed).map((batch) => batchResource(batch)),
          ),
        );
      case 'POST devicebatches':
        return this.createBatch(customerId, entry);
      case 'POST devicebatches/{}/devices':
        return this.addDevices(customerId, segments[4] ?? '', entry);
      case 'GET devicebatches/{}/devices':
        return this.listDevices(customerId, segments[4] ?? '', entry);
      case 'GET batchjobstatus/{}':
        return this.jobStatus(customerId, segments[4] ?? '');
      default:
        return { status: 404, headers: {}, body: apiFault(1000, `No such resource: ${entry.method} ${entry.path}`) };
    }
  }

  private listCustomers(entry: RecordedRequest, url: URL): Answer {
    const requested = Number(url.searchParams.get('size') ?? '0');
    const size = requested > 0 ? Math.min(requested, this.settings.customersPageSize) : this.settings.customersPageSize;
    let offset = 0;
    if ((url.searchParams.get('seekOperation') ?? '').toLowerCase() === 'next') {
      const token = entry.headers['ms-continuationtoken'] ?? '';
      const stored = this.continuationTokens.get(token);
      if (stored === undefined) return { status: 400, headers: {}, body: apiFault(400, 'Invalid continuation token') };
      if (!this.settings.repeatNextLink) this.continuationTokens.delete(token); // single use
      offset = stored;
    }
    const page = this.customers.slice(offset, offset + size).map((customer) => customerResource(customer));
    const body: Record<string, unknown> = { ...this.collection(page) };
    if (offset + size < this.customers.length || this.settings.repeatNextLink) {
      const repeated = this.settings.repeatNextLink ? entry.headers['ms-continuationtoken'] : undefined;
      const token = repeated ?? randomBytes(12).toString('base64url');
      // A repeated link points back at the same page, and its token stays valid.
      this.continuationTokens.set(token, repeated ? offset : offset + size);
      const prefix = `${this.settings.nextLinkOrigin ?? ''}${this.settings.nextLinkWithoutVersion ? '' : '/v1'}`;
      body['continuationToken'] = token;
      body['links'] = {
        self: { uri: `/v1/customers?size=${size}`, method: 'GET', headers: [] },
        next: {
          uri: `${prefix}/customers?size=${size}&seekOperation=Next`,
          method: 'GET',
          headers: [{ key: 'MS-ContinuationToken', value: token }],
        },
      };
    }
    return ok(body);
  }

  private createBatch(customerId: string, entry: RecordedRequest): Answer {
    const body = entry.body;
    const batchId = stringField(body, 'batchId');
    const devices = arrayField(body, 'devices');
    if (!batchId || !devices || devices.length === 0)
      return badRequest('Invalid property: BatchId and a non-empty Devices list are required');
    const invalid = this.validateDevices(devices);
    if (invalid) return invalid;
    if (this.batch(customerId, batchId)) return { status: 409, headers: {}, body: apiFault(409, `Batch ${batchId} already exists`) };
    const batch = this.addBatch(customerId, batchId);
    return this.accept(customerId, batch, devices, entry);
  }

  private addDevices(customerId: string, batchId: string, entry: RecordedRequest): Answer {
    const body = entry.body;
    if (!Array.isArray(body) || body.length === 0) return badRequest('Invalid property: the body must be a non-empty list of devices');
    const invalid = this.validateDevices(body);
    if (invalid) return invalid;
    const batch = this.batch(customerId, batchId);
    if (!batch) return { status: 404, headers: {}, body: apiFault(1000, `Device batch ${batchId} not found`) };
    return this.accept(customerId, batch, body, entry);
  }

  /** 100 devices a page (by default); the next page is the same URL with the body's token as MS-ContinuationToken. */
  private listDevices(customerId: string, batchId: string, entry: RecordedRequest): Answer {
    const batch = this.batch(customerId, batchId);
    if (!batch) return { status: 404, headers: {}, body: apiFault(1000, `Device batch ${batchId} not found`) };
    let offset = 0;
    const token = entry.headers['ms-continuationtoken'];
    if (token) {
      const stored = this.devicePageTokens.get(token);
      if (stored === undefined) return { status: 400, headers: {}, body: apiFault(400, 'Invalid continuation token') };
      this.devicePageTokens.delete(token);
      offset = stored;
    }
    const size = this.settings.devicesPageSize;
    const items = batch.devices.slice(offset, offset + size).map((device) => ({
      id: device.id,
      serialNumber: device.serialNumber ?? '',
      productKey: device.productKey ?? '',
      modelName: device.model ?? '',
      oemManufacturerName: device.manufacturer ?? '',
      policies: [{ key: 'o_o_b_e', value: null }],
      uploadedDate: batch.creationDate,
      attributes: { objectType: 'Device' },
    }));
    const body: Record<string, unknown> = this.collection(items);
    if (offset + size < batch.devices.length) {
      const next = randomBytes(12).toString('base64url');
      this.devicePageTokens.set(next, offset + size);
      body['continuationToken'] = next;
    }
    return ok(body);
  }

  private validateDevices(devices: unknown[]): Answer | undefined {
    for (const device of devices) {
      const fields = deviceFields(device);
      const identified = fields.hardwareHash || fields.productKey || (fields.serialNumber && fields.manufacturer && fields.model);
      if (!identified)
        return badRequest('Invalid property: a device needs a hardware hash, a product key, or serial + manufacturer + model');
    }
    return undefined;
  }

  /** Decides every device's fate now (so later jobs see earlier registrations) but reveals it over polls. */
  private accept(customerId: string, batch: FakeBatch, devices: unknown[], entry: RecordedRequest): Answer {
    const seenInUpload = new Set<string>();
    const outcomes = devices.map((raw): DeviceOutcome => {
      const device = deviceFields(raw);
      const anonymous = this.settings.anonymousHashOnlyResults && !device.serialNumber && !device.productKey;
      const named = anonymous
        ? { hardwareHash: device.hardwareHash }
        : { serialNumber: device.serialNumber, productKey: device.productKey, hardwareHash: device.hardwareHash };
      const rejection = this.settings.deviceRejection?.(device, { authorization: entry.headers['authorization'] ?? '' });
      if (rejection) return { ...named, ...rejection };
      const identity = device.hardwareHash
        ? `hash:${device.hardwareHash}`
        : `serial:${device.serialNumber ?? ''}|${device.productKey ?? ''}`;
      if (device.hardwareHash && !isPlausibleHash(device.hardwareHash)) {
        return { ...named, errorCode: '802', errorDescription: 'InvalidZtdHardwareHash' };
      }
      if (seenInUpload.has(identity)) {
        // Autopilot documents no number for this error [L]: the fake sends the name only.
        return { ...named, errorDescription: 'ZtdDeviceDuplicated' };
      }
      seenInUpload.add(identity);
      const owner = registrationKeys(device)
        .map((key) => this.registrations.get(key))
        .find((value) => value !== undefined);
      if (owner === customerId) return { ...named, errorCode: '806', errorDescription: 'ZtdDeviceAlreadyAssigned' };
      if (owner !== undefined) return { ...named, errorCode: '808', errorDescription: 'ZtdDeviceAssignedToOtherTenant' };
      const registered: FakeDevice = { id: randomUUID(), ...device };
      this.preRegister(customerId, device);
      batch.devices.push(registered);
      return { ...named, deviceId: anonymous ? undefined : registered.id };
    });
    const job: FakeJob = { trackingId: randomUUID(), customerId, batchId: batch.id, polls: 0, outcomes };
    this.jobs.push(job);
    const link = `/customers/${customerId}/batchJobStatus/${job.trackingId}`;
    return this.settings.statusLinkIn === 'body'
      ? { status: 202, headers: {}, body: { uri: link, method: 'GET', headers: [] } }
      : { status: 202, headers: { Location: link } };
  }

  private jobStatus(customerId: string, trackingId: string): Answer {
    const job = this.jobs.find((candidate) => candidate.customerId === customerId && candidate.trackingId === trackingId);
    if (!job) return { status: 404, headers: {}, body: apiFault(1000, `Batch job ${trackingId} not found`) };
    job.polls += 1;
    const { unknownPolls, queuedPolls, processingPolls } = this.settings;
    const inProgress =
      job.polls <= unknownPolls
        ? 'unknown'
        : job.polls <= unknownPolls + queuedPolls
          ? 'queued'
          : job.polls <= unknownPolls + queuedPolls + processingPolls
            ? 'processing'
            : undefined;
    const anyError = job.outcomes.some((outcome) => outcome.errorCode || outcome.errorDescription);
    const state = (word: string): string | number => (this.settings.jobStatusAs === 'integer' ? JOB_STATES.indexOf(word) : word);
    const devicesStatus = job.outcomes.map((outcome) => {
      const failed = Boolean(outcome.errorCode || outcome.errorDescription);
      return {
        deviceId: inProgress || failed ? undefined : outcome.deviceId,
        serialNumber: outcome.serialNumber ?? '',
        productKey: outcome.productKey ?? '',
        ...(this.settings.echoHardwareHash && outcome.hardwareHash ? { hardwareHash: outcome.hardwareHash } : {}),
        status: inProgress ? 'in-progress' : failed ? state('finished_with_errors') : state('finished'),
        ...(inProgress || !failed ? {} : { errorCode: outcome.errorCode, errorDescription: outcome.errorDescription }),
        attributes: { objectType: 'DeviceUploadDetails' },
      };
    });
    if (this.settings.devicesStatusOrder === 'reversed') devicesStatus.reverse();
    return ok({
      batchTrackingId: job.trackingId,
      status: state(inProgress ?? (anyError ? this.settings.statusWithDeviceErrors : 'finished')),
      startedTime: new Date().toISOString(),
      completedTime: inProgress ? '0001-01-01T00:00:00' : new Date().toISOString(),
      devicesStatus,
      attributes: { objectType: 'BatchUploadDetails' },
    });
  }

  private collection(items: unknown[]): Record<string, unknown> {
    return { totalCount: items.length, items, attributes: { objectType: 'Collection' } };
  }
}

/** The SDK's DeviceUploadStatusType: the number of each state. */
const JOB_STATES = ['unknown', 'queued', 'processing', 'finished', 'finished_with_errors'];

/** Writes `bytes` bytes of a JSON-looking answer, in chunks, as a runaway service would. */
async function streamBytes(res: http.ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  while (sent < bytes && !res.destroyed) {
    const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
    sent += part.length;
    if (!res.write(part)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end();
}

function customerResource(customer: FakeCustomer): Record<string, unknown> {
  return {
    id: customer.id,
    companyProfile: {
      tenantId: customer.id,
      domain: customer.domain,
      companyName: customer.name,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: customer.relationship ?? 'reseller',
    attributes: { objectType: 'Customer' },
  };
}

function batchResource(batch: FakeBatch): Record<string, unknown> {
  return {
    id: batch.id,
    status: 'finished',
    createdBy: batch.createdBy,
    creationDate: batch.creationDate,
    devicesCount: batch.devices.length,
    devicesLink: { uri: `/customers/${batch.customerId}/deviceBatches/${batch.id}/devices`, method: 'GET', headers: [] },
    attributes: { objectType: 'DeviceBatch' },
  };
}

function registrationKeys(device: Omit<FakeDevice, 'id'>): string[] {
  const keys: string[] = [];
  if (device.hardwareHash) keys.push(`hash:${device.hardwareHash}`);
  if (device.serialNumber) keys.push(`serial:${device.serialNumber.toUpperCase()}`);
  if (device.productKey) keys.push(`pk:${device.productKey.toUpperCase()}`);
  return keys;
}

/** Enough of a check to tell a hash from garbage: base64 that decodes to a few hundred bytes. */
function isPlausibleHash(hash: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(hash) && hash.length % 4 === 0 && Buffer.from(hash, 'base64').length >= 64;
}

// Input is matched case-insensitively: the SDK sends PascalCase, other clients camelCase.
function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const key = Object.keys(value).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (value as Record<string, unknown>)[key];
}

function stringField(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

function arrayField(value: unknown, name: string): unknown[] | undefined {
  const found = field(value, name);
  return Array.isArray(found) ? found : undefined;
}

function deviceFields(device: unknown): Omit<FakeDevice, 'id'> {
  return {
    serialNumber: stringField(device, 'serialNumber'),
    productKey: stringField(device, 'productKey'),
    hardwareHash: stringField(device, 'hardwareHash'),
    manufacturer: stringField(device, 'oemManufacturerName'),
    model: stringField(device, 'modelName'),
  };
}

function apiFault(code: number, description: string): Record<string, unknown> {
  return { code, description, data: [], source: 'PartnerFD' };
}

function ok(body: unknown): Answer {
  return { status: 200, headers: {}, body };
}

function badRequest(description: string): Answer {
  return { status: 400, headers: {}, body: apiFault(3000, description) };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
