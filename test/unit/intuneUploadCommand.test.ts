// "Upload to Intune…" as a user drives it, in a fake VS Code against the local Graph (and Partner Center for the
// customer list): the tenant picker, the confirmation with each device's tag and user, the results on the rows, the
// status check of devices Intune was still registering, and signing in again after Graph refused the token.
import '../doubles/registerFakeVscode';
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IntuneAuth, PartnerCenterAuth } from '../../client/src/commands/signInCommands';
import { registerIntuneUploadCommand } from '../../client/src/commands/uploadToIntune';
import { registerUploadCommand, type UploadValidation } from '../../client/src/commands/uploadToPartnerCenter';
import type { UploadOutcome, UploadRow, UploadRowResult } from '../../server/src/cloud/uploadEngine';
import { FakeGraph } from '../doubles/fakeGraph';
import { FakePartnerCenter } from '../doubles/fakePartnerCenter';
import { fakeLogChannel, fakeVscode, type FakeDocument, type ShownMessage } from '../doubles/fakeVscode';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows } from '../doubles/uploadRows';

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User';
const TIMING = { pollIntervalMs: 1, maxPollIntervalMs: 1, initialBackoffMs: 1, maxBackoffMs: 2 };
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

function shownResults(document: FakeDocument): Array<[number, number, string]> {
  return fakeVscode
    .diagnostics('autopilot-csv-upload', document.uri)
    .map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity, (diagnostic.code as { value: string }).value]);
}

