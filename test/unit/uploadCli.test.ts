// `autopilot-csv upload` as a user runs it, in-process against the fake Partner Center (and fake sign-in).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { runStatus, runUpload, type JsonUploadResult, type UploadCliIo } from '../../server/src/cli/uploadCommand';
import type { UploadRow } from '../../server/src/cloud/uploadEngine';
import { FakeIdentityProvider } from '../doubles/fakeIdentityProvider';
import { FakePartnerCenter, type FakeCustomer } from '../doubles/fakePartnerCenter';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows, uploadRow } from '../doubles/uploadRows';
import { runUploadWith, type UploadRun } from './support/uploadRun';

describe('autopilot-csv upload', () => {
  let pc: FakePartnerCenter;
  let token: string;

  before(async () => {
    pc = await FakePartnerCenter.start();
    token = mintAccessToken({ tenantId: pc.settings.partnerTenantId });
  });
  after(() => pc.stop());

  function newCustomer(): FakeCustomer {
    const customer = { id: randomUUID(), name: 'Contoso', domain: 'contoso.example' };
    pc.customers.push(customer);
    return customer;
  }

  const run = (argv: string[], rows: UploadRow[] | { error: string }, io: Partial<UploadCliIo> = {}): Promise<UploadRun> =>
    runUploadWith(argv, rows, token, {
      readFile: async (path) => {
        if (path !== 'devices.csv') throw new Error(`ENOENT: no such file or directory, open '${path}'`);
        return new Uint8Array();
      },
      ...io,
    });

  it('exits 0 and prints one line per device with its 1-based file line', async () => {
    const customer = newCustomer();
    const rows = syntheticRows(2, { seed: 101 });
    const result = await run(['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl, '--batch', 'Sales'], rows);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(`devices.csv:2: ${rows[0]?.serialNumber}: registered in batch "Sales"`));
    assert.ok(result.stdout.includes(`devices.csv:3: ${rows[1]?.serialNumber}: registered in batch "Sales"`));
    const trackingId = pc.jobs.at(-1)?.trackingId ?? '';
    assert.ok(
      result.stdout.includes(`2 registered, 0 rejected (of 2 devices). Batches: Sales (created; tracking id ${trackingId}).`),
      result.stdout,
    );
    assert.match(result.stderr, /Reading the customer's device batches…/);
    assert.match(result.stderr, /Sending 2 devices to batch "Sales"/);
  });

  it('exits 2 before signing in or sending anything when rows have no group tag and no --batch is given', async () => {
    const before = pc.requests.length;
    const rows = [...syntheticRows(1, { seed: 105, groupTag: 'Sales' }), ...syntheticRows(2, { seed: 106 })].map((row, index) => ({
      ...row,
      line: index + 1,
    }));
    const result = await run(['devices.csv', '--customer', newCustomer().id, '--endpoint', pc.baseUrl], rows, { env: {} });
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /2 rows of devices\.csv \(lines 3, 4\) have no group tag: give --batch NAME\. The batch name becomes their Autopilot group tag, so there is no default/,
    );
    assert.equal(pc.requests.length, before);
    const comma = await run(['devices.csv', '--customer', newCustomer().id, '--batch', 'a,b'], rows);
    assert.equal(comma.code, 2);
    assert.match(comma.stderr, /--batch: a group tag cannot contain commas/);
  });

  it('says a device in another batch keeps its group tag (806), exit 1; a device already in this batch is done, exit 0', async () => {
    const customer = newCustomer();
    const rows = syntheticRows(2, { seed: 102 });
    pc.preRegister(customer.id, { hardwareHash: rows[0]?.hardwareHash });
    const result = await run(['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl, '--batch', 'Kiosk-Hamburg'], rows);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /devices\.csv:2: [^:]+: already registered elsewhere, group tag not applied \(806 ZtdDeviceAlreadyAssigned\)\. Partner Center did not add the device to batch "Kiosk-Hamburg", so its group tag is not "Kiosk-Hamburg"\./,
    );
    assert.ok(pc.batch(customer.id, 'Kiosk-Hamburg'), 'rows without a tag went to --batch');

    // Uploaded again: both devices are found in the customer's batches first, and nothing is sent.
    pc.preRegister(customer.id, { serialNumber: rows[0]?.serialNumber }, 'Kiosk-Hamburg');
    const posts = pc.requestsTo('POST', new RegExp(customer.id)).length;
    const again = await run(['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl, '--batch', 'Kiosk-Hamburg'], rows);
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /devices\.csv:2: [^:]+: already registered in batch "Kiosk-Hamburg": nothing to do/);
    assert.equal(pc.requestsTo('POST', new RegExp(customer.id)).length, posts, 'nothing was sent again');
  });

  it('prints the results of the batches that ran when a later one fails, and exits 2 with the reason', async () => {
    const customer = newCustomer();
    pc.addBatch(customer.id, 'First');
    pc.injectFault({ method: 'POST', path: new RegExp(`${customer.id}/deviceBatches$`) }, { type: 'status', status: 401 });
    const rows = [...syntheticRows(1, { seed: 107, groupTag: 'First' }), ...syntheticRows(1, { seed: 108, groupTag: 'Second' })].map(
      (row, index) => ({ ...row, line: index + 1 }),
    );
    const result = await run(['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl, '--format', 'json'], rows);
    assert.equal(result.code, 2);
    const results = JSON.parse(result.stdout) as JsonUploadResult[];
    assert.deepEqual(
      results.map((entry) => [entry.line, entry.status, entry.batch]),
      [
        [2, 'registered', 'First'],
        [3, 'not-sent', 'Second'],
      ],
    );
    assert.match(result.stderr, /autopilot-csv upload: Partner Center did not accept your sign-in \(HTTP 401\)/);
  });

  it('leaves a batch still processing to Partner Center and says how to check it; status reads it later', async () => {
    const customer = newCustomer();
    const rows = syntheticRows(2, { seed: 109, groupTag: 'Slow' });
    pc.preRegister(newCustomer().id, { hardwareHash: rows[1]?.hardwareHash });
    pc.settings.queuedPolls = 1000;
    let result: UploadRun;
    try {
      result = await run(['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl], rows, {
        timing: { pollIntervalMs: 1, maxPollIntervalMs: 1, maxJobWaitMs: 3 },
      });
    } finally {
      pc.settings.queuedPolls = 1;
    }
    const trackingId = pc.jobs.at(-1)?.trackingId ?? '';
    assert.equal(result.code, 1);
    assert.match(result.stdout, /: still processing: Partner Center was still processing this device/);
    assert.ok(
      result.stderr.includes(`Check later: autopilot-csv status --customer ${customer.id} --tracking-id ${trackingId}`),
      result.stderr,
    );

    let stdout = '';
    let stderr = '';
    const io = {
      stdout: (text: string) => (stdout += text),
      stderr: (text: string) => (stderr += text),
      env: { AUTOPILOT_ACCESS_TOKEN: token },
    };
    const code = await runStatus(['--customer', customer.id, '--tracking-id', trackingId, '--endpoint', pc.baseUrl], io);
    assert.equal(code, 1, stderr);
    assert.match(stdout, new RegExp(`^Batch job ${trackingId} of customer ${customer.id}: finished, 2 devices\\.`));
    assert.ok(stdout.includes(`  ${rows[0]?.serialNumber}: registered`));
    assert.ok(
      stdout.includes(`  ${rows[1]?.serialNumber}: rejected: 808 ZtdDeviceAssignedToOtherTenant. The device is registered to another`),
    );

    stdout = '';
    assert.equal(
      await runStatus(['--customer', customer.id, '--tracking-id', trackingId, '--endpoint', pc.baseUrl, '--format', 'json'], io),
      1,
    );
    const json = JSON.parse(stdout) as {
      destination: string;
      final: boolean;
      devices: Array<{ status: string; errorCode: string | null }>;
    };
    assert.equal(json.destination, 'Partner Center');
    assert.equal(json.final, true);
    assert.deepEqual(
      json.devices.map((device) => [device.status, device.errorCode]),
      [
        ['registered', null],
        ['rejected', '808'],
      ],
    );

    stderr = '';
    assert.equal(await runStatus(['--customer', customer.id], io), 2);
    assert.match(stderr, /--tracking-id is required/);
  });

  it('keeps the token out of the terminal even when Partner Center echoes it', async () => {
    const customer = newCustomer();
    pc.settings.deviceRejection = (_device, request) => ({ errorCode: '9999', errorDescription: `Token ${request.authorization} refused` });
    try {
      const result = await run(
        ['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl, '--batch', 'Echo'],
        syntheticRows(1, { seed: 110 }),
      );
      assert.equal(result.code, 1);
      assert.match(result.stdout, /rejected: 9999 Token Bearer \[token removed\] refused/);
      for (const part of token.split('.'))
        assert.ok(!result.stdout.includes(part) && !result.stderr.includes(part), 'a part of the token was printed');
    } finally {
      pc.settings.deviceRejection = undefined;
    }
  });

  it('warns before the upload that the Assigned User is not sent', async () => {
    const rows = syntheticRows(1, { seed: 111, groupTag: 'Users' }).map((row) => ({ ...row, assignedUser: 'anna@contoso.example' }));
    const result = await run(['devices.csv', '--customer', newCustomer().id, '--endpoint', pc.baseUrl], rows);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^warning: 1 device has an Assigned User, which Partner Center does not take/m);
  });

  it('exits 2 in words when Partner Center sends an answer larger than the limit', async () => {
    pc.injectFault({ method: 'GET', path: /deviceBatches$/ }, { type: 'oversized', bytes: 2 * 1024 * 1024 });
    const result = await run(
      ['devices.csv', '--customer', newCustomer().id, '--endpoint', pc.baseUrl, '--batch', 'Big'],
      syntheticRows(1),
      {
        maxResponseBytes: 1024 * 1024,
      },
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /an answer larger than 1 MB when asked to list the device batches/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('exits 1 when a device is rejected and prints JSON results with --format json', async () => {
    const customer = newCustomer();
    const other = newCustomer();
    const rows = syntheticRows(2, { seed: 103 });
    pc.preRegister(other.id, { serialNumber: rows[1]?.serialNumber });
    const result = await run(
      ['devices.csv', `--customer=${customer.id}`, '--endpoint', pc.baseUrl, '--format', 'json', '--batch=Sales'],
      rows,
    );
    assert.equal(result.code, 1);
    const results = JSON.parse(result.stdout) as JsonUploadResult[];
    const trackingId = pc.jobs.at(-1)?.trackingId;
    assert.deepEqual(results, [
      {
        line: 2,
        serialNumber: rows[0]?.serialNumber,
        status: 'registered',
        errorCode: null,
        errorDescription: null,
        batch: 'Sales',
        trackingId,
      },
      {
        line: 3,
        serialNumber: rows[1]?.serialNumber,
        status: 'rejected',
        errorCode: '808',
        errorDescription: 'ZtdDeviceAssignedToOtherTenant',
        batch: 'Sales',
        trackingId,
      },
    ]);
  });

  it('explains a rejection in text output with what to do', async () => {
    const customer = newCustomer();
    const result = await run(
      ['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl],
      [uploadRow(4, { serialNumber: 'SN-BAD', hardwareHash: 'bm90IGEgaGFzaA==', groupTag: 'Sales' })],
    );
    assert.equal(result.code, 1);
    assert.match(result.stdout, /devices\.csv:5: SN-BAD: rejected: 802 InvalidZtdHardwareHash\. The hardware hash is invalid/);
  });

  it('exits 2 with usage when --customer is missing or not a tenant id', async () => {
    const missing = await run(['devices.csv'], []);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--customer is required/);
    assert.match(missing.stderr, /Usage: autopilot-csv upload FILE --customer/);
    const wrong = await run(['devices.csv', '--customer', 'contoso'], []);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /tenant id \(a GUID\)/);
  });

  it('refuses http:// for a host that is not loopback (exit 2), before reading or sending anything', async () => {
    const before = pc.requests.length;
    const result = await run(['devices.csv', '--customer', randomUUID(), '--endpoint', 'http://partner.example.com'], syntheticRows(1));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /uses plain http:\/\/.*Use https:\/\//s);
    assert.equal(pc.requests.length, before);
  });

  it('exits 2 with the file problem when the rows cannot be read', async () => {
    const broken = await run(['devices.csv', '--customer', randomUUID(), '--endpoint', pc.baseUrl], {
      error: 'the header is not an Autopilot header',
    });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /devices\.csv: the header is not an Autopilot header/);
    const missing = await run(['missing.csv', '--customer', randomUUID(), '--endpoint', pc.baseUrl], []);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read missing\.csv: ENOENT/);
  });

  it('exits 2 with an actionable message when Partner Center refuses the token or the customer', async () => {
    const expired = mintAccessToken({ tenantId: pc.settings.partnerTenantId, lifetimeSeconds: -60 });
    const denied = await run(
      ['devices.csv', '--customer', newCustomer().id, '--endpoint', pc.baseUrl, '--batch', 'Sales'],
      syntheticRows(1),
      {
        env: { AUTOPILOT_ACCESS_TOKEN: expired },
      },
    );
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /HTTP 401.*AUTOPILOT_ACCESS_TOKEN: get a fresh one/s);

    const stranger = await run(['devices.csv', '--customer', randomUUID(), '--endpoint', pc.baseUrl, '--batch', 'Sales'], syntheticRows(1));
    assert.equal(stranger.code, 2);
    assert.match(stranger.stderr, /no relationship with customer/);
  });

  it('exits 2 when Partner Center cannot be reached', async () => {
    const gone = await FakePartnerCenter.start();
    await gone.stop();
    const result = await run(['devices.csv', '--customer', randomUUID(), '--endpoint', gone.baseUrl, '--batch', 'Sales'], syntheticRows(1));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Cannot reach Partner Center at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('signs in with the system browser and a loopback redirect when no token is given, as the editor does', async () => {
    const idp = await FakeIdentityProvider.start({ tenantId: pc.settings.partnerTenantId });
    try {
      let stderr = '';
      let stdout = '';
      const args = [
        'devices.csv',
        '--customer',
        newCustomer().id,
        '--endpoint',
        pc.baseUrl,
        '--authority',
        idp.authority,
        '--batch',
        'Sales',
      ];
      const code = await runUpload(args, {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        env: { AUTOPILOT_CLIENT_ID: idp.settings.clientId, DISPLAY: ':0' },
        readFile: async () => new Uint8Array(),
        rowsFromFile: () => syntheticRows(1, { seed: 112 }),
        networkClient: idp.networkClient(),
        openBrowser: idp.browser(),
        timing: { pollIntervalMs: 1 },
      });
      assert.equal(code, 0, stderr);
      assert.match(stderr, /Opening your browser to sign in to Partner Center/);
      assert.match(stdout, /1 registered/);
      assert.equal(idp.grants('authorization_code').length, 1);
      assert.equal(idp.requests.filter((request) => request.path.endsWith('/devicecode')).length, 0, 'no device code was asked for');
    } finally {
      await idp.stop();
    }
  });

  it('signs in with a device code when no browser can be opened, printing the code on stderr', async () => {
    const idp = await FakeIdentityProvider.start({ tenantId: pc.settings.partnerTenantId });
    try {
      let stderr = '';
      const args = [
        'devices.csv',
        '--customer',
        newCustomer().id,
        '--endpoint',
        pc.baseUrl,
        '--authority',
        idp.authority,
        '--batch',
        'Sales',
      ];
      const code = await runUpload(args, {
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
          const userCode = /enter the code (\w+)/.exec(text)?.[1];
          if (userCode) idp.approveDeviceCode(userCode);
        },
        env: { AUTOPILOT_CLIENT_ID: idp.settings.clientId, DISPLAY: ':0' },
        readFile: async () => new Uint8Array(),
        rowsFromFile: () => syntheticRows(1, { seed: 113 }),
        networkClient: idp.networkClient(),
        openBrowser: async () => {
          throw new Error('xdg-open: spawn xdg-open ENOENT');
        },
        timing: { pollIntervalMs: 1 },
      });
      assert.equal(code, 0, stderr);
      assert.match(stderr, /Could not open a browser \(xdg-open: spawn xdg-open ENOENT\); signing in with a device code instead/);
      assert.ok(idp.grants('device_code').length > 0);
    } finally {
      await idp.stop();
    }
  });

  it('signs in with a device code without a display (or over SSH), printing the code on stderr', async () => {
    const idp = await FakeIdentityProvider.start({ tenantId: pc.settings.partnerTenantId });
    try {
      const customer = newCustomer();
      let stderr = '';
      let stdout = '';
      const code = await runUpload(
        ['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl, '--authority', idp.authority, '--batch', 'Sales'],
        {
          stdout: (text) => (stdout += text),
          stderr: (text) => {
            stderr += text;
            const userCode = /enter the code (\w+)/.exec(text)?.[1];
            if (userCode) idp.approveDeviceCode(userCode); // the user follows the printed instructions
          },
          env: { AUTOPILOT_CLIENT_ID: idp.settings.clientId },
          readFile: async () => new Uint8Array(),
          rowsFromFile: () => syntheticRows(1, { seed: 104 }),
          networkClient: idp.networkClient(),
          timing: { pollIntervalMs: 1 },
        },
      );
      assert.equal(code, 0, stderr);
      assert.match(stderr, /Signing in with a device code: there is no display to open a browser on/);
      assert.match(stderr, /To sign in, use a web browser to open the page/);
      assert.match(stdout, /1 registered/);
      assert.equal(idp.grants('device_code').length > 0, true);
    } finally {
      await idp.stop();
    }
  });

  it('exits 2 and points at the README when sign-in has no client id', async () => {
    const result = await run(
      ['devices.csv', '--customer', newCustomer().id, '--endpoint', pc.baseUrl, '--batch', 'Sales'],
      syntheticRows(1),
      {
        env: {},
      },
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--client-id \/ AUTOPILOT_CLIENT_ID/);
    assert.match(result.stderr, /README/);
  });
});

// The built command keeps `upload` in a file of its own (dist/cliUpload.js, loaded only by `upload`): run it.
describe('autopilot-csv upload, the built command', () => {
  it('signs in with the token, asks Partner Center for the customer and explains its refusal', async () => {
    const pc = await FakePartnerCenter.start();
    try {
      const folder = mkdtempSync(path.join(tmpdir(), 'autopilot-upload-'));
      const file = path.join(folder, 'devices.csv');
      const device = syntheticDevice(1, 12);
      writeFileSync(
        file,
        `Device Serial Number,Windows Product ID,Hardware Hash\r\n${device.serialNumber},,${generateHardwareHash(device, 12)}\r\n`,
      );
      const unknownCustomer = randomUUID();
      const child = spawn(
        process.execPath,
        [path.resolve('dist/cli.js'), 'upload', file, '--customer', unknownCustomer, '--endpoint', pc.baseUrl, '--batch', 'Sales'],
        {
          env: { ...process.env, AUTOPILOT_ACCESS_TOKEN: mintAccessToken({ tenantId: pc.settings.partnerTenantId }) },
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = (await once(child, 'close')) as [number];
      assert.equal(code, 2, stderr);
      assert.ok(
        pc.requests.some((request) => request.path.includes(unknownCustomer)),
        'the command called Partner Center for that customer',
      );
      assert.match(stderr, new RegExp(`no relationship with customer ${unknownCustomer}.*Check the customer's reseller relationship`));
    } finally {
      await pc.stop();
    }
  });
});
