import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  normalizePartnerCenterEndpoint,
  PartnerCenterClient,
  PartnerCenterError,
  safeSleep,
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

  it('says MFA is required on the plain-text 401 "MFA required. (10001)", shows that text and what to do', async () => {
    pc.settings.requireMfa = true;
    pc.settings.mfaRejection = 'text';
    try {
      const withoutMfa = mintAccessToken({ tenantId: pc.settings.partnerTenantId, mfa: false });
      await assert.rejects(client({ accessToken: withoutMfa }).listCustomers(), (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError);
        assert.equal(error.kind, 'mfa-required');
        assert.equal(error.details.serviceCode, '10001');
        assert.ok(error.message.includes('Partner Center said: "Authentication failed. MFA required. (10001)"'), error.message);
        assert.match(error.message, /Sign in again and complete the MFA prompt/);
        // Only the tenant can make Entra ID ask for MFA: the message must not promise that signing in again will.
        assert.match(error.message, /administrator .* has to require it/);
        return true;
      });
    } finally {
      pc.settings.requireMfa = false;
      pc.settings.mfaRejection = 'json';
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
      assert.match(error.message, /Indirect resellers cannot use the Partner Center API: upload the CSV on the Partner Center website/);
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
  it('follows a 202 whose status link is a Link object in the body, without a Location header', async () => {
    pc.settings.statusLinkIn = 'body';
    try {
      const api = client();
      const trackingId = await api.createDeviceBatch(CONTOSO.id, 'Link in body', [
        { SerialNumber: 'SN-LINK', HardwareHash: hashFor('SN-LINK') },
      ]);
      assert.equal(pc.requestsTo('POST', /deviceBatches$/).at(-1)?.status, 202);
      assert.equal(trackingId, pc.jobs.at(-1)?.trackingId);
      const status = await api.waitForBatchJob(CONTOSO.id, trackingId);
      assert.equal(status.status, 'finished');
      assert.equal(status.devicesStatus[0]?.serialNumber, 'SN-LINK');
    } finally {
      pc.settings.statusLinkIn = 'location';
    }
  });

  it('reads job states given as numbers, and keeps polling through a state it cannot name', async () => {
    pc.settings.jobStatusAs = 'integer';
    pc.settings.unknownPolls = 2;
    try {
      const api = client();
      const trackingId = await api.createDeviceBatch(CONTOSO.id, 'Numbered states', [
        { SerialNumber: 'SN-NUM', HardwareHash: hashFor('SN-NUM') },
      ]);
      const states: string[] = [];
      const status = await api.waitForBatchJob(CONTOSO.id, trackingId, { onStatus: (current) => states.push(current.status) });
      assert.deepEqual(states, ['unknown', 'unknown', 'queued', 'processing', 'finished']);
      assert.equal(status.final, true);
      assert.equal(status.devicesStatus[0]?.status, 'finished');
    } finally {
      pc.settings.jobStatusAs = 'string';
      pc.settings.unknownPolls = 0;
    }
  });

  it('stops waiting for a job after a bounded time, reading it less and less often, and says it is not final', async () => {
    pc.settings.queuedPolls = 1000;
    const { waits, sleep } = recordingSleep();
    const logger = memoryLogger();
    try {
      const api = client({ logger, timing: { sleep, pollIntervalMs: 10, maxPollIntervalMs: 40, maxJobWaitMs: 100 } });
      const trackingId = await api.createDeviceBatch(CONTOSO.id, 'Slow job', [
        { SerialNumber: 'SN-SLOW', HardwareHash: hashFor('SN-SLOW') },
      ]);
      const status = await api.waitForBatchJob(CONTOSO.id, trackingId);
      assert.equal(status.final, false);
      assert.equal(status.status, 'queued');
      assert.deepEqual(waits, [10, 15, 23, 35, 17]);
      assert.ok(logger.lines.some((line) => line.includes(trackingId) && /stopped waiting/.test(line)));
    } finally {
      pc.settings.queuedPolls = 1;
    }
  });

  it('caps a long Retry-After, tells about the long wait, and never waits less than the back-off', async () => {
    const { waits, sleep } = recordingSleep();
    const notices: string[] = [];
    const logger = memoryLogger();
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 429, retryAfterSeconds: 3600 });
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 429, retryAfterSeconds: 0 });
    const api = new PartnerCenterClient({
      baseUrl: pc.baseUrl,
      getAccessToken: async () => token,
      logger,
      onLongWait: (message) => notices.push(message),
      timing: { sleep, initialBackoffMs: 500, maxBackoffMs: 60_000, maxRetryAfterMs: 120_000, longWaitMs: 15_000 },
    });
    await api.listDeviceBatches(CONTOSO.id);
    assert.deepEqual(waits, [120_000, 1000]);
    assert.ok(
      logger.lines.some((line) => /asked to wait 60 min .*waiting 2 min instead/.test(line)),
      logger.lines.join('\n'),
    );
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? '', /waiting 2 min before trying again/);
  });

  it('waits as asked even when Retry-After is too big for a timer, instead of retrying at once', async () => {
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 429, retryAfterSeconds: 1e10 }, 5);
    const before = pc.requests.length;
    const started = performance.now();
    try {
      await new PartnerCenterClient({
        baseUrl: pc.baseUrl,
        getAccessToken: async () => token,
        timing: { maxRetryAfterMs: 300, maxThrottleRetries: 1 },
      }).listDeviceBatches(CONTOSO.id);
    } catch {
      // Still throttled after one wait: that is the point, nothing else is.
    } finally {
      pc.clearFaults();
    }
    assert.ok(performance.now() - started >= 290, `answered after ${Math.round(performance.now() - started)} ms`);
    assert.equal(pc.requests.length - before, 2, 'one request, one retry after the wait');
  });

  it('sleeps up to the longest timer instead of overflowing it to 1 ms', async () => {
    const controller = new AbortController();
    let done = false;
    const sleeping = safeSleep(2 ** 40, controller.signal).then(
      () => (done = true),
      () => 'aborted',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(done, false, 'a 2^40 ms sleep ended after 50 ms');
    controller.abort();
    assert.equal(await sleeping, 'aborted');
  });

  it('gives up after the limit of 429 retries, with exactly that many retries', async () => {
    const { waits, sleep } = recordingSleep();
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 429, retryAfterSeconds: 1 }, 10);
    const before = pc.requests.length;
    try {
      await assert.rejects(client({ timing: { sleep, maxThrottleRetries: 2 } }).listDeviceBatches(CONTOSO.id), (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError);
        assert.equal(error.kind, 'throttled');
        assert.match(error.message, /HTTP 429.*after 2 waits/s);
        return true;
      });
    } finally {
      pc.clearFaults();
    }
    assert.equal(pc.requests.length - before, 3);
    assert.equal(waits.length, 2);
  });

  it('sends a new MS-RequestId after any answer (429, 500), the same one only after no answer at all', async () => {
    pc.injectFault({ method: 'POST', path: /deviceBatches$/ }, { type: 'status', status: 429, retryAfterSeconds: 0 });
    pc.injectFault({ method: 'POST', path: /deviceBatches$/ }, { type: 'status', status: 500 });
    pc.injectFault({ method: 'POST', path: /deviceBatches$/ }, { type: 'drop-before' });
    const before = pc.requests.length;
    await client().createDeviceBatch(CONTOSO.id, 'Request ids', [{ SerialNumber: 'SN-RID', HardwareHash: hashFor('SN-RID') }]);
    const ids = pc.requests.slice(before).map((request) => request.headers['ms-requestid']);
    assert.equal(ids.length, 4);
    assert.notEqual(ids[1], ids[0], 'a new id after the 429');
    assert.notEqual(ids[2], ids[1], 'a new id after the 500');
    assert.equal(ids[3], ids[2], 'the same id after the dropped connection');
  });

  it('fails in words on an answer larger than the limit, and does not retry it', async () => {
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'oversized', bytes: 3 * 1024 * 1024 });
    const before = pc.requests.length;
    const api = new PartnerCenterClient({ baseUrl: pc.baseUrl, getAccessToken: async () => token, maxResponseBytes: 1024 * 1024 });
    await assert.rejects(api.listDeviceBatches(CONTOSO.id), (error: unknown) => {
      assert.ok(error instanceof PartnerCenterError);
      assert.equal(error.kind, 'unexpected-response');
      assert.match(error.message, /an answer larger than 1 MB when asked to list the device batches/);
      return true;
    });
    assert.equal(pc.requests.length - before, 1);
  });

  it('removes the token from per-device results that echo it, and short tokens from error descriptions', async () => {
    pc.settings.deviceRejection = (device, request) =>
      device.serialNumber === 'SN-ECHO-TOKEN'
        ? { errorCode: '9999', errorDescription: `Rejected for ${request.authorization}` }
        : undefined;
    try {
      const api = client();
      const trackingId = await api.createDeviceBatch(CONTOSO.id, 'Echoing batch', [
        { SerialNumber: 'SN-ECHO-TOKEN', HardwareHash: hashFor('SN-ECHO-TOKEN') },
      ]);
      const status = await api.waitForBatchJob(CONTOSO.id, trackingId);
      const description = status.devicesStatus[0]?.errorDescription ?? '';
      assert.match(description, /^Rejected for Bearer \[token removed\]$/);
      for (const part of token.split('.')) assert.ok(!description.includes(part), 'a part of the token is left');
    } finally {
      pc.settings.deviceRejection = undefined;
    }
    // A token shorter than anything that looks like one is still known to the client that sent it.
    pc.injectFault(
      { method: 'GET', path: /deviceBatches$/ },
      { type: 'status', status: 400, body: { code: 3000, description: 'Token shortTok123 is not valid here', data: [] } },
    );
    await assert.rejects(client({ accessToken: 'shortTok123' }).listDeviceBatches(CONTOSO.id), (error: unknown) => {
      assert.ok(error instanceof PartnerCenterError);
      assert.ok(!error.message.includes('shortTok123'), error.message);
      assert.match(error.message, /Token \[token removed\] is not valid here/);
      return true;
    });
  });

  it('accepts http:// only for loopback hosts: 127.0.0.2 is one, localhost.evil.example and 127.example.com are not', () => {
    assert.equal(normalizePartnerCenterEndpoint('http://127.0.0.2:8080/'), 'http://127.0.0.2:8080');
    assert.equal(normalizePartnerCenterEndpoint('http://localhost:1'), 'http://localhost:1');
    assert.equal(normalizePartnerCenterEndpoint('http://[::1]:1'), 'http://[::1]:1');
    for (const endpoint of [
      'http://localhost.evil.example',
      'http://127.example.com',
      'http://127.0.0.1.evil.example',
      'http://10.0.0.1',
    ]) {
      assert.throws(
        () => normalizePartnerCenterEndpoint(endpoint),
        (error: unknown) => error instanceof PartnerCenterError && error.kind === 'configuration' && /plain http:\/\//.test(error.message),
        endpoint,
      );
    }
  });

  it('never follows a page link to another host, so the token is not sent there', async () => {
    const elsewhere = await FakePartnerCenter.start({}, [CONTOSO]);
    pc.settings.nextLinkOrigin = elsewhere.baseUrl;
    try {
      await assert.rejects(client().listCustomers(), (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError);
        assert.match(error.message, /page link to another host/);
        return true;
      });
      assert.equal(elsewhere.requests.length, 0, 'the other host was asked');
    } finally {
      pc.settings.nextLinkOrigin = undefined;
      await elsewhere.stop();
    }
  });

  it('stops on a page link it was given before instead of reading the same page forever', { timeout: 10_000 }, async () => {
    pc.settings.repeatNextLink = true;
    const logger = memoryLogger();
    const before = pc.requests.length;
    try {
      const customers = await client({ logger }).listCustomers();
      assert.deepEqual(
        customers.map((customer) => customer.name),
        ['Contoso Ltd', 'Fabrikam', 'Northwind', 'Tailspin'],
      );
      assert.equal(pc.requests.length - before, 2);
      assert.ok(logger.lines.some((line) => /repeated a page link/.test(line)));
    } finally {
      pc.settings.repeatNextLink = false;
    }
  });

  it("lists a batch's devices across pages of 100, and stops at a limit saying the list is incomplete", async () => {
    for (let index = 0; index < 250; index++) pc.preRegister(FABRIKAM.id, { serialNumber: `PAGED-${index}` }, 'Paged batch');
    const before = pc.requests.length;
    const all = await client().listBatchDevices(FABRIKAM.id, 'Paged batch');
    assert.equal(all.devices.length, 250);
    assert.equal(all.complete, true);
    assert.equal(all.devices[249]?.serialNumber, 'PAGED-249');
    assert.equal(pc.requests.length - before, 3);
    assert.ok(pc.requests.at(-1)?.headers['ms-continuationtoken']);
    const some = await client().listBatchDevices(FABRIKAM.id, 'Paged batch', { maxDevices: 150 });
    assert.equal(some.devices.length, 200);
    assert.equal(some.complete, false);
  });
});