describe('autopilot.uploadToIntune command', () => {
  const contoso = { id: randomUUID(), name: 'Contoso', domain: 'contoso.example' };
  const fabrikam = { id: randomUUID(), name: 'Fabrikam', domain: 'fabrikam.example' };
  let graph: FakeGraph;
  let pc: FakePartnerCenter;
  let document: FakeDocument;
  let validation: UploadValidation;
  let context: ReturnType<typeof fakeVscode.extensionContext>;
  let timing: typeof TIMING & { maxJobWaitMs?: number };
  let signedInToPartnerCenter: boolean;
  let graphTokens: Map<string, string>;
  let signInsAgain: string[];

  before(async () => {
    graph = await FakeGraph.start([contoso.id, fabrikam.id]);
    pc = await FakePartnerCenter.start({}, [fabrikam, contoso]);
  });
  after(async () => {
    await graph.stop();
    await pc.stop();
  });

  const graphToken = (tenantId: string, lifetimeSeconds = 3600): string =>
    mintAccessToken({ tenantId, audience: graph.baseUrl, scopes: 'DeviceManagementServiceConfig.ReadWrite.All', lifetimeSeconds });

  function register(): void {
    const log = fakeLogChannel();
    const auth: PartnerCenterAuth = {
      getAccessToken: async () => mintAccessToken({ tenantId: pc.settings.partnerTenantId }),
      signIn: async () => undefined,
      account: async () => (signedInToPartnerCenter ? 'agent@partner.example' : undefined),
      endpoint: () => pc.baseUrl,
    };
    const tenantOf = (tenant: string): string =>
      tenant === contoso.domain ? contoso.id : tenant === fabrikam.domain ? fabrikam.id : tenant;
    const intuneAuth: IntuneAuth = {
      getAccessToken: async (tenant) => graphTokens.get(tenant) ?? graphToken(tenantOf(tenant)),
      signInAgain: async (tenant) => {
        signInsAgain.push(tenant);
        graphTokens.delete(tenant);
        return true;
      },
      endpoint: () => graph.baseUrl,
    };
    const deps = { log: log as never, validate: async () => validation, auth, intuneAuth, timing };
    const feature = registerUploadCommand(context as never, deps);
    registerIntuneUploadCommand(context as never, deps, feature);
  }

  beforeEach(() => {
    fakeVscode.reset();
    context = fakeVscode.extensionContext();
    timing = { ...TIMING };
    signedInToPartnerCenter = true;
    graphTokens = new Map();
    signInsAgain = [];
    register();
  });

  function useFile(rows: UploadRow[]): void {
    const lines = [
      HEADER,
      ...rows.map((row) => [row.serialNumber, row.productKey, row.hardwareHash, row.groupTag, row.assignedUser].join(',')),
    ];
    document = fakeVscode.openDocument(`/work/${randomUUID()}/devices.csv`, lines.join('\r\n'));
    // What the language server reads of an Intune-format file: no manufacturer or model columns.
    const asRead = rows.map((row) => ({ ...row, manufacturer: '', model: '' }));
    validation = { errors: 0, warnings: 0, fixableErrors: 0, warningList: [], rows: asRead, format: 'intune' };
  }

  it('offers Partner Center customers and a typed domain (none pre-selected), confirms tags and users, and puts each result on its row', async () => {
    const rows = [
      { ...syntheticRows(1, { seed: 501 })[0]!, groupTag: 'Sales', assignedUser: 'ana@contoso.example' },
      { ...syntheticRows(1, { seed: 502 })[0]!, line: 2, groupTag: 'Sales' },
      { ...syntheticRows(1, { seed: 503 })[0]!, line: 3 },
    ];
    useFile(rows);
    graph.preRegister(fabrikam.id, { hardwareHash: rows[1]!.hardwareHash });
    const seen: string[][] = [];
    const activeWhenListed: number[] = [];
    let asked: ShownMessage | undefined;
    fakeVscode.ui = {
      quickPickItems: (quickPick) => {
        seen.push(quickPick.items.map((item) => item.label));
        if (quickPick.busy) return;
        if (!quickPick.value) {
          activeWhenListed.push(quickPick.activeItems.length);
          quickPick.type('contoso.example');
        } else {
          assert.equal(quickPick.title, "Upload to which tenant's Intune?");
          quickPick.pick('Contoso');
        }
      },
      answer: (message) => {
        if (message.modal) {
          asked = message;
          return 'Upload';
        }
        return undefined;
      },
    };
    const outcome = (await fakeVscode.execute('autopilot.uploadToIntune', document.uri)) as UploadOutcome;
    assert.deepEqual(seen.at(-2), ['Partner Center customers', 'Contoso', 'Fabrikam'], 'the signed-in partner’s customers');
    assert.deepEqual(activeWhenListed, [0], 'no tenant is pre-selected');
    assert.equal(asked?.message, 'Upload 3 devices to Contoso?');
    assert.match(asked?.detail ?? '', new RegExp(`Customer: Contoso \\(contoso\\.example\\), tenant ${contoso.id}, in Intune`));
    assert.match(asked?.detail ?? '', /Group tags \(each device its own\): Sales \(2 devices\); \(none\) \(1 device\)/);
    assert.match(asked?.detail ?? '', /Assigned users: 1 device, ana@contoso\.example/);
    assert.doesNotMatch(asked?.detail ?? '', /Partner Center does not take/);

    assert.deepEqual(
      outcome.results.map((result) => result.status),
      ['registered', 'rejected', 'registered'],
    );
    await settle();
    assert.deepEqual(shownResults(document), [[2, 0, 'upload-rejected']]);
    const [rejected] = fakeVscode.diagnostics('autopilot-csv-upload', document.uri);
    assert.match(
      rejected?.message ?? '',
      /^Intune rejected this device: 808 ZtdDeviceAssignedToOtherTenant\. The device is registered to another organization/,
    );
    const hover = fakeVscode.decorations.get(document.uri.toString())?.[0]?.hoverMessage?.value ?? '';
    assert.match(hover, new RegExp(`Registered to \\*\\*Contoso\\*\\* \\(tenant ${contoso.id}\\) in Intune, group tag \`Sales\``));
    assert.match(fakeVscode.codeLenses(document)[0]?.command?.title ?? '', /^\$\(cloud-upload\) Contoso: 2 registered · 1 rejected$/);
    const registered = graph.devices.find((device) => device.hardwareHash === rows[0]!.hardwareHash);
    assert.deepEqual(
      [registered?.tenantId, registered?.groupTag, registered?.userPrincipalName],
      [contoso.id, 'Sales', 'ana@contoso.example'],
    );
    assert.deepEqual(
      (context.globalState.get('autopilot.intune.recentTenants', []) as Array<{ tenant: string }>).map((choice) => choice.tenant),
      [contoso.id],
    );

    // The import sent the Assigned User: another user on the row is not what Intune has, so the row's result goes,
    // and comes back when the edit is undone.
    const original = document.lineAt(1).text;
    fakeVscode.editLines(document, 1, 1, [original.replace(/,ana@contoso\.example$/, ',ben@contoso.example')]);
    await settle();
    assert.match(fakeVscode.codeLenses(document)[0]?.command?.title ?? '', /^\$\(cloud-upload\) Contoso: 1 registered · 1 rejected$/);
    assert.equal(fakeVscode.decorations.get(document.uri.toString())?.length, 1, 'only line 3 keeps its check mark');
    fakeVscode.editLines(document, 1, 1, [original]);
    await settle();
    assert.match(fakeVscode.codeLenses(document)[0]?.command?.title ?? '', /^\$\(cloud-upload\) Contoso: 2 registered · 1 rejected$/);
  });

  it('takes a tenant typed in when nobody is signed in to Partner Center', async () => {
    signedInToPartnerCenter = false;
    register();
    useFile(syntheticRows(1, { seed: 511 }));
    fakeVscode.ui = {
      quickPickItems: (quickPick) => {
        if (quickPick.busy) return;
        if (!quickPick.value) quickPick.type(fabrikam.id);
        else quickPick.pick(`$(arrow-right) Use tenant ${fabrikam.id}`);
      },
      answer: (message) => (message.modal ? 'Upload' : undefined),
    };
    const outcome = (await fakeVscode.execute('autopilot.uploadToIntune', document.uri)) as UploadOutcome;
    assert.equal(outcome.counts.registered, 1);
    assert.equal(graph.requests.at(-1)?.tenantId, fabrikam.id);
    assert.equal(pc.requestsTo('GET', /customers$/).length > 0, true, 'the earlier test listed customers');
  });

  it('leaves devices Intune is still registering, and "Check Upload Status…" reads them later', async () => {
    useFile(syntheticRows(2, { seed: 521, groupTag: 'Kiosk' }));
    graph.settings.pendingPolls = 4;
    timing = { ...TIMING, maxJobWaitMs: 1 };
    register();
    try {
      const outcome = (await fakeVscode.execute('autopilot.uploadToIntune', {
        uri: document.uri,
        tenant: contoso.id,
        assumeYes: true,
      })) as UploadOutcome;
      assert.equal(outcome.counts.pending, 2);
      await settle();
      assert.deepEqual(shownResults(document), [
        [1, 2, 'upload-pending'],
        [2, 2, 'upload-pending'],
      ]);
      let offered: string[] = [];
      fakeVscode.ui = {
        pick: (shown) => {
          offered = shown.items;
          return shown.items[0];
        },
      };
      let results: UploadRowResult[] = [];
      for (let attempt = 0; attempt < 8 && results.length < 2; attempt++) {
        results = ((await fakeVscode.execute('autopilot.checkUploadStatus')) as UploadRowResult[] | undefined) ?? [];
      }
      assert.match(offered[0] ?? '', /^\$\(sync\) contoso|^\$\(sync\) [0-9a-f-]+ · Intune import$/i);
      assert.deepEqual(
        results.map((result) => [result.line, result.status]),
        [
          [1, 'registered'],
          [2, 'registered'],
        ],
      );
      await settle();
      assert.deepEqual(shownResults(document), []);
      assert.ok(fakeVscode.messages.some((message) => /^Intune import for .* finished: 2 registered/.test(message.message)));
    } finally {
      graph.settings.pendingPolls = 1;
    }
  });

  it('offers to sign in to the tenant again when Graph refuses the token, then imports', async () => {
    useFile(syntheticRows(1, { seed: 531 }));
    graphTokens.set(contoso.id, graphToken(contoso.id, -60));
    fakeVscode.ui = { answer: (message) => (/did not accept your sign-in/.test(message.message) ? 'Sign In Again and Retry' : undefined) };
    await fakeVscode.execute('autopilot.uploadToIntune', { uri: document.uri, tenant: contoso.id, assumeYes: true });
    await settle();
    assert.deepEqual(signInsAgain, [contoso.id]);
    assert.ok(
      fakeVscode.messages.some((message) => /^Upload to contoso|^Upload to [0-9a-f-]+: 1 registered/i.test(message.message)),
      fakeVscode.messages.map((message) => message.message).join('\n'),
    );
  });
});
