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
import { runUpload, type JsonUploadResult, type UploadCliIo } from '../../server/src/cli/uploadCommand';
import type { UploadRow } from '../../server/src/cloud/uploadEngine';
import { FakeIdentityProvider } from '../doubles/fakeIdentityProvider';
import { FakePartnerCenter, type FakeCustomer } from '../doubles/fakePartnerCenter';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows, uploadRow } from '../doubles/uploadRows';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

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

  async function run(argv: string[], rows: UploadRow[] | { error: string }, io: Partial<UploadCliIo> = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runUpload(argv, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { AUTOPILOT_ACCESS_TOKEN: token },
      readFile: async (path) => {
        if (path !== 'devices.csv') throw new Error(`ENOENT: no such file or directory, open '${path}'`);
        return new Uint8Array();
      },
      rowsFromFile: () => rows,
      timing: { pollIntervalMs: 1, initialBackoffMs: 1, maxBackoffMs: 2, maxRetries: 1 },
      ...io,
    });
    return { code, stdout, stderr };
  }

  it('exits 0 and prints one line per device with its 1-based file line', async () => {
    const customer = newCustomer();
    const rows = syntheticRows(2, { seed: 101 });
    const result = await run(['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl], rows);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(`devices.csv:2: ${rows[0]?.serialNumber}: registered`));
    assert.ok(result.stdout.includes(`devices.csv:3: ${rows[1]?.serialNumber}: registered`));
    assert.match(
      result.stdout,
      /2 registered, 0 already registered, 0 rejected \(of 2 devices\)\. Batches: Microsoft365Managed_Autopilot \(created\)\./,
    );
    assert.match(result.stderr, /Sending 2 devices to batch "Microsoft365Managed_Autopilot"/);
  });

  it('counts 806 already registered as success but says so', async () => {
    const customer = newCustomer();
    const rows = syntheticRows(1, { seed: 102 });
    pc.preRegister(customer.id, { hardwareHash: rows[0]?.hardwareHash });
    const result = await run(
      ['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl, '--batch', 'Microsoft365Managed_Kiosk'],
      rows,
    );
    assert.equal(result.code, 0);
    assert.match(result.stdout, /: already registered \(806 ZtdDeviceAlreadyAssigned\)/);
    assert.ok(pc.batch(customer.id, 'Microsoft365Managed_Kiosk'), 'rows without a tag went to --batch');
  });

  it('exits 1 when a device is rejected and prints JSON results with --format json', async () => {
    const customer = newCustomer();
    const other = newCustomer();
    const rows = syntheticRows(2, { seed: 103 });
    pc.preRegister(other.id, { serialNumber: rows[1]?.serialNumber });
    const result = await run(['devices.csv', `--customer=${customer.id}`, '--endpoint', pc.baseUrl, '--format', 'json'], rows);
    assert.equal(result.code, 1);
    const results = JSON.parse(result.stdout) as JsonUploadResult[];
    assert.deepEqual(results, [
      { line: 2, serialNumber: rows[0]?.serialNumber, status: 'registered', errorCode: null, errorDescription: null },
      {
        line: 3,
        serialNumber: rows[1]?.serialNumber,
        status: 'rejected',
        errorCode: '808',
        errorDescription: 'ZtdDeviceAssignedToOtherTenant',
      },
    ]);
  });

  it('explains a rejection in text output with what to do', async () => {
    const customer = newCustomer();
    const result = await run(
      ['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl],
      [uploadRow(4, { serialNumber: 'SN-BAD', hardwareHash: 'bm90IGEgaGFzaA==' })],
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
    const denied = await run(['devices.csv', '--customer', newCustomer().id, '--endpoint', pc.baseUrl], syntheticRows(1), {
      env: { AUTOPILOT_ACCESS_TOKEN: expired },
    });
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /HTTP 401.*AUTOPILOT_ACCESS_TOKEN: get a fresh one/s);

    const stranger = await run(['devices.csv', '--customer', randomUUID(), '--endpoint', pc.baseUrl], syntheticRows(1));
    assert.equal(stranger.code, 2);
    assert.match(stranger.stderr, /no relationship with customer/);
  });

  it('exits 2 when Partner Center cannot be reached', async () => {
    const gone = await FakePartnerCenter.start();
    await gone.stop();
    const result = await run(['devices.csv', '--customer', randomUUID(), '--endpoint', gone.baseUrl], syntheticRows(1));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Cannot reach Partner Center at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('signs in with a device code when no token is given, printing the code on stderr', async () => {
    const idp = await FakeIdentityProvider.start({ tenantId: pc.settings.partnerTenantId });
    try {
      const customer = newCustomer();
      let stderr = '';
      let stdout = '';
      const code = await runUpload(['devices.csv', '--customer', customer.id, '--endpoint', pc.baseUrl, '--authority', idp.authority], {
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
      });
      assert.equal(code, 0, stderr);
      assert.match(stderr, /To sign in, use a web browser to open the page/);
      assert.match(stdout, /1 registered/);
      assert.equal(idp.grants('device_code').length > 0, true);
    } finally {
      await idp.stop();
    }
  });

  it('exits 2 and points at the README when sign-in has no client id', async () => {
    const result = await run(['devices.csv', '--customer', newCustomer().id, '--endpoint', pc.baseUrl], syntheticRows(1), { env: {} });
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
        [path.resolve('dist/cli.js'), 'upload', file, '--customer', unknownCustomer, '--endpoint', pc.baseUrl],
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
