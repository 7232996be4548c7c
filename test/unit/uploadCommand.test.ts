// The "Upload to Partner Center" command as a user drives it: checks, customer pick, batches, results on rows.
import '../doubles/registerFakeVscode';
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { PartnerCenterAuth } from '../../client/src/commands/signInCommands';
import { registerUploadCommand, type UploadValidation } from '../../client/src/commands/uploadToPartnerCenter';
import type { UploadOutcome, UploadRow } from '../../server/src/cloud/uploadEngine';
import { FakePartnerCenter, type FakeCustomer } from '../doubles/fakePartnerCenter';
import { fakeLogChannel, fakeVscode, Uri, type FakeDocument } from '../doubles/fakeVscode';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows } from '../doubles/uploadRows';

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';

describe('autopilot.upload command', () => {
  let pc: FakePartnerCenter;
  let contoso: FakeCustomer;
  let fabrikam: FakeCustomer;
  let northwind: FakeCustomer;
  let validation: UploadValidation;
  let document: FakeDocument;
  let accessToken: string;
  let signIns: number;
  let context: ReturnType<typeof fakeVscode.extensionContext>;

  before(async () => {
    pc = await FakePartnerCenter.start();
  });
  after(() => pc.stop());

  beforeEach(() => {
    fakeVscode.reset();
    contoso = { id: randomUUID(), name: 'Contoso', domain: 'contoso.example' };
    fabrikam = { id: randomUUID(), name: 'Fabrikam', domain: 'fabrikam.example' };
    northwind = { id: randomUUID(), name: 'Northwind', domain: 'northwind.example' };
    pc.customers.splice(0, pc.customers.length, northwind, fabrikam, contoso);
    accessToken = mintAccessToken({ tenantId: pc.settings.partnerTenantId });
    signIns = 0;
    context = fakeVscode.extensionContext();
    const auth: PartnerCenterAuth = {
      getAccessToken: async () => accessToken,
      signIn: async () => {
        signIns += 1;
        accessToken = mintAccessToken({ tenantId: pc.settings.partnerTenantId });
        return { username: 'agent@partner.example', tenantId: pc.settings.partnerTenantId };
      },
      account: async () => 'agent@partner.example',
      endpoint: () => pc.baseUrl,
    };
    registerUploadCommand(context as never, {
      log: fakeLogChannel() as never,
      validate: async () => validation,
      auth,
      timing: { pollIntervalMs: 1, initialBackoffMs: 1, maxBackoffMs: 2 },
    });
  });

  function useFile(rows: UploadRow[], counts: { errors?: number; warnings?: number } = {}): void {
    const lines = [HEADER, ...rows.map((row) => [row.serialNumber, row.productKey, row.hardwareHash, row.groupTag].join(','))];
    document = fakeVscode.openDocument(`/work/${randomUUID()}/devices.csv`, lines.join('\r\n'));
    validation = { errors: counts.errors ?? 0, warnings: counts.warnings ?? 0, rows, format: 'intune' };
  }

  it('lets the user pick a customer, uploads one batch per tag and shows the results on the rows', async () => {
    await context.globalState.update('autopilot.upload.recentCustomers', [northwind.id]);
    const rows = [
      ...syntheticRows(2, { groupTag: 'Microsoft365Managed_Standard', seed: 201 }),
      ...syntheticRows(1, { groupTag: 'Microsoft365Managed_Kiosk', seed: 202 }),
    ].map((row, index) => ({ ...row, line: index + 1 }));
    useFile(rows);
    pc.preRegister(fabrikam.id, { hardwareHash: rows[1]?.hardwareHash });
    pc.preRegister(contoso.id, { hardwareHash: rows[2]?.hardwareHash });

    let busyWhileLoading = false;
    fakeVscode.ui = {
      quickPickShown: (quickPick) => (busyWhileLoading = quickPick.busy),
      quickPickItems: (quickPick) => {
        assert.deepEqual(
          quickPick.items.map((item) => item.label),
          ['recently used', 'Northwind', 'all customers', 'Contoso', 'Fabrikam'],
        );
        const item = quickPick.items.find((candidate) => candidate.label === 'Fabrikam') as { description?: string; detail?: string };
        assert.equal(item.description, 'fabrikam.example');
        assert.equal(item.detail, fabrikam.id);
        assert.ok(quickPick.matchOnDescription && quickPick.matchOnDetail, 'searchable by domain and tenant id');
        quickPick.pick('Fabrikam');
      },
      answer: (message) => {
        if (/has 2 group tags/.test(message.message)) return 'Upload 2 Batches';
        if (/^Upload to Fabrikam/.test(message.message)) return 'Save Report';
        return undefined;
      },
      saveDialog: () => Uri.file('/work/report.csv'),
    };

    const outcome = (await fakeVscode.execute('autopilot.upload', document.uri)) as UploadOutcome;
    assert.ok(busyWhileLoading, 'the picker shows it is loading');
    assert.deepEqual(outcome.counts, { total: 3, registered: 1, alreadyRegistered: 1, rejected: 1, unknown: 0 });
    assert.ok(pc.batch(fabrikam.id, 'Microsoft365Managed_Standard') && pc.batch(fabrikam.id, 'Microsoft365Managed_Kiosk'));

    const diagnostics = fakeVscode.diagnostics('autopilot-csv-upload', document.uri);
    assert.deepEqual(
      diagnostics.map((diagnostic) => [
        diagnostic.range.start.line,
        diagnostic.severity,
        (diagnostic.code as { value: string }).value,
        diagnostic.source,
      ]),
      [
        [2, 2, 'upload-already-registered', 'autopilot-csv'],
        [3, 0, 'upload-rejected', 'autopilot-csv'],
      ],
    );
    assert.match(diagnostics[1]?.message ?? '', /808 ZtdDeviceAssignedToOtherTenant\. The device is registered to another organization/);
    assert.equal(diagnostics[1]?.range.end.character, document.lineAt(3).text.length);

    const summary = await fakeVscode.nextMessage((message) => /^Upload to Fabrikam/.test(message.message));
    assert.equal(summary.message, 'Upload to Fabrikam: 1 registered, 1 already registered, 1 rejected (of 3 devices).');
    assert.deepEqual(summary.items, ['Show Problems', 'Save Report']);
    const report = await fakeVscode.writtenFile('/work/report.csv');
    assert.match(report, /^Line,Serial Number,Status/);
    assert.match(report, /\r\n4,[^,]+,rejected,808,ZtdDeviceAssignedToOtherTenant,/);

    assert.deepEqual(context.globalState.get('autopilot.upload.recentCustomers', []), [fabrikam.id, northwind.id]);
    assert.ok(
      fakeVscode.progress.some((step) => step.title === 'Uploading 3 devices to Fabrikam' && /queued|processing/.test(step.message ?? '')),
    );
    const total = fakeVscode.progress.reduce((sum, step) => sum + (step.increment ?? 0), 0);
    assert.ok(Math.abs(total - 100) < 1e-6, `progress adds up to 100%, not ${total}`);
  });

  it('keeps the customer picker open when Enter is pressed before the customers have loaded', async () => {
    useFile(syntheticRows(1, { seed: 210 }));
    fakeVscode.ui = {
      // Enter while the picker still shows its loading bar: nothing is selected yet.
      quickPickShown: (quickPick) => quickPick.pressEnter(),
      quickPickItems: (quickPick) => quickPick.pick('Contoso'),
    };
    const outcome = (await fakeVscode.execute('autopilot.upload', { uri: document.uri, assumeYes: true })) as UploadOutcome | undefined;
    assert.equal(outcome?.counts.registered, 1, 'the upload went on with the customer picked afterwards');
    assert.equal(pc.batch(contoso.id, 'Microsoft365Managed_Autopilot')?.devices.length, 1);
  });

  it('blocks the upload while the file has errors and offers to show them', async () => {
    useFile(syntheticRows(2, { seed: 203 }), { errors: 3 });
    fakeVscode.ui = { answer: (message) => (message.items.includes('Show Problems') ? 'Show Problems' : undefined) };
    const before = pc.requests.length;
    assert.equal(await fakeVscode.execute('autopilot.upload', document.uri), undefined);
    assert.match(fakeVscode.messages[0]?.message ?? '', /has 3 errors that Partner Center would reject/);
    assert.ok(fakeVscode.executed.some((entry) => entry.command === 'workbench.actions.view.problems'));
    assert.equal(pc.requests.length, before, 'nothing was sent');
  });

  it('asks before uploading a file with warnings, and stops when the user says no', async () => {
    useFile(syntheticRows(1, { seed: 204 }), { warnings: 2 });
    const before = pc.requests.length;
    assert.equal(await fakeVscode.execute('autopilot.upload', document.uri), undefined);
    assert.equal(fakeVscode.messages[0]?.modal, true);
    assert.match(fakeVscode.messages[0]?.message ?? '', /has 2 warnings\. Upload anyway\?/);
    assert.equal(pc.requests.length, before);
  });

  it('asks for the batch name of untagged rows, offering Microsoft365Managed_Autopilot', async () => {
    useFile(syntheticRows(2, { seed: 205 }));
    let offered: string | undefined;
    fakeVscode.ui = {
      inputBox: (options) => {
        offered = options.value;
        assert.match(options.validateInput?.('a,b') ?? '', /commas/);
        assert.equal(options.validateInput?.('Microsoft365Managed_Kiosk'), undefined);
        return 'Microsoft365Managed_Kiosk';
      },
    };
    await fakeVscode.execute('autopilot.upload', { uri: document.uri.toString(), customerId: contoso.id });
    assert.equal(offered, 'Microsoft365Managed_Autopilot');
    assert.equal(pc.batch(contoso.id, 'Microsoft365Managed_Kiosk')?.devices.length, 2);
  });

  it('runs without any prompt when a script passes the customer and batch', async () => {
    useFile(syntheticRows(3, { seed: 206 }), { warnings: 1 });
    fakeVscode.ui = {
      answer: (message) => {
        if (message.modal) throw new Error(`unexpected question: ${message.message}`);
        return undefined;
      },
      quickPickShown: () => {
        throw new Error('unexpected customer picker');
      },
    };
    const outcome = (await fakeVscode.execute('autopilot.upload', {
      uri: document.uri,
      customerId: contoso.id,
      batchName: 'Microsoft365Managed_Autopilot',
      assumeYes: true,
    })) as UploadOutcome;
    assert.equal(outcome.counts.registered, 3, JSON.stringify(outcome.results));
    assert.equal(pc.batch(contoso.id, 'Microsoft365Managed_Autopilot')?.devices.length, 3);
  });

  it('offers to sign in again after a 401 and then finishes the upload', async () => {
    useFile(syntheticRows(1, { seed: 207 }));
    accessToken = mintAccessToken({ tenantId: pc.settings.partnerTenantId, lifetimeSeconds: -60 });
    fakeVscode.ui = { answer: (message) => (message.items.includes('Sign In and Retry') ? 'Sign In and Retry' : undefined) };
    await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: contoso.id, assumeYes: true });
    assert.match(fakeVscode.messages[0]?.message ?? '', /did not accept your sign-in \(HTTP 401\)/);
    assert.equal(signIns, 1, JSON.stringify(fakeVscode.messages));
    await fakeVscode.nextMessage((message) => /^Upload to /.test(message.message));
    assert.equal(pc.batch(contoso.id, 'Microsoft365Managed_Autopilot')?.devices.length, 1);
  });

  it('refuses to upload from an untrusted workspace', async () => {
    useFile(syntheticRows(1, { seed: 209 }));
    const workspace = fakeVscode.api.workspace as { isTrusted: boolean };
    workspace.isTrusted = false;
    try {
      const before = pc.requests.length;
      assert.equal(await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: contoso.id, assumeYes: true }), undefined);
      assert.match(fakeVscode.messages[0]?.message ?? '', /need a trusted workspace/);
      assert.equal(pc.requests.length, before);
    } finally {
      workspace.isTrusted = true;
    }
  });

  it('explains a customer the partner has no relationship with', async () => {
    useFile(syntheticRows(1, { seed: 208 }));
    await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: randomUUID(), assumeYes: true });
    const error = fakeVscode.messages.find((message) => message.severity === 'error');
    assert.match(error?.message ?? '', /no relationship with customer .*Admin agent or Sales agent/s);
  });
});
