// `autopilot-csv upload --to intune` as a user runs it, in-process against the local Graph double (and the local
// identity provider for a real msal-node sign-in to the customer's tenant): the same output, exit codes and
// AUTOPILOT_ACCESS_TOKEN as the Partner Center upload.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type JsonUploadResult, type UploadCliIo } from '../../server/src/cli/uploadCommand';
import type { UploadRow } from '../../server/src/cloud/uploadEngine';
import { FakeGraph } from '../doubles/fakeGraph';
import { FakeIdentityProvider } from '../doubles/fakeIdentityProvider';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows } from '../doubles/uploadRows';
import { runUploadWith, type UploadRun } from './support/uploadRun';

const TIMING = { pollIntervalMs: 1, maxPollIntervalMs: 2, initialBackoffMs: 1, maxBackoffMs: 2, maxRetries: 1 };

describe('autopilot-csv upload --to intune', () => {
  const tenant = randomUUID();
  let graph: FakeGraph;
  let token: string;

  before(async () => {
    graph = await FakeGraph.start([tenant]);
    token = mintAccessToken({ tenantId: tenant, audience: graph.baseUrl, scopes: 'DeviceManagementServiceConfig.ReadWrite.All' });
  });
  after(() => graph.stop());

  const run = (argv: string[], rows: UploadRow[], io: Partial<UploadCliIo> = {}): Promise<UploadRun> =>
    runUploadWith(argv, rows, token, { timing: TIMING, ...io });

  it('exits 0 and prints each device with its own group tag, on its 1-based line', async () => {
    const rows = [
      { ...syntheticRows(1, { seed: 401 })[0]!, groupTag: 'Sales', assignedUser: 'ana@contoso.example' },
      { ...syntheticRows(1, { seed: 402 })[0]!, line: 2 },
    ];
    const result = await run(['devices.csv', '--to', 'intune', '--tenant', tenant, '--endpoint', graph.baseUrl], rows);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(`devices.csv:2: ${rows[0]!.serialNumber}: registered with group tag "Sales"`), result.stdout);
    assert.ok(result.stdout.includes(`devices.csv:3: ${rows[1]!.serialNumber}: registered\n`), result.stdout);
    assert.match(
      result.stdout,
      new RegExp(`Imported into Intune of tenant ${tenant}: 2 registered, 0 rejected \\(of 2 devices\\)\\. Import id [0-9a-f-]{36}\\.`),
    );
    assert.match(result.stderr, /Sending 2 devices to Intune…/);
    assert.match(result.stderr, /Intune registered 2 of 2 devices…/);
  });

  it('prints the same JSON as the Partner Center upload and exits 1 when Intune rejects a device (808)', async () => {
    const rows = syntheticRows(2, { seed: 411, groupTag: 'Kiosk' });
    graph.preRegister(randomUUID(), { hardwareHash: rows[1]!.hardwareHash });
    const result = await run(['devices.csv', '--to', 'intune', '--tenant', tenant, '--endpoint', graph.baseUrl, '--format', 'json'], rows);
    assert.equal(result.code, 1, result.stderr);
    const printed = JSON.parse(result.stdout) as JsonUploadResult[];
    const importId = graph.records.at(-1)?.importId ?? '';
    assert.deepEqual(printed, [
      {
        line: 2,
        serialNumber: rows[0]!.serialNumber,
        status: 'registered',
        errorCode: null,
        errorDescription: null,
        batch: 'Kiosk',
        trackingId: importId,
      },
      {
        line: 3,
        serialNumber: rows[1]!.serialNumber,
        status: 'rejected',
        errorCode: '808',
        errorDescription: 'ZtdDeviceAssignedToOtherTenant',
        batch: 'Kiosk',
        trackingId: importId,
      },
    ]);
  });

  it("signs in to the customer's tenant (typed as a domain) with the Graph permission, through the browser", async () => {
    const partnerTenant = randomUUID();
    const idp = await FakeIdentityProvider.start({ tenantId: partnerTenant, tenantDomains: { 'contoso.example': tenant } });
    try {
      const result = await run(
        ['devices.csv', '--to', 'intune', '--tenant', 'contoso.example', '--endpoint', graph.baseUrl, '--authority', idp.authority],
        syntheticRows(1, { seed: 421 }),
        {
          env: { AUTOPILOT_CLIENT_ID: idp.settings.clientId, DISPLAY: ':0' },
          networkClient: idp.networkClient(),
          openBrowser: idp.browser(),
        },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Opening your browser to sign in to Microsoft Graph \(Intune\)/);
      const codeGrant = idp.grants('authorization_code')[0];
      assert.equal(codeGrant?.path, '/contoso.example/oauth2/v2.0/token', "the customer's tenant is the authority");
      assert.match(codeGrant?.form['scope'] ?? '', new RegExp(`${graph.baseUrl}/DeviceManagementServiceConfig\\.ReadWrite\\.All`));
      assert.equal(graph.requests.at(-1)?.tenantId, tenant, "the token is the customer tenant's");
    } finally {
      await idp.stop();
    }
  });

  it('exits 2 with the hint to refresh AUTOPILOT_ACCESS_TOKEN when Graph refuses it', async () => {
    const expired = mintAccessToken({
      tenantId: tenant,
      audience: graph.baseUrl,
      lifetimeSeconds: -60,
      scopes: 'DeviceManagementServiceConfig.ReadWrite.All',
    });
    const result = await run(
      ['devices.csv', '--to', 'intune', '--tenant', tenant, '--endpoint', graph.baseUrl],
      syntheticRows(1, { seed: 431 }),
      {
        env: { AUTOPILOT_ACCESS_TOKEN: expired },
      },
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /HTTP 401.*AUTOPILOT_ACCESS_TOKEN: get a fresh one/s);
    assert.ok(!result.stderr.includes(expired), 'the token is not printed');
  });

  it('exits 2 with usage for a missing or malformed tenant, and for Partner Center options', async () => {
    const rows = syntheticRows(1, { seed: 441 });
    const cases: Array<[string[], RegExp]> = [
      [['devices.csv', '--to', 'intune'], /--to intune needs --tenant/],
      [['devices.csv', '--to', 'intune', '--tenant', 'Contoso Ltd'], /neither a tenant id/],
      [['devices.csv', '--to', 'intune', '--tenant', tenant, '--batch', 'Sales'], /--batch is for Partner Center/],
      [['devices.csv', '--to', 'intune', '--customer', tenant], /not --customer/],
      [['devices.csv', '--to', 'mdm', '--tenant', tenant], /--to must be partner-center or intune/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv, rows);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage: autopilot-csv upload/);
    }
  });
});
