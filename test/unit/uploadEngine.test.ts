import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { PartnerCenterClient, PartnerCenterError, type UploadLogger } from '../../server/src/cloud/partnerCenterClient';
import { renderReport, toPartnerCenterDevice, uploadRows, type UploadOptions, type UploadRow } from '../../server/src/cloud/uploadEngine';
import { FakePartnerCenter, type FakeCustomer } from '../doubles/fakePartnerCenter';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows, uploadRow } from '../doubles/uploadRows';

function hashFor(name: string): string {
  return Buffer.from(name.padEnd(300, '#')).toString('base64');
}

describe('upload engine against the fake Partner Center', () => {
  let pc: FakePartnerCenter;
  let customer: FakeCustomer;
  let otherCustomer: FakeCustomer;
  let token: string;
  const logLines: string[] = [];
  const logger: UploadLogger = { info: (m) => logLines.push(m), warn: (m) => logLines.push(m), error: (m) => logLines.push(m) };

  before(async () => {
    pc = await FakePartnerCenter.start();
    token = mintAccessToken({ tenantId: pc.settings.partnerTenantId });
  });
  after(() => pc.stop());
  beforeEach(() => {
    // A fresh customer per test keeps batches and registrations apart.
    customer = { id: randomUUID(), name: 'Contoso', domain: 'contoso.example' };
    otherCustomer = { id: randomUUID(), name: 'Fabrikam', domain: 'fabrikam.example' };
    pc.customers.push(customer, otherCustomer);
  });

  function options(extra: Partial<UploadOptions> = {}): UploadOptions {
    const client = new PartnerCenterClient({
      baseUrl: pc.baseUrl,
      getAccessToken: async () => token,
      logger,
      timing: { pollIntervalMs: 1, initialBackoffMs: 1, maxBackoffMs: 2 },
    });
    return { client, customerId: customer.id, logger, ...extra };
  }

  it('creates the batch named by the group tag and reports every device registered', async () => {
    const rows = syntheticRows(3, { groupTag: 'Microsoft365Managed_Autopilot' });
    const progress: Array<[string, number]> = [];
    const outcome = await uploadRows(rows, options({ onProgress: (message, fraction) => progress.push([message, fraction]) }));
    assert.deepEqual(outcome.counts, { total: 3, registered: 3, alreadyRegistered: 0, rejected: 0, unknown: 0 });
    assert.deepEqual(
      outcome.results.map((result) => [result.line, result.serialNumber, result.status]),
      rows.map((row) => [row.line, row.serialNumber, 'registered']),
    );
    assert.equal(pc.batch(customer.id, 'Microsoft365Managed_Autopilot')?.devices.length, 3);
    assert.deepEqual(outcome.batches, [
      { name: 'Microsoft365Managed_Autopilot', created: true, deviceCount: 3, trackingIds: [pc.jobs.at(-1)?.trackingId ?? ''] },
    ]);
    assert.equal(progress.at(-1)?.[1], 1);
    assert.ok(
      progress.some(([message]) => /queued/.test(message)),
      'progress shows the job state',
    );
    for (let i = 1; i < progress.length; i++) assert.ok((progress[i]?.[1] ?? 0) >= (progress[i - 1]?.[1] ?? 0), 'progress never goes back');
  });

  it('maps 806, 808, an invalid hash and a duplicated hash back to their rows', async () => {
    pc.preRegister(customer.id, { hardwareHash: hashFor('mine') });
    pc.preRegister(otherCustomer.id, { hardwareHash: hashFor('theirs') });
    const rows: UploadRow[] = [
      uploadRow(1, { serialNumber: 'SN-NEW', hardwareHash: hashFor('new') }),
      uploadRow(2, { serialNumber: 'SN-MINE', hardwareHash: hashFor('mine') }),
      uploadRow(3, { serialNumber: 'SN-THEIRS', hardwareHash: hashFor('theirs') }),
      uploadRow(4, { serialNumber: 'SN-BAD', hardwareHash: 'bm90IGEgaGFzaA==' }),
      uploadRow(5, { serialNumber: 'SN-TWIN', hardwareHash: hashFor('twin') }),
      uploadRow(7, { serialNumber: 'SN-TWIN', hardwareHash: hashFor('twin') }),
    ];
    const outcome = await uploadRows(rows, options());
    assert.deepEqual(
      outcome.results.map((result) => [result.line, result.status, result.errorCode, result.errorDescription]),
      [
        [1, 'registered', undefined, undefined],
        [2, 'already-registered', '806', 'ZtdDeviceAlreadyAssigned'],
        [3, 'rejected', '808', 'ZtdDeviceAssignedToOtherTenant'],
        [4, 'rejected', '802', 'InvalidZtdHardwareHash'],
        [5, 'registered', undefined, undefined],
        [7, 'rejected', undefined, 'ZtdDeviceDuplicated'],
      ],
    );
    assert.deepEqual(outcome.counts, { total: 6, registered: 2, alreadyRegistered: 1, rejected: 3, unknown: 0 });

    const report = renderReport(outcome.results).split('\r\n');
    assert.equal(report[0], 'Line,Serial Number,Status,Error Code,Error Description,What To Do,Batch');
    assert.match(report[3] ?? '', /^4,SN-THEIRS,rejected,808,ZtdDeviceAssignedToOtherTenant,.*deregister.*,Microsoft365Managed_Autopilot$/);
    assert.match(report[6] ?? '', /^8,SN-TWIN,rejected,,ZtdDeviceDuplicated,.*duplicate row/);
    assert.ok(!report.join('\n').includes(hashFor('new')), 'the report carries no hardware hash');
  });

  it('handles the finished_with_errors batch status the same way', async () => {
    pc.settings.statusWithDeviceErrors = 'finished_with_errors';
    try {
      pc.preRegister(otherCustomer.id, { serialNumber: 'SN-ELSEWHERE' });
      const outcome = await uploadRows(
        [
          uploadRow(1, { serialNumber: 'SN-OK', hardwareHash: hashFor('ok') }),
          uploadRow(2, { serialNumber: 'SN-ELSEWHERE', manufacturer: 'HP', model: 'HP EliteBook' }),
        ],
        options(),
      );
      assert.deepEqual(
        outcome.results.map((result) => result.status),
        ['registered', 'rejected'],
      );
    } finally {
      pc.settings.statusWithDeviceErrors = 'finished';
    }
  });

  it('uploads one batch per group tag, untagged rows under the name the caller chose', async () => {
    const rows = [
      ...syntheticRows(2, { groupTag: 'Microsoft365Managed_Standard', seed: 21 }),
      ...syntheticRows(2, { groupTag: 'Microsoft365Managed_Kiosk', seed: 22 }),
      ...syntheticRows(1, { groupTag: '', seed: 23 }),
    ].map((row, index) => ({ ...row, line: index + 1 }));
    const outcome = await uploadRows(rows, options({ defaultBatchName: 'Microsoft365Managed_PowerUser' }));
    assert.deepEqual(
      outcome.batches.map((batch) => [batch.name, batch.deviceCount, batch.created]),
      [
        ['Microsoft365Managed_Standard', 2, true],
        ['Microsoft365Managed_Kiosk', 2, true],
        ['Microsoft365Managed_PowerUser', 1, true],
      ],
    );
    assert.equal(pc.requestsTo('POST', new RegExp(`${customer.id}/deviceBatches$`)).length, 3);
    assert.equal(pc.batch(customer.id, 'Microsoft365Managed_Kiosk')?.devices.length, 2);
    assert.deepEqual(
      outcome.results.map((result) => result.batchName),
      [
        'Microsoft365Managed_Standard',
        'Microsoft365Managed_Standard',
        'Microsoft365Managed_Kiosk',
        'Microsoft365Managed_Kiosk',
        'Microsoft365Managed_PowerUser',
      ],
    );
  });

  it('puts tags that differ only in case into one batch instead of failing on the second', async () => {
    const rows = [
      ...syntheticRows(1, { groupTag: 'Microsoft365Managed_Autopilot', seed: 71 }),
      ...syntheticRows(1, { groupTag: 'microsoft365managed_autopilot', seed: 72 }),
    ].map((row, index) => ({ ...row, line: index + 1 }));
    const outcome = await uploadRows(rows, options());
    assert.equal(outcome.counts.registered, 2);
    assert.equal(pc.batch(customer.id, 'Microsoft365Managed_Autopilot')?.devices.length, 2);
    assert.equal(outcome.warnings.length, 1);
  });

  it('adds to an existing batch (names compared without case) instead of creating another', async () => {
    pc.addBatch(customer.id, 'microsoft365managed_autopilot');
    const outcome = await uploadRows(syntheticRows(2, { groupTag: 'Microsoft365Managed_Autopilot', seed: 31 }), options());
    assert.equal(pc.requestsTo('POST', new RegExp(`${customer.id}/deviceBatches$`)).length, 0, 'no batch created');
    const add = pc.requestsTo('POST', new RegExp(`${customer.id}/deviceBatches/microsoft365managed_autopilot/devices$`));
    assert.equal(add.length, 1);
    assert.ok(Array.isArray(add[0]?.body), 'devices are posted as a bare array');
    assert.equal(outcome.counts.registered, 2);
    assert.equal(outcome.batches[0]?.created, false);
    assert.match(outcome.warnings[0] ?? '', /differs from "Microsoft365Managed_Autopilot" only in capitalization/);
  });

  it('uploads 2,000 devices in requests of 500 and accounts for every row', async () => {
    const rows = syntheticRows(2000, { groupTag: 'Microsoft365Managed_Autopilot', seed: 41 });
    const fractions: number[] = [];
    const outcome = await uploadRows(rows, options({ onProgress: (_message, fraction) => fractions.push(fraction) }));
    assert.deepEqual(outcome.counts, { total: 2000, registered: 2000, alreadyRegistered: 0, rejected: 0, unknown: 0 });
    assert.equal(pc.requestsTo('POST', new RegExp(`${customer.id}/deviceBatches$`)).length, 1);
    assert.equal(pc.requestsTo('POST', new RegExp(`${customer.id}/deviceBatches/.*/devices$`)).length, 3);
    assert.equal(outcome.batches[0]?.trackingIds.length, 4);
    assert.equal(pc.batch(customer.id, 'Microsoft365Managed_Autopilot')?.devices.length, 2000);
    assert.deepEqual(
      [0.25, 0.5, 0.75, 1].filter((step) => fractions.includes(step)),
      [0.25, 0.5, 0.75, 1],
    );
  });

  it('sends the identifiers Partner Center accepts, always with the serial number', () => {
    assert.deepEqual(
      toPartnerCenterDevice(uploadRow(1, { serialNumber: 'S1', productKey: 'PK1', hardwareHash: 'H', manufacturer: 'HP', model: 'M' })),
      {
        SerialNumber: 'S1',
        ProductKey: 'PK1',
        HardwareHash: 'H',
      },
    );
    assert.deepEqual(toPartnerCenterDevice(uploadRow(2, { serialNumber: 'S2', manufacturer: 'LENOVO', model: '21HD' })), {
      SerialNumber: 'S2',
      OemManufacturerName: 'LENOVO',
      ModelName: '21HD',
    });
    assert.deepEqual(toPartnerCenterDevice(uploadRow(3, { productKey: 'PK3' })), { ProductKey: 'PK3' });
    assert.equal(toPartnerCenterDevice(uploadRow(4, { serialNumber: 'S4', manufacturer: 'HP' })), undefined);
  });

  it('rejects rows without identifiers itself and sends nothing when no row is usable', async () => {
    const before = pc.requests.length;
    const outcome = await uploadRows([uploadRow(3, { serialNumber: 'S-LONELY' })], options());
    assert.equal(pc.requests.length, before, 'no request was sent');
    assert.equal(outcome.results[0]?.status, 'rejected');
    assert.match(outcome.results[0]?.errorDescription ?? '', /no hardware hash, no product key/);
  });

  it('stops when cancelled, naming the batch and its tracking id', async () => {
    pc.settings.queuedPolls = 1000;
    try {
      const controller = new AbortController();
      const upload = uploadRows(
        syntheticRows(2, { groupTag: 'Microsoft365Managed_Autopilot', seed: 51 }),
        options({ signal: controller.signal }),
      );
      await pc.waitForRequest((request) => request.path.includes(`${customer.id}/batchJobStatus/`));
      controller.abort();
      await assert.rejects(upload, (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError);
        assert.equal(error.kind, 'cancelled');
        const trackingId = pc.jobs.at(-1)?.trackingId ?? '';
        assert.equal(error.details.trackingId, trackingId);
        assert.ok(error.message.includes(trackingId) && error.message.includes('Microsoft365Managed_Autopilot'));
        return true;
      });
    } finally {
      pc.settings.queuedPolls = 1;
    }
  });

  it('never logs hardware hashes or the token', async () => {
    const rows = syntheticRows(3, { seed: 61 });
    logLines.length = 0;
    pc.injectFault({ method: 'POST', path: /deviceBatches$/ }, { type: 'status', status: 500 });
    await uploadRows(rows, options());
    assert.ok(logLines.length > 0);
    const log = logLines.join('\n');
    for (const row of rows) assert.ok(!log.includes(row.hardwareHash.slice(0, 40)), 'a hash was logged');
    assert.ok(!log.includes(token));
  });
});
