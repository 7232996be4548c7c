import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  PartnerCenterClient,
  PartnerCenterError,
  type PartnerCenterTiming,
  type UploadLogger,
} from '../../server/src/cloud/partnerCenterClient';
import {
  toPartnerCenterDevice,
  uploadRows,
  type UploadCounts,
  type UploadOptions,
  type UploadRow,
  type UploadRowResult,
} from '../../server/src/cloud/uploadEngine';
import { csvCell, renderReport, whatToDo, type UploadContext } from '../../server/src/cloud/uploadReport';
import { rowFingerprint } from '../../server/src/core/devices';
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

  function options(extra: Partial<UploadOptions> = {}, timing: Partial<PartnerCenterTiming> = {}): UploadOptions {
    const client = new PartnerCenterClient({
      baseUrl: pc.baseUrl,
      getAccessToken: async () => token,
      logger,
      timing: { pollIntervalMs: 1, maxPollIntervalMs: 1, initialBackoffMs: 1, maxBackoffMs: 2, ...timing },
    });
    return { client, customerId: customer.id, logger, ...extra };
  }

  const context: UploadContext = {
    destination: { service: 'Partner Center', customerName: 'Contoso', tenantId: 'tenant-1', domain: 'contoso.example' },
    account: 'agent@partner.example',
    uploadedAt: new Date('2026-03-01T10:20:30.456Z'),
    file: 'devices.csv',
  };

  it('creates the batch named by the group tag and reports every device registered', async () => {
    const rows = syntheticRows(3, { groupTag: 'Microsoft365Managed_Autopilot' });
    const progress: Array<[string, number]> = [];
    const outcome = await uploadRows(rows, options({ onProgress: (message, fraction) => progress.push([message, fraction]) }));
    assert.deepEqual(outcome.counts, counts({ total: 3, registered: 3 }));
    assert.deepEqual(
      outcome.results.map((result) => [result.line, result.serialNumber, result.status]),
      rows.map((row) => [row.line, row.serialNumber, 'registered']),
    );
    assert.equal(pc.batch(customer.id, 'Microsoft365Managed_Autopilot')?.devices.length, 3);
    assert.deepEqual(
      outcome.batches.map((batch) => [batch.name, batch.created, batch.deviceCount, batch.trackingIds, batch.jobs.map((job) => job.final)]),
      [['Microsoft365Managed_Autopilot', true, 3, [pc.jobs.at(-1)?.trackingId ?? ''], [true]]],
    );
    assert.equal(progress.at(-1)?.[1], 1);
    assert.ok(
      progress.some(([message]) => /queued/.test(message)),
      'progress shows the job state',
    );
    for (let i = 1; i < progress.length; i++) assert.ok((progress[i]?.[1] ?? 0) >= (progress[i - 1]?.[1] ?? 0), 'progress never goes back');
  });

  it('maps 806 (registered outside this batch), 808, an invalid hash and a duplicated hash back to their rows', async () => {
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
    const outcome = await uploadRows(rows, options({ defaultBatchName: 'Microsoft365Managed_Autopilot' }));
    assert.deepEqual(
      outcome.results.map((result) => [result.line, result.status, result.errorCode, result.errorDescription]),
      [
        [1, 'registered', undefined, undefined],
        [2, 'tag-not-applied', '806', 'ZtdDeviceAlreadyAssigned'],
        [3, 'rejected', '808', 'ZtdDeviceAssignedToOtherTenant'],
        [4, 'rejected', '802', 'InvalidZtdHardwareHash'],
        [5, 'registered', undefined, undefined],
        [7, 'rejected', undefined, 'ZtdDeviceDuplicated'],
      ],
    );
    assert.deepEqual(outcome.counts, counts({ total: 6, registered: 2, tagNotApplied: 1, rejected: 3 }));
    // 806 is not "nothing to do": the device was not added to this batch, so it does not carry its group tag.
    assert.match(
      whatToDo(outcome.results[1] as UploadRowResult),
      /did not add the device to batch "Microsoft365Managed_Autopilot", so its group tag is not/,
    );
    assert.match(whatToDo(outcome.results[1] as UploadRowResult), /change its group tag there/);

    const trackingId = pc.jobs.at(-1)?.trackingId ?? '';
    const report = renderReport(outcome.results, context).split('\r\n');
    assert.equal(
      report[0],
      'Line,Serial Number,Status,Batch,Tracking ID,Error Code,Error Description,What To Do,Customer,Tenant ID,Uploaded To,Signed-In Account,Uploaded At (UTC),File',
    );
    assert.equal(report.length, 8, 'a line per device, the header and the final line break');
    assert.match(
      report[3] ?? '',
      new RegExp(
        `^4,SN-THEIRS,rejected,Microsoft365Managed_Autopilot,${trackingId},808,ZtdDeviceAssignedToOtherTenant,.*deregister.*,` +
          'Contoso,tenant-1,Partner Center,agent@partner.example,2026-03-01 10:20:30,devices.csv$',
      ),
    );
    assert.match(report[6] ?? '', /^8,SN-TWIN,rejected,Microsoft365Managed_Autopilot,[^,]+,,ZtdDeviceDuplicated,.*duplicate row/);
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
        options({ defaultBatchName: 'Errors' }),
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

  function counts(some: Partial<UploadCounts>): UploadCounts {
    return { total: 0, registered: 0, alreadyRegistered: 0, tagNotApplied: 0, rejected: 0, pending: 0, notSent: 0, unknown: 0, ...some };
  }

  it('uploads 2,000 devices in requests of 500 and accounts for every row', async () => {
    const rows = syntheticRows(2000, { groupTag: 'Microsoft365Managed_Autopilot', seed: 41 });
    const fractions: number[] = [];
    const outcome = await uploadRows(rows, options({ onProgress: (_message, fraction) => fractions.push(fraction) }));
    assert.deepEqual(outcome.counts, counts({ total: 2000, registered: 2000 }));
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

  it('stops when cancelled, keeping the sent rows pending under their tracking id and the rest not sent', async () => {
    pc.settings.queuedPolls = 1000;
    try {
      const controller = new AbortController();
      const rows = [
        ...syntheticRows(2, { groupTag: 'Microsoft365Managed_Autopilot', seed: 51 }),
        ...syntheticRows(1, { groupTag: 'Later', seed: 52 }),
      ].map((row, index) => ({ ...row, line: index + 1 }));
      const upload = uploadRows(rows, options({ signal: controller.signal }));
      await pc.waitForRequest((request) => request.path.includes(`${customer.id}/batchJobStatus/`));
      controller.abort();
      const outcome = await upload;
      const trackingId = pc.jobs.at(-1)?.trackingId ?? '';
      assert.equal(outcome.stopped?.kind, 'cancelled');
      assert.ok(outcome.stopped?.message.includes(trackingId) && outcome.stopped.message.includes('Microsoft365Managed_Autopilot'));
      assert.deepEqual(
        outcome.results.map((result) => [result.line, result.status, result.trackingId]),
        [
          [1, 'pending', trackingId],
          [2, 'pending', trackingId],
          [3, 'not-sent', undefined],
        ],
      );
      assert.equal(pc.batch(customer.id, 'Later'), undefined, 'nothing was sent after the cancel');
    } finally {
      pc.settings.queuedPolls = 1;
    }
  });

  it('fails before sending anything as a whole: nothing to keep', async () => {
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'status', status: 403 });
    await assert.rejects(uploadRows(syntheticRows(1, { groupTag: 'Any', seed: 53 }), options()), (error: unknown) => {
      assert.ok(error instanceof PartnerCenterError);
      assert.equal(error.kind, 'forbidden');
      return true;
    });
  });

  it('refuses untagged rows without a batch name: there is no default group tag', async () => {
    const before = pc.requests.length;
    await assert.rejects(uploadRows(syntheticRows(2, { seed: 54 }), options()), /2 rows have no group tag/);
    assert.equal(pc.requests.slice(before).filter((request) => request.method === 'POST').length, 0, 'nothing was sent');
  });

  it('keeps the results of the batches that ran when a later batch fails', async () => {
    pc.addBatch(customer.id, 'First');
    pc.injectFault({ method: 'POST', path: new RegExp(`${customer.id}/deviceBatches$`) }, { type: 'status', status: 401 });
    const rows = [...syntheticRows(2, { groupTag: 'First', seed: 55 }), ...syntheticRows(2, { groupTag: 'Second', seed: 56 })].map(
      (row, index) => ({ ...row, line: index + 1 }),
    );
    const outcome = await uploadRows(rows, options());
    assert.equal(outcome.stopped?.kind, 'sign-in-required');
    assert.match(outcome.stopped?.message ?? '', /HTTP 401/);
    assert.deepEqual(
      outcome.results.map((result) => [result.line, result.status]),
      [
        [1, 'registered'],
        [2, 'registered'],
        [3, 'not-sent'],
        [4, 'not-sent'],
      ],
    );
    assert.match(outcome.results[2]?.errorDescription ?? '', /^Not sent: the upload stopped: .*HTTP 401/);
  });

  it('adds the devices to a batch created since the batches were read (409 on create)', async () => {
    pc.addBatch(customer.id, 'Raced', { listed: false });
    const outcome = await uploadRows(syntheticRows(2, { groupTag: 'Raced', seed: 57 }), options());
    assert.equal(outcome.counts.registered, 2, JSON.stringify(outcome.results));
    assert.equal(pc.requestsTo('POST', new RegExp(`${customer.id}/deviceBatches$`)).at(-1)?.status, 409);
    assert.equal(pc.requestsTo('POST', new RegExp(`${customer.id}/deviceBatches/Raced/devices$`)).length, 1);
    assert.equal(pc.batch(customer.id, 'Raced')?.devices.length, 2);
    assert.equal(outcome.batches[0]?.created, false);
  });

  it("reads the customer's devices first: rows in this batch are already registered, rows in another keep their tag; neither is sent", async () => {
    const rows = syntheticRows(3, { groupTag: 'Sales', seed: 58 });
    pc.preRegister(customer.id, { serialNumber: rows[0]?.serialNumber }, 'Sales');
    pc.preRegister(customer.id, { serialNumber: rows[1]?.serialNumber }, 'Kiosk');
    const outcome = await uploadRows(rows, options());
    assert.deepEqual(
      outcome.results.map((result) => [result.status, result.existingBatch, result.matchedBy]),
      [
        ['already-registered', 'Sales', 'inventory'],
        ['tag-not-applied', 'Kiosk', 'inventory'],
        ['registered', undefined, 'serial'],
      ],
    );
    const sent = pc.requestsTo('POST', new RegExp(`${customer.id}/deviceBatches`)).flatMap((request) => JSON.stringify(request.body));
    assert.equal(sent.length, 1);
    assert.ok(
      !sent[0]?.includes(rows[0]?.serialNumber ?? '-') && !sent[0]?.includes(rows[1]?.serialNumber ?? '-'),
      'a known device was sent',
    );
    assert.match(whatToDo(outcome.results[1] as UploadRowResult), /\(it stays "Kiosk"\)/);
  });

  it('matches hash-only results, which name no device, by position in the batch as sent, and logs which lines', async () => {
    pc.settings.anonymousHashOnlyResults = true;
    logLines.length = 0;
    try {
      pc.preRegister(otherCustomer.id, { hardwareHash: hashFor('hash-only-2') });
      const rows = [1, 2, 3].map((line) => uploadRow(line, { hardwareHash: hashFor(`hash-only-${line}`), groupTag: 'HashOnly' }));
      const outcome = await uploadRows(rows, options());
      assert.deepEqual(
        outcome.results.map((result) => [result.line, result.status, result.errorCode, result.matchedBy]),
        [
          [1, 'registered', undefined, 'position'],
          [2, 'rejected', '808', 'position'],
          [3, 'registered', undefined, 'position'],
        ],
      );
      assert.ok(
        logLines.some((line) => /without serial number or product key; matched by position .*lines 2, 3, 4/.test(line)),
        logLines.join('\n'),
      );
    } finally {
      pc.settings.anonymousHashOnlyResults = false;
    }
  });

  it('matches by serial number, then by the hash where echoed, whatever order the results come in', async () => {
    pc.settings.anonymousHashOnlyResults = true;
    pc.settings.echoHardwareHash = true;
    pc.settings.devicesStatusOrder = 'reversed';
    try {
      pc.preRegister(otherCustomer.id, { hardwareHash: hashFor('echo-2') });
      pc.preRegister(otherCustomer.id, { serialNumber: 'SN-ECHO-3' });
      const rows = [
        uploadRow(1, { hardwareHash: hashFor('echo-1'), groupTag: 'Echo' }),
        uploadRow(2, { hardwareHash: hashFor('echo-2'), groupTag: 'Echo' }),
        uploadRow(3, { serialNumber: 'SN-ECHO-3', hardwareHash: hashFor('echo-3'), groupTag: 'Echo' }),
        uploadRow(4, { serialNumber: 'SN-ECHO-4', hardwareHash: hashFor('echo-4'), groupTag: 'Echo' }),
      ];
      const outcome = await uploadRows(rows, options());
      assert.deepEqual(
        outcome.results.map((result) => [result.line, result.status, result.matchedBy]),
        [
          [1, 'registered', 'hash'],
          [2, 'rejected', 'hash'],
          [3, 'rejected', 'serial'],
          [4, 'registered', 'serial'],
        ],
      );
    } finally {
      pc.settings.anonymousHashOnlyResults = false;
      pc.settings.echoHardwareHash = false;
      pc.settings.devicesStatusOrder = 'as-sent';
    }
  });

  it('matches by product key a result that names no serial number, whatever order the results come in', async () => {
    pc.settings.devicesStatusOrder = 'reversed';
    try {
      pc.preRegister(otherCustomer.id, { productKey: '3305827662026' });
      const rows = [
        uploadRow(1, { productKey: '3305827662026', hardwareHash: hashFor('pk-1'), groupTag: 'ProductKeys' }),
        uploadRow(2, { productKey: '3863371299462', hardwareHash: hashFor('pk-2'), groupTag: 'ProductKeys' }),
      ];
      const outcome = await uploadRows(rows, options());
      assert.deepEqual(
        outcome.results.map((result) => [result.line, result.status, result.errorCode, result.matchedBy]),
        [
          [1, 'rejected', '808', 'product-key'],
          [2, 'registered', undefined, 'product-key'],
        ],
      );
    } finally {
      pc.settings.devicesStatusOrder = 'as-sent';
    }
  });

  it('leaves a job that is still processing after the wait to Partner Center: its rows are pending, the next batch goes on', async () => {
    const rows = [...syntheticRows(1, { groupTag: 'Slow', seed: 59 }), ...syntheticRows(1, { groupTag: 'Next', seed: 60 })].map(
      (row, index) => ({
        ...row,
        line: index + 1,
      }),
    );
    pc.settings.queuedPolls = 3;
    try {
      const outcome = await uploadRows(rows, options({}, { maxJobWaitMs: 2 }));
      assert.equal(outcome.stopped, undefined);
      assert.deepEqual(
        outcome.results.map((result) => result.status),
        ['pending', 'pending'],
      );
      assert.equal(outcome.counts.pending, 2);
      assert.deepEqual(
        outcome.batches.map((batch) => [batch.name, batch.jobs[0]?.final, batch.jobs[0]?.devices.length]),
        [
          ['Slow', false, 1],
          ['Next', false, 1],
        ],
      );
      assert.equal(outcome.results[0]?.trackingId, outcome.batches[0]?.trackingIds[0]);
      assert.equal(outcome.batches[0]?.jobs[0]?.devices[0]?.fingerprint, rowFingerprint(rows[0] as UploadRow));
    } finally {
      pc.settings.queuedPolls = 1;
    }
  });

  it('writes no cell a spreadsheet would run as a formula', () => {
    const result = (serialNumber: string, errorDescription: string): UploadRowResult => ({
      line: 1,
      serialNumber,
      fingerprint: 'f',
      status: 'rejected',
      errorCode: '9',
      errorDescription,
    });
    const report = renderReport(
      [result('=HYPERLINK("http://x")', '+SUM(A1)'), result('-2+3', '@cmd'), result('\t=1', 'plain')],
      context,
    ).split('\r\n');
    assert.match(report[1] ?? '', /^2,"'=HYPERLINK\(""http:\/\/x""\)",rejected,,,9,'\+SUM\(A1\),/);
    assert.match(report[2] ?? '', /^2,'-2\+3,rejected,,,9,'@cmd,/);
    assert.match(report[3] ?? '', /^2,'\t=1,/);
    assert.equal(csvCell('SN-1'), 'SN-1');
    assert.equal(csvCell('a,b'), '"a,b"');
  });

  it('never logs hardware hashes or the token', async () => {
    const rows = syntheticRows(3, { seed: 61, groupTag: 'Logged' });
    logLines.length = 0;
    pc.injectFault({ method: 'POST', path: /deviceBatches$/ }, { type: 'status', status: 500 });
    await uploadRows(rows, options());
    assert.ok(logLines.length > 0);
    const log = logLines.join('\n');
    for (const row of rows) assert.ok(!log.includes(row.hardwareHash.slice(0, 40)), 'a hash was logged');
    assert.ok(!log.includes(token));
  });
});
