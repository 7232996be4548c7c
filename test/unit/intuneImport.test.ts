// The Intune import (Microsoft Graph) against the local Graph double, over real HTTP: each device with its own group
// tag and user, the unknown/pending states Intune reports while it works, per-device errors (808, 806), throttling,
// waits left to Intune and read later, clean-up of the import records, and errors in words a user can act on.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GraphClient, GraphError, graphImportScopes, tenantAuthority, tenantProblem } from '../../server/src/cloud/graphClient';
import { importToIntune, readIntuneResults, type ImportTiming } from '../../server/src/cloud/intuneImport';
import type { UploadRow } from '../../server/src/cloud/uploadEngine';
import { describeResult } from '../../server/src/cloud/uploadReport';
import { FakeGraph } from '../doubles/fakeGraph';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows, uploadRow } from '../doubles/uploadRows';

describe('Intune import through Microsoft Graph', () => {
  let graph: FakeGraph;
  const contoso = randomUUID();
  const fabrikam = randomUUID();
  const unlicensed = randomUUID();
  let waits: number[];
  let timing: ImportTiming;

  before(async () => {
    graph = await FakeGraph.start([contoso, fabrikam, unlicensed], { unlicensedTenants: [unlicensed] });
  });
  after(() => graph.stop());
  beforeEach(() => {
    waits = [];
    timing = {
      pollIntervalMs: 10,
      maxPollIntervalMs: 40,
      maxJobWaitMs: 60_000,
      sleep: async (ms, signal) => {
        waits.push(ms);
        signal?.throwIfAborted();
      },
    };
  });

  function client(tenantId: string, scopes = 'DeviceManagementServiceConfig.ReadWrite.All'): GraphClient {
    const token = mintAccessToken({ tenantId, audience: graph.baseUrl, scopes });
    return new GraphClient({
      baseUrl: graph.baseUrl,
      getAccessToken: async () => token,
      timing: { ...timing, initialBackoffMs: 1, maxBackoffMs: 2 },
    });
  }

  function rows(count: number, seed: number, fields: Partial<UploadRow> = {}): UploadRow[] {
    return syntheticRows(count, { seed }).map((row) => ({ ...row, ...fields }));
  }

  it('sends each device with its own group tag and user, waits through unknown and pending, and reports 808 on its row', async () => {
    const file = [
      { ...rows(1, 301)[0]!, groupTag: 'Sales', assignedUser: 'ana@contoso.example' },
      { ...rows(1, 302)[0]!, line: 2, groupTag: 'Kiosk' },
      { ...rows(1, 303)[0]!, line: 3 },
    ];
    graph.preRegister(fabrikam, { hardwareHash: file[1]!.hardwareHash });
    const outcome = await importToIntune(file, { client: client(contoso), timing });

    const sent = graph.requestsTo('POST', /\/import$/)[0]?.body as {
      importedWindowsAutopilotDeviceIdentities: Array<Record<string, string>>;
    };
    assert.deepEqual(
      sent.importedWindowsAutopilotDeviceIdentities.map((device) => [
        device['serialNumber'],
        device['groupTag'],
        device['assignedUserPrincipalName'],
      ]),
      [
        [file[0]!.serialNumber, 'Sales', 'ana@contoso.example'],
        [file[1]!.serialNumber, 'Kiosk', ''],
        [file[2]!.serialNumber, '', ''],
      ],
    );
    assert.equal(
      sent.importedWindowsAutopilotDeviceIdentities[0]?.['hardwareIdentifier'],
      file[0]!.hardwareHash,
      'the hash goes as the CSV has it',
    );
    assert.deepEqual(
      outcome.results.map((result) => [result.line, result.status, result.errorCode, result.errorDescription]),
      [
        [1, 'registered', undefined, undefined],
        [2, 'rejected', '808', 'ZtdDeviceAssignedToOtherTenant'],
        [3, 'registered', undefined, undefined],
      ],
    );
    assert.match(describeResult(outcome.results[1]!, 'Intune'), /registered to another organization/);
    const registered = graph.devices.find((device) => device.serialNumber === file[0]!.serialNumber);
    assert.deepEqual(
      [registered?.tenantId, registered?.groupTag, registered?.userPrincipalName],
      [contoso, 'Sales', 'ana@contoso.example'],
    );
    // Every record was read past unknown and pending (three reads each), then deleted; one sync was asked for.
    const records = graph.records.filter((record) => record.tenantId === contoso && record.importId === outcome.batches[0]?.trackingIds[0]);
    assert.deepEqual(
      records.map((record) => [record.polls, record.deleted]),
      [
        [3, true],
        [3, true],
        [3, true],
      ],
    );
    assert.deepEqual(graph.syncs, [contoso]);
    assert.equal(outcome.counts.registered, 2);
    assert.equal(outcome.counts.rejected, 1);
  });

  it("waits as long as a 429 asks, in the Retry-After header or in Intune's body, and finishes", async () => {
    graph.injectFault({ method: 'POST', path: /\/import$/ }, { type: 'throttle', retryAfter: '2.5' });
    graph.injectFault({ method: 'GET', path: /importedWindowsAutopilotDeviceIdentities\// }, { type: 'throttle', retryAfterInBody: 7 });
    const outcome = await importToIntune(rows(2, 311), { client: client(contoso), timing, sync: false });
    assert.deepEqual(
      outcome.results.map((result) => result.status),
      ['registered', 'registered'],
    );
    assert.ok(waits.includes(2500), `waited ${waits.join(', ')} ms`);
    assert.ok(waits.includes(7000), `waited ${waits.join(', ')} ms`);
  });

  it('tells a device the tenant already has apart: its tag not applied when the row asked for one, else nothing to do', async () => {
    const [tagged, plain] = [rows(1, 321, { groupTag: 'Sales' })[0]!, { ...rows(1, 322)[0]!, line: 2 }];
    graph.preRegister(contoso, { hardwareHash: tagged.hardwareHash, groupTag: 'Old' });
    graph.preRegister(contoso, { hardwareHash: plain.hardwareHash });
    const outcome = await importToIntune([tagged, plain], { client: client(contoso), timing });
    assert.deepEqual(
      outcome.results.map((result) => [result.status, result.errorCode]),
      [
        ['tag-not-applied', '806'],
        ['already-registered', '806'],
      ],
    );
    assert.match(describeResult(outcome.results[0]!, 'Intune'), /group tag/);
    assert.equal(graph.syncs.filter((tenant) => tenant === contoso).length, 1, 'no second sync within ten minutes was needed');
  });

  it('leaves devices Intune is still registering to it after the wait, and reads them later', async () => {
    graph.settings.pendingPolls = 5;
    try {
      const file = rows(2, 331);
      const outcome = await importToIntune(file, { client: client(contoso), timing: { ...timing, maxJobWaitMs: 20 }, sync: false });
      assert.deepEqual(
        outcome.results.map((result) => result.status),
        ['pending', 'pending'],
      );
      const job = outcome.batches[0]?.jobs[0];
      assert.equal(job?.final, false);
      assert.match(describeResult(outcome.results[0]!, 'Intune'), /still processing/);
      const later = await readIntuneResults(client(contoso), job?.devices ?? [], { importId: job?.trackingId ?? '' });
      assert.equal(later.stillProcessing, 2, 'still pending on the next read');
      let final = later;
      for (let reads = 0; reads < 5 && final.stillProcessing > 0; reads++) {
        final = await readIntuneResults(client(contoso), job?.devices ?? [], { importId: job?.trackingId ?? '' });
      }
      assert.deepEqual(
        final.results.map((result) => [result.line, result.status]),
        [
          [1, 'registered'],
          [2, 'registered'],
        ],
      );
      assert.ok(graph.records.filter((record) => record.importId === job?.trackingId).every((record) => record.deleted));
    } finally {
      graph.settings.pendingPolls = 1;
    }
  });

  it('sends at most 500 devices per request, and never a row without a hardware hash', async () => {
    const file = [...rows(501, 341), uploadRow(502, { serialNumber: 'NOHASH-1' })];
    const before = graph.requestsTo('POST', /\/import$/).length;
    graph.settings.unknownPolls = 0;
    graph.settings.pendingPolls = 0;
    const outcome = await importToIntune(file, { client: client(contoso), timing, sync: false, devicesPerRequest: 10_000 }).finally(() => {
      graph.settings.unknownPolls = 1;
      graph.settings.pendingPolls = 1;
    });
    const posts = graph.requestsTo('POST', /\/import$/).slice(before);
    assert.deepEqual(
      posts.map(
        (post) => (post.body as { importedWindowsAutopilotDeviceIdentities: unknown[] }).importedWindowsAutopilotDeviceIdentities.length,
      ),
      [500, 1],
    );
    assert.equal(outcome.counts.registered, 501);
    assert.deepEqual(
      [outcome.results.at(-1)?.status, outcome.results.at(-1)?.errorDescription],
      ['rejected', 'Not sent: the Intune import needs the hardware hash.'],
    );
  });

  it('keeps the devices sent when the wait is cancelled: they are still processing, not lost', async () => {
    const controller = new AbortController();
    const cancelling: ImportTiming = {
      ...timing,
      sleep: async (_ms, signal) => {
        controller.abort();
        signal?.throwIfAborted();
      },
    };
    const outcome = await importToIntune(rows(2, 351), { client: client(contoso), timing: cancelling, signal: controller.signal });
    assert.equal(outcome.stopped?.kind, 'cancelled');
    assert.match(outcome.stopped?.message ?? '', /Intune keeps registering them/);
    assert.deepEqual(
      outcome.results.map((result) => result.status),
      ['pending', 'pending'],
    );
  });

  it('says what to do when the permission, the Intune licence or the tenant is missing', async () => {
    await assert.rejects(
      importToIntune(rows(1, 361), { client: client(contoso, 'User.Read'), timing }),
      (error: unknown) =>
        error instanceof GraphError && error.kind === 'forbidden' && /DeviceManagementServiceConfig\.ReadWrite\.All/.test(error.message),
    );
    await assert.rejects(
      importToIntune(rows(1, 362), { client: client(unlicensed), timing }),
      (error: unknown) => error instanceof GraphError && /active Intune licence/.test(error.message),
    );
    await assert.rejects(
      importToIntune(rows(1, 363), { client: client(randomUUID()), timing }),
      (error: unknown) => error instanceof GraphError && error.kind === 'sign-in-required' && /Intune role/.test(error.message),
    );
  });

  it('signs in to the customer tenant with the Graph permission as scope, on the configured cloud', () => {
    assert.deepEqual(graphImportScopes(undefined), ['https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All']);
    assert.deepEqual(graphImportScopes('https://graph.microsoft.us/'), [
      'https://graph.microsoft.us/DeviceManagementServiceConfig.ReadWrite.All',
    ]);
    assert.equal(
      tenantAuthority('https://login.microsoftonline.com/organizations', contoso),
      `https://login.microsoftonline.com/${contoso}`,
    );
    assert.equal(
      tenantAuthority('https://login.microsoftonline.us/organizations/', 'contoso.onmicrosoft.us'),
      'https://login.microsoftonline.us/contoso.onmicrosoft.us',
    );
    assert.equal(tenantProblem('contoso.onmicrosoft.com'), undefined);
    assert.equal(tenantProblem(contoso), undefined);
    assert.match(tenantProblem('Contoso Ltd') ?? '', /neither a tenant id/);
    assert.throws(() => new GraphClient({ baseUrl: 'http://graph.example', getAccessToken: async () => '' }), /plain http/);
  });
});
