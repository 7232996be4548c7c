import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  PartnerCenterClient,
  PartnerCenterError,
  type PartnerCenterTiming,
  type UploadLogger,
} from '../../server/src/cloud/partnerCenterClient';
import { FakePartnerCenter, type FakeCustomer } from '../doubles/fakePartnerCenter';
import { mintAccessToken } from '../doubles/jwt';

const CONTOSO: FakeCustomer = { id: randomUUID(), name: 'Contoso Ltd', domain: 'contoso.onmicrosoft.com' };
const FABRIKAM: FakeCustomer = { id: randomUUID(), name: 'Fabrikam', domain: 'fabrikam.onmicrosoft.com' };
/** A distinct base64 "hash" per name: the fake only checks that it decodes to enough bytes. */
function hashFor(name: string): string {
  return Buffer.from(name.padEnd(300, '#')).toString('base64');
}

/** Records the waits the client asks for and returns at once, so retry tests take milliseconds. */
function recordingSleep(): { waits: number[]; sleep: PartnerCenterTiming['sleep'] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      waits.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    },
  };
}

function memoryLogger(): UploadLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe('Partner Center client against the fake Partner Center', () => {
  let pc: FakePartnerCenter;
  let token: string;

  before(async () => {
    pc = await FakePartnerCenter.start({ customersPageSize: 2 }, [
      CONTOSO,
      FABRIKAM,
      { id: randomUUID(), name: 'Northwind', domain: 'northwind.example' },
      { id: randomUUID(), name: 'Tailspin', domain: 'tailspin.example' },
      { id: randomUUID(), name: 'Woodgrove', domain: 'woodgrove.example' },
    ]);
    token = mintAccessToken({ tenantId: pc.settings.partnerTenantId });
  });
  after(() => pc.stop());

  function client(
    options: { timing?: Partial<PartnerCenterTiming>; logger?: UploadLogger; accessToken?: string; baseUrl?: string } = {},
  ): PartnerCenterClient {
    return new PartnerCenterClient({
      baseUrl: options.baseUrl ?? pc.baseUrl,
      getAccessToken: async () => options.accessToken ?? token,
      logger: options.logger,
      timing: { pollIntervalMs: 1, initialBackoffMs: 1, maxBackoffMs: 4, ...options.timing },
    });
  }

  it('lists every customer across pages, sending the continuation token as MS-ContinuationToken', async () => {
    const before = pc.requests.length;
    const customers = await client().listCustomers();
    assert.deepEqual(
      customers.map((customer) => customer.name),
      ['Contoso Ltd', 'Fabrikam', 'Northwind', 'Tailspin', 'Woodgrove'],
    );
    assert.deepEqual(customers[0], {
      id: CONTOSO.id,
      tenantId: CONTOSO.id,
      name: 'Contoso Ltd',
      domain: 'contoso.onmicrosoft.com',
      relationship: 'reseller',
    });
    const pages = pc.requests.slice(before);
    assert.equal(pages.length, 3);
    assert.equal(pages[0]?.headers['ms-continuationtoken'], undefined);
    assert.ok(pages[1]?.headers['ms-continuationtoken']);
    assert.equal(pages[2]?.query['seekOperation'], 'Next');
  });

  it('follows next links that lack the /v1 prefix', async () => {
    pc.settings.nextLinkWithoutVersion = true;
    try {
      assert.equal((await client().listCustomers()).length, 5);
    } finally {
      pc.settings.nextLinkWithoutVersion = false;
    }
  });

  it('reads answers that start with a UTF-8 byte order mark', async () => {
    pc.settings.bom = true;
    try {
      assert.equal((await client().listCustomers()).length, 5);
    } finally {
      pc.settings.bom = false;
    }
  });

  it('sends the identifying headers on every request, one correlation id per client', async () => {
    const before = pc.requests.length;
    const api = client();
    await api.listCustomers();
    await api.listDeviceBatches(CONTOSO.id);
    const sent = pc.requests.slice(before);
    assert.ok(sent.length >= 2);
    for (const request of sent) {
      assert.match(request.headers['ms-requestid'] ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(request.headers['accept'], 'application/json');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['authorization'], `Bearer ${token}`);
    }
    assert.equal(new Set(sent.map((request) => request.headers['ms-correlationid'])).size, 1);
    assert.equal(new Set(sent.map((request) => request.headers['ms-requestid'])).size, sent.length);
  });

  it('creates a batch, follows the Location to the job and reads per-device errors of a finished batch', async () => {
    pc.preRegister(FABRIKAM.id, { serialNumber: 'OTHER-1' });
    const api = client();
    const trackingId = await api.createDeviceBatch(CONTOSO.id, 'Microsoft365Managed_Autopilot', [
      { SerialNumber: 'SN-1', HardwareHash: hashFor('SN-1') },
      { SerialNumber: 'OTHER-1', OemManufacturerName: 'HP', ModelName: 'HP EliteBook' },
    ]);
    assert.equal(trackingId, pc.jobs.at(-1)?.trackingId);
    const states: string[] = [];
    const status = await api.waitForBatchJob(CONTOSO.id, trackingId, { onStatus: (current) => states.push(current.status) });
    assert.deepEqual(states, ['queued', 'processing', 'finished']);
    assert.equal(status.status, 'finished');
    assert.deepEqual(
      status.devicesStatus.map((device) => [device.serialNumber, device.status, device.errorCode, device.errorDescription]),
      [
        ['SN-1', 'finished', undefined, undefined],
        ['OTHER-1', 'finished_with_errors', '808', 'ZtdDeviceAssignedToOtherTenant'],
      ],
    );
  });

  it('percent-encodes batch names with spaces when adding devices', async () => {
    pc.addBatch(CONTOSO.id, 'Spring roll out');
    const trackingId = await client().addDevicesToBatch(CONTOSO.id, 'Spring roll out', [
      { SerialNumber: 'SN-SPACE', HardwareHash: hashFor('SN-SPACE') },
    ]);
    const post = pc.requestsTo('POST', /\/devices$/).at(-1);
    assert.match(post?.path ?? '', /deviceBatches\/Spring%20roll%20out\/devices$/);
    assert.ok(Array.isArray(post?.body));
    assert.equal(pc.batch(CONTOSO.id, 'Spring roll out')?.devices.length, 1);
    assert.ok(trackingId);
  });

  it('refuses http:// for a host that is not loopback, before sending anything', () => {
    assert.throws(
      () => client({ baseUrl: 'http://partner.example.com' }),
      (error: unknown) => error instanceof PartnerCenterError && error.kind === 'configuration' && /https:\/\//.test(error.message),
    );
  });

  it('asks for a new sign-in on 401 (expired token)', async () => {
    const expired = mintAccessToken({ tenantId: pc.settings.partnerTenantId, lifetimeSeconds: -60 });
    await assert.rejects(client({ accessToken: expired }).listCustomers(), (error: unknown) => {
      assert.ok(error instanceof PartnerCenterError);
      assert.equal(error.kind, 'sign-in-required');
      assert.match(error.message, /HTTP 401.*Sign in again/s);
      return true;
    });
  });

  it('says MFA is required on 401 with code 900421', async () => {
    pc.settings.requireMfa = true;
    try {
      const withoutMfa = mintAccessToken({ tenantId: pc.settings.partnerTenantId, mfa: false });
      await assert.rejects(client({ accessToken: withoutMfa }).listCustomers(), (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError);
        assert.equal(error.kind, 'mfa-required');
        assert.match(error.message, /multifactor authentication \(MFA\)/);
        return true;
      });
      assert.equal((await client().listCustomers()).length, 5, 'a token with the MFA claim still works');
    } finally {
      pc.settings.requireMfa = false;
    }
  });

  it('explains a 403 / 20002 as a missing relationship or role', async () => {
    const stranger = randomUUID();
    await assert.rejects(client().listDeviceBatches(stranger), (error: unknown) => {
      assert.ok(error instanceof PartnerCenterError);
      assert.equal(error.kind, 'forbidden');
      assert.equal(error.details.serviceCode, '20002');
      assert.match(error.message, /no relationship with customer/);
      assert.match(error.message, /Admin agent or Sales agent/);
      assert.ok(error.message.includes(stranger));
      return true;
    });
  });

  it('waits at least Retry-After on 429, then backs off exponentially while throttling continues', async () => {
    const { waits, sleep } = recordingSleep();
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 429, retryAfterSeconds: 3 }, 3);
    const batches = await client({ timing: { sleep, initialBackoffMs: 1000, maxBackoffMs: 60_000 } }).listDeviceBatches(CONTOSO.id);
    assert.ok(Array.isArray(batches));
    assert.deepEqual(waits, [3000, 3000, 4000]);
  });

  it('measurably waits Retry-After with the real clock', async () => {
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 429, retryAfterSeconds: 1 });
    const started = performance.now();
    await new PartnerCenterClient({ baseUrl: pc.baseUrl, getAccessToken: async () => token }).listDeviceBatches(CONTOSO.id);
    assert.ok(performance.now() - started >= 990, 'answered before Retry-After elapsed');
  });

  it('retries a 500 with back-off and succeeds', async () => {
    const { waits, sleep } = recordingSleep();
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 500 });
    await client({ timing: { sleep, initialBackoffMs: 250, maxBackoffMs: 1000 } }).listDeviceBatches(CONTOSO.id);
    assert.deepEqual(waits, [250]);
  });

  it('gives up on a server that keeps failing after a bounded number of retries', async () => {
    const { waits, sleep } = recordingSleep();
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 503 }, 10);
    await assert.rejects(
      client({ timing: { sleep, maxRetries: 2, initialBackoffMs: 100, maxBackoffMs: 150 } }).listDeviceBatches(CONTOSO.id),
      (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError);
        assert.equal(error.kind, 'server-error');
        assert.match(error.message, /HTTP 503.*Try again later/s);
        return true;
      },
    );
    assert.deepEqual(waits, [100, 150]);
    pc.clearFaults();
  });

  it('retries a POST whose answer was lost with the same MS-RequestId, creating exactly one job', async () => {
    const jobsBefore = pc.jobs.length;
    pc.injectFault({ method: 'POST', path: /deviceBatches$/ }, { type: 'drop-after' });
    const trackingId = await client().createDeviceBatch(CONTOSO.id, 'Dropped answer batch', [
      { SerialNumber: 'SN-DROP', HardwareHash: hashFor('SN-DROP') },
    ]);
    const posts = pc
      .requestsTo('POST', /deviceBatches$/)
      .filter((request) => JSON.stringify(request.body).includes('Dropped answer batch'));
    assert.equal(posts.length, 2);
    assert.equal(posts[0]?.headers['ms-requestid'], posts[1]?.headers['ms-requestid']);
    assert.equal(pc.jobs.length, jobsBefore + 1);
    assert.equal(trackingId, pc.jobs.at(-1)?.trackingId);
  });

  it('says the network cannot be reached when nothing listens, after bounded retries', async () => {
    const { waits, sleep } = recordingSleep();
    const closed = await FakePartnerCenter.start();
    const deadUrl = closed.baseUrl;
    await closed.stop();
    await assert.rejects(client({ baseUrl: deadUrl, timing: { sleep, maxRetries: 3 } }).listCustomers(), (error: unknown) => {
      assert.ok(error instanceof PartnerCenterError);
      assert.equal(error.kind, 'network');
      assert.ok(error.message.includes(`Cannot reach Partner Center at ${deadUrl}`));
      assert.match(error.message, /ECONNREFUSED/);
      return true;
    });
    assert.equal(waits.length, 3);
  });

  it('gives up on a Partner Center that accepts the connection but never answers, and says so', async () => {
    const { waits, sleep } = recordingSleep();
    const silent = http.createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await assert.rejects(
        client({ baseUrl: silentUrl, timing: { sleep, maxRetries: 1, requestTimeoutMs: 100 } }).listCustomers(),
        (error: unknown) => {
          assert.ok(error instanceof PartnerCenterError);
          assert.equal(error.kind, 'network');
          assert.match(error.message, /no answer in time/);
          return true;
        },
      );
      assert.equal(waits.length, 1);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('stops polling when cancelled and names the tracking id so the user can resume', async () => {
    pc.settings.queuedPolls = 1000;
    try {
      const api = client({ timing: { pollIntervalMs: 5 } });
      const trackingId = await api.createDeviceBatch(CONTOSO.id, 'Cancelled batch', [
        { SerialNumber: 'SN-CANCEL', HardwareHash: hashFor('SN-CANCEL') },
      ]);
      const controller = new AbortController();
      const waiting = api.waitForBatchJob(CONTOSO.id, trackingId, { signal: controller.signal, batchName: 'Cancelled batch' });
      await pc.waitForRequest((request) => request.path.endsWith(trackingId));
      controller.abort();
      await assert.rejects(waiting, (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError);
        assert.equal(error.kind, 'cancelled');
        assert.equal(error.details.trackingId, trackingId);
        assert.ok(error.message.includes(trackingId));
        return true;
      });
      const polls = pc.requests.filter((request) => request.path.endsWith(trackingId)).length;
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(pc.requests.filter((request) => request.path.endsWith(trackingId)).length, polls, 'polled after cancellation');
    } finally {
      pc.settings.queuedPolls = 1;
    }
  });

  it('keeps hashes and tokens that the service echoes out of error messages', async () => {
    const hash = hashFor('echoed');
    pc.injectFault(
      { method: 'POST', path: /deviceBatches$/ },
      {
        type: 'status',
        status: 400,
        body: { code: 3000, description: `Invalid property HardwareHash ${hash} for token ${token}`, data: [], source: 'PartnerFD' },
      },
    );
    await assert.rejects(
      client().createDeviceBatch(CONTOSO.id, 'Echo batch', [{ SerialNumber: 'SN-ECHO', HardwareHash: hash }]),
      (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError);
        assert.equal(error.kind, 'bad-request');
        assert.match(error.message, /HTTP 400, code 3000.*Invalid property HardwareHash/s);
        assert.ok(!error.message.includes(hash.slice(0, 64)) && !error.message.includes(token.slice(0, 64)));
        return true;
      },
    );
  });

  it('never logs the access token', async () => {
    const logger = memoryLogger();
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 500 });
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 429, retryAfterSeconds: 0 });
    await client({ logger }).listDeviceBatches(CONTOSO.id);
    assert.ok(logger.lines.length >= 2, 'the retries were logged');
    for (const line of logger.lines) assert.ok(!line.includes(token) && !line.includes(token.split('.')[1] ?? '-'), line);
  });
});
