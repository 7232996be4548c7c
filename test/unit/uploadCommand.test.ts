// The "Upload to Partner Center" command as a user drives it: checks, customer pick, what the customer has, batch
// name, confirmation, results on rows (and their life after the upload), the report, and "Check Upload Status…".
import '../doubles/registerFakeVscode';
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { PartnerCenterAuth } from '../../client/src/commands/signInCommands';
import { registerUploadCommand, type UploadFeature, type UploadValidation } from '../../client/src/commands/uploadToPartnerCenter';
import type { UploadOutcome, UploadRow, UploadRowResult } from '../../server/src/cloud/uploadEngine';
import { useLocale } from '../../server/src/core/locale';
import { FakePartnerCenter, type FakeCustomer } from '../doubles/fakePartnerCenter';
import { fakeLogChannel, fakeVscode, Uri, type FakeDocument, type ShownMessage } from '../doubles/fakeVscode';
import { mintAccessToken } from '../doubles/jwt';
import { syntheticRows } from '../doubles/uploadRows';

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User';
const TIMING = { pollIntervalMs: 1, maxPollIntervalMs: 1, initialBackoffMs: 1, maxBackoffMs: 2 };

/** The diagnostics' [line, severity, code] of the upload results on a document. */
function shownResults(document: FakeDocument): Array<[number, number, string]> {
  return fakeVscode
    .diagnostics('autopilot-csv-upload', document.uri)
    .map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity, (diagnostic.code as { value: string }).value]);
}

/** Lines with the registered mark (a gutter check) on a document. */
function registeredMarks(document: FakeDocument): number[] {
  return (fakeVscode.decorations.get(document.uri.toString()) ?? []).map((mark) => mark.range.start.line);
}

/** Results follow edits after a short settling delay. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

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
  let feature: UploadFeature;
  let log: ReturnType<typeof fakeLogChannel>;
  let timing: typeof TIMING & { maxJobWaitMs?: number };

  before(async () => {
    pc = await FakePartnerCenter.start();
  });
  after(() => pc.stop());

  function register(): void {
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
    feature = registerUploadCommand(context as never, { log: log as never, validate: async () => validation, auth, timing });
  }

  beforeEach(() => {
    fakeVscode.reset();
    contoso = { id: randomUUID(), name: 'Contoso', domain: 'contoso.example' };
    fabrikam = { id: randomUUID(), name: 'Fabrikam', domain: 'fabrikam.example' };
    northwind = { id: randomUUID(), name: 'Northwind', domain: 'northwind.example' };
    pc.customers.splice(0, pc.customers.length, northwind, fabrikam, contoso);
    accessToken = mintAccessToken({ tenantId: pc.settings.partnerTenantId });
    signIns = 0;
    timing = { ...TIMING };
    context = fakeVscode.extensionContext();
    log = fakeLogChannel();
    register();
  });

  function fileLines(rows: UploadRow[]): string[] {
    return [HEADER, ...rows.map((row) => [row.serialNumber, row.productKey, row.hardwareHash, row.groupTag, row.assignedUser].join(','))];
  }

  /** Opens an Intune-format file of these rows; the validation's rows are what the language server reads of it. */
  function useFile(rows: UploadRow[], counts: Partial<UploadValidation> = {}): void {
    document = fakeVscode.openDocument(`/work/${randomUUID()}/devices.csv`, fileLines(rows).join('\r\n'));
    const asRead = rows.map((row) => ({ ...row, manufacturer: '', model: '' }));
    validation = { errors: 0, warnings: 0, fixableErrors: 0, warningList: [], rows: asRead, format: 'intune', ...counts };
  }

  const confirmation = (message: ShownMessage): boolean => message.modal && /^Upload \d+ devices? to /.test(message.message);

  it('picks a customer (none pre-selected), confirms where the devices go, uploads one batch per tag and shows each result on its row', async () => {
    await context.globalState.update('autopilot.upload.recentCustomers', [northwind.id]);
    const rows = [
      ...syntheticRows(2, { groupTag: 'Standard-Berlin', seed: 201 }),
      ...syntheticRows(1, { groupTag: 'Kiosk-Hamburg', seed: 202 }),
    ].map((row, index) => ({ ...row, line: index + 1 }));
    useFile(rows);
    // Line 2: registered to another tenant (808); line 3: the customer registered it outside Partner Center (806).
    pc.preRegister(northwind.id, { hardwareHash: rows[1]?.hardwareHash });
    pc.preRegister(fabrikam.id, { hardwareHash: rows[2]?.hardwareHash });

    let busyWhileLoading = false;
    let activeWhenShown: string[] = ['not shown'];
    let asked: ShownMessage | undefined;
    fakeVscode.ui = {
      quickPickShown: (quickPick) => (busyWhileLoading = quickPick.busy),
      quickPickItems: (quickPick) => {
        activeWhenShown = quickPick.activeItems.map((item) => item.label);
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
        if (confirmation(message)) {
          asked = message;
          return 'Upload';
        }
        if (/^Upload to Fabrikam/.test(message.message)) return 'Save Report…';
        return undefined;
      },
      saveDialog: (options) => {
        assert.equal(options.defaultUri?.path, document.uri.path.replace(/\.csv$/, '-upload-report.csv'));
        return Uri.file('/work/report.csv');
      },
    };

    const outcome = (await fakeVscode.execute('autopilot.upload', document.uri)) as UploadOutcome;
    assert.ok(busyWhileLoading, 'the picker shows it is loading');
    assert.deepEqual(activeWhenShown, [], 'no customer is pre-selected');
    assert.equal(asked?.message, 'Upload 3 devices to Fabrikam?');
    assert.deepEqual(asked?.items, ['Upload']);
    assert.match(asked?.detail ?? '', new RegExp(`Customer: Fabrikam \\(fabrikam\\.example\\), tenant ${fabrikam.id}, in Partner Center`));
    assert.match(asked?.detail ?? '', /File: devices\.csv/);
    assert.match(asked?.detail ?? '', /Devices: 3 to send/);
    assert.match(
      asked?.detail ?? '',
      /Batches \(group tags\): Standard-Berlin \(2 devices, new batch\); Kiosk-Hamburg \(1 device, new batch\)/,
    );

    assert.deepEqual(outcome.counts, {
      total: 3,
      registered: 1,
      alreadyRegistered: 0,
      tagNotApplied: 1,
      rejected: 1,
      pending: 0,
      notSent: 0,
      unknown: 0,
    });
    assert.ok(pc.batch(fabrikam.id, 'Standard-Berlin') && pc.batch(fabrikam.id, 'Kiosk-Hamburg'));

    assert.deepEqual(shownResults(document), [
      [2, 0, 'upload-rejected'],
      [3, 1, 'upload-tag-not-applied'],
    ]);
    const [rejected, elsewhere] = fakeVscode.diagnostics('autopilot-csv-upload', document.uri);
    assert.match(rejected?.message ?? '', /808 ZtdDeviceAssignedToOtherTenant\. The device is registered to another organization/);
    assert.equal(rejected?.range.end.character, document.lineAt(2).text.length);
    assert.match(
      elsewhere?.message ?? '',
      /Already registered to Fabrikam \(806 ZtdDeviceAlreadyAssigned\)\. Partner Center did not add the device to batch "Kiosk-Hamburg"/,
    );
    assert.deepEqual(registeredMarks(document), [1], 'the registered row has its mark');
    const hover = fakeVscode.decorations.get(document.uri.toString())?.[0]?.hoverMessage?.value ?? '';
    assert.match(
      hover,
      new RegExp(`Registered to \\*\\*Fabrikam\\*\\* \\(tenant ${fabrikam.id}\\) in Partner Center, batch \`Standard-Berlin\``),
    );
    assert.match(
      fakeVscode.codeLenses(document)[0]?.command?.title ?? '',
      /^\$\(cloud-upload\) Fabrikam: 1 registered · 1 tag not applied · 1 rejected$/,
    );

    const summary = await fakeVscode.nextMessage((message) => /^Upload to Fabrikam/.test(message.message));
    assert.equal(
      summary.message,
      'Upload to Fabrikam: 1 registered, 1 registered elsewhere (group tag not applied), 1 rejected (of 3 devices).',
    );
    assert.deepEqual(summary.items, ['Save Report…', 'Show Problems', 'Show Log']);
    const report = await fakeVscode.writtenFile('/work/report.csv');
    assert.match(report, /^Line,Serial Number,Status,Batch,Tracking ID/);
    assert.match(
      report,
      new RegExp(
        `\\r\\n3,[^,]+,rejected,Standard-Berlin,[^,]+,808,ZtdDeviceAssignedToOtherTenant,.*,Fabrikam,${fabrikam.id},Partner Center,agent@partner\\.example,`,
      ),
    );
    await settle();
    assert.ok(fakeVscode.shownDocuments.includes(Uri.file('/work/report.csv').toString()), 'the report opens after saving');

    assert.deepEqual(context.globalState.get('autopilot.upload.recentCustomers', []), [fabrikam.id, northwind.id]);
    assert.ok(
      fakeVscode.progress.some((step) => step.title === 'Uploading 3 devices to Fabrikam' && /queued|processing/.test(step.message ?? '')),
    );
    const total = fakeVscode.progress
      .filter((step) => step.title === 'Uploading 3 devices to Fabrikam')
      .reduce((sum, step) => sum + (step.increment ?? 0), 0);
    assert.ok(Math.abs(total - 100) < 1e-6, `progress adds up to 100%, not ${total}`);
    assert.ok(
      log.lines.some((line) => line.includes(`devices.csv:3: ${rows[1]?.serialNumber}: rejected: 808`)),
      'every result is in the log',
    );
  });

  it('in a German VS Code, tells the results in German and writes them to the log in English', async (t) => {
    fakeVscode.language = 'de';
    useLocale('de');
    t.after(() => useLocale('en'));
    const rows = syntheticRows(2, { groupTag: 'Standard-Berlin', seed: 218 }).map((row, index) => ({ ...row, line: index + 1 }));
    useFile(rows);
    pc.preRegister(northwind.id, { hardwareHash: rows[1]?.hardwareHash });
    fakeVscode.ui = {
      quickPickItems: (quickPick) => quickPick.pick('Fabrikam'),
      answer: (message) => (message.modal ? message.items[0] : undefined),
    };
    await fakeVscode.execute('autopilot.upload', document.uri);

    const summary = await fakeVscode.nextMessage((message) => message.message.startsWith('Upload zu Fabrikam'));
    assert.match(summary.message, /^Upload zu Fabrikam: 1 registriert, 1 abgelehnt/);
    const logged = log.lines.join('\n');
    assert.match(logged, /finished: 1 registered, 1 rejected \(of 2 devices\)\./);
    assert.match(logged, new RegExp(`devices\\.csv:2: ${rows[0]?.serialNumber}: registered in batch "Standard-Berlin"`));
    assert.match(logged, new RegExp(`devices\\.csv:3: ${rows[1]?.serialNumber}: rejected: 808 `));
    assert.doesNotMatch(logged, /registriert|abgelehnt/);
  });

  it('keeps the customer picker open on Enter while loading and before a customer is chosen', async () => {
    useFile(syntheticRows(1, { seed: 210, groupTag: 'Sales' }));
    let enters = 0;
    fakeVscode.ui = {
      // Enter while the picker still shows its loading bar, then Enter on the loaded list: nothing is chosen yet.
      quickPickShown: (quickPick) => {
        enters += 1;
        quickPick.pressEnter();
      },
      quickPickItems: (quickPick) => {
        enters += 1;
        quickPick.pressEnter();
        quickPick.pick('Contoso');
      },
      answer: (message) => (confirmation(message) ? 'Upload' : undefined),
    };
    const outcome = (await fakeVscode.execute('autopilot.upload', { uri: document.uri })) as UploadOutcome | undefined;
    assert.equal(enters, 2);
    assert.equal(outcome?.counts.registered, 1, 'the upload went on with the customer picked afterwards');
    assert.equal(pc.batch(contoso.id, 'Sales')?.devices.length, 1);
  });

  it('blocks the upload while the file has errors, offering Fix All and Continue when Fix All repairs all of them', async () => {
    useFile(syntheticRows(2, { seed: 203, groupTag: 'Sales' }), { errors: 3, fixableErrors: 2 });
    fakeVscode.ui = { answer: (message) => (message.items.includes('Show Problems') ? 'Show Problems' : undefined) };
    const before = pc.requests.length;
    assert.equal(await fakeVscode.execute('autopilot.upload', document.uri), undefined);
    assert.match(fakeVscode.messages[0]?.message ?? '', /has 3 errors that Partner Center would reject\. Fix them before uploading/);
    assert.deepEqual(fakeVscode.messages[0]?.items, ['Show Problems'], 'Fix All does not repair every error: not offered');
    assert.ok(fakeVscode.executed.some((entry) => entry.command === 'workbench.actions.view.problems'));
    assert.equal(pc.requests.length, before, 'nothing was sent');

    // All errors fixable: "Fix All and Continue" runs Fix All, checks again, and goes on to the customer.
    fakeVscode.reset();
    register();
    useFile(syntheticRows(2, { seed: 211, groupTag: 'Sales' }), { errors: 2, fixableErrors: 2 });
    fakeVscode.api.commands.registerCommand('autopilot.fixAll', () => {
      validation = { ...validation, errors: 0, fixableErrors: 0 };
    });
    fakeVscode.ui = {
      answer: (message) =>
        message.items.includes('Fix All and Continue') ? 'Fix All and Continue' : confirmation(message) ? 'Upload' : undefined,
    };
    const outcome = (await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: contoso.id })) as UploadOutcome;
    assert.match(fakeVscode.messages[0]?.message ?? '', /Fix All repairs every one of them/);
    assert.deepEqual(fakeVscode.messages[0]?.items, ['Fix All and Continue', 'Show Problems']);
    assert.ok(fakeVscode.executed.some((entry) => entry.command === 'autopilot.fixAll'));
    assert.equal(outcome.counts.registered, 2);
  });

  it('names the warnings in the confirmation, where Upload Anyway is not the default button, and sends nothing on Escape', async () => {
    useFile(syntheticRows(1, { seed: 204, groupTag: 'Sales' }), {
      warnings: 3,
      warningList: [
        { line: 1, code: 'group-tag-unknown', message: 'The group tag "Sales" is not in autopilot.groupTags.' },
        { line: 1, code: 'product-id-format', message: 'The Windows Product ID is not 13 digits.' },
        { line: 2, code: 'group-tag-unknown', message: 'The group tag "Sales" is not in autopilot.groupTags.' },
      ],
    });
    const before = pc.requests.filter((request) => request.method === 'POST').length;
    assert.equal(await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: contoso.id }), undefined);
    const asked = fakeVscode.messages.find(confirmation);
    assert.equal(asked?.severity, 'warning');
    assert.deepEqual(asked?.items, ['Show Problems', 'Upload Anyway'], 'the first (default) button does not upload');
    assert.match(
      asked?.detail ?? '',
      /3 warnings in the file:\n• group-tag-unknown \(lines 2, 3\): The group tag "Sales" is not in autopilot\.groupTags\.\n• product-id-format \(line 2\): The Windows Product ID is not 13 digits\.$/,
    );
    assert.equal(pc.requests.filter((request) => request.method === 'POST').length, before, 'nothing was sent');
  });

  it('asks for the batch name of untagged rows, offering the customer batches and recent names, none pre-selected', async () => {
    useFile(syntheticRows(2, { seed: 205 }));
    pc.addBatch(contoso.id, 'Contoso-Std');
    await context.globalState.update('autopilot.upload.recentBatchNames', ['Recent-Tag', 'Contoso-Std']);
    let items: string[] = [];
    let active: string[] = ['not shown'];
    let refused = '';
    fakeVscode.ui = {
      quickPickItems: (quickPick) => {
        if (quickPick.value === '') {
          items = quickPick.items.map((item) => item.label);
          active = quickPick.activeItems.map((item) => item.label);
          quickPick.pressEnter(); // nothing chosen: stays open
          quickPick.type('Kiosk,Hamburg');
        } else if (quickPick.value === 'Kiosk,Hamburg') {
          refused = (quickPick.items[0] as { description?: string }).description ?? '';
          quickPick.pressEnter(); // a name that cannot be a group tag: stays open
          quickPick.type('Kiosk-Hamburg');
        } else {
          quickPick.pick('Kiosk-Hamburg');
        }
      },
      answer: (message) => (confirmation(message) ? 'Upload' : undefined),
    };
    await fakeVscode.execute('autopilot.upload', { uri: document.uri.toString(), customerId: contoso.id });
    assert.deepEqual(items, ["Contoso's batches", 'Contoso-Std', 'recently used', 'Recent-Tag']);
    assert.deepEqual(active, [], 'no batch name is chosen for the user');
    assert.match(refused, /cannot be used: a group tag cannot contain commas/);
    assert.equal(pc.batch(contoso.id, 'Kiosk-Hamburg')?.devices.length, 2);
    assert.deepEqual(feature.customerBatches.recentNames().slice(0, 2), ['Kiosk-Hamburg', 'Recent-Tag']);
    // The customer's batch names are known group tags for this folder (for the tag rules to read).
    const known = feature.customerBatches.batchNamesFor(document.uri.toString());
    assert.equal(known?.customerId, contoso.id);
    assert.deepEqual(known?.batchNames, ['Contoso-Std']);
  });

  it('marks the rows the customer already has before the upload, names them in the confirmation, and does not send them', async () => {
    const rows = syntheticRows(3, { seed: 212, groupTag: 'Sales' });
    useFile(rows);
    pc.preRegister(contoso.id, { serialNumber: rows[0]?.serialNumber }, 'Sales');
    pc.preRegister(contoso.id, { serialNumber: rows[1]?.serialNumber }, 'Old-Tag');
    let marked: Array<[number, number, string]> = [];
    let detail = '';
    fakeVscode.ui = {
      answer: (message) => {
        if (!confirmation(message)) return undefined;
        marked = shownResults(document);
        detail = message.detail ?? '';
        return 'Upload';
      },
    };
    const outcome = (await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: contoso.id })) as UploadOutcome;
    assert.deepEqual(marked, [
      [1, 2, 'upload-already-registered'],
      [2, 1, 'upload-tag-not-applied'],
    ]);
    assert.match(detail, /Devices: 1 to send, 2 already registered \(not sent again\)/);
    assert.match(
      detail,
      /Already registered to Contoso: line 2 in batch "Sales", line 3 in batch "Old-Tag"\. That device keeps its current group tag\./,
    );
    assert.deepEqual(
      outcome.results.map((result) => result.status),
      ['already-registered', 'tag-not-applied', 'registered'],
    );
    const posted = JSON.stringify(pc.requestsTo('POST', new RegExp(contoso.id)).map((request) => request.body));
    assert.ok(!posted.includes(rows[0]?.serialNumber ?? '-') && !posted.includes(rows[1]?.serialNumber ?? '-'));
  });

  it('warns in the confirmation that Partner Center does not take the Assigned User', async () => {
    const rows = syntheticRows(2, { seed: 213, groupTag: 'Sales' }).map((row) => ({ ...row, assignedUser: 'anna@contoso.example' }));
    useFile(rows);
    let detail = '';
    fakeVscode.ui = {
      answer: (message) => {
        if (confirmation(message)) detail = message.detail ?? '';
        return undefined;
      },
    };
    await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: contoso.id });
    assert.match(detail, /2 devices have an Assigned User, which Partner Center does not take .*Assign users in Intune/s);
  });

  it('keeps results on their rows through edits, closing and reopening, and a reload, until cleared', async () => {
    const rows = syntheticRows(3, { seed: 214, groupTag: 'Sales' });
    useFile(rows);
    pc.preRegister(fabrikam.id, { hardwareHash: rows[1]?.hardwareHash });
    await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: contoso.id, assumeYes: true });
    assert.deepEqual(shownResults(document), [[2, 0, 'upload-rejected']]);
    assert.deepEqual(registeredMarks(document), [1, 3]);

    // Two lines inserted above: every result moves with its row.
    fakeVscode.editLines(document, 1, 1, ['', 'a comment line', document.lineAt(1).text]);
    await settle();
    assert.deepEqual(shownResults(document), [[4, 0, 'upload-rejected']]);
    assert.deepEqual(registeredMarks(document), [3, 5]);
    assert.equal(feature.results.resultsFor(document.uri.toString()).length, 3, 'the per-document API follows too');

    // Partner Center was not sent the Assigned User: a user written into the row keeps its result.
    fakeVscode.editLines(document, 3, 3, [`${document.lineAt(3).text}kim@contoso.example`]);
    await settle();
    assert.deepEqual(registeredMarks(document), [3, 5]);

    // A cell the upload sent is edited: that row's result goes; the row deleted: its result goes.
    fakeVscode.editLines(document, 4, 4, [document.lineAt(4).text.replace(',Sales,', ',Other,')]);
    fakeVscode.editLines(document, 5, 5, []);
    await settle();
    assert.deepEqual(shownResults(document), []);
    assert.deepEqual(registeredMarks(document), [3]);
    assert.match(fakeVscode.codeLenses(document)[0]?.command?.title ?? '', /Contoso: 1 registered$/);

    // Closed and opened again, and after a reload (the commands registered again with the same workspace state).
    const text = document.getText();
    fakeVscode.closeDocument(document);
    assert.deepEqual(feature.results.resultsFor(document.uri.toString()), [], 'nothing shown for a closed file');
    assert.deepEqual(shownResults(document), []);
    for (const subscription of context.subscriptions) subscription.dispose();
    context = fakeVscode.extensionContext();
    register();
    document = fakeVscode.openDocument(document.uri.path, text);
    await settle();
    assert.deepEqual(registeredMarks(document), [3], 'the result is back after reopening');

    await fakeVscode.execute('autopilot.clearUploadResults', document.uri);
    assert.deepEqual(registeredMarks(document), []);
    assert.deepEqual(fakeVscode.codeLenses(document), []);
  });

  it('leaves a slow batch to Partner Center, then "Check Upload Status…" reads it and updates its rows', async () => {
    const rows = syntheticRows(2, { seed: 215, groupTag: 'Slow' });
    useFile(rows);
    pc.preRegister(fabrikam.id, { hardwareHash: rows[1]?.hardwareHash });
    pc.settings.queuedPolls = 1000;
    timing = { ...TIMING, maxJobWaitMs: 3 };
    register();
    let summary: ShownMessage | undefined;
    fakeVscode.ui = {
      answer: (message) => {
        if (/^Upload to Contoso/.test(message.message)) summary = message;
        return undefined;
      },
    };
    try {
      const outcome = (await fakeVscode.execute('autopilot.upload', {
        uri: document.uri,
        customerId: contoso.id,
        assumeYes: true,
      })) as UploadOutcome;
      assert.equal(outcome.counts.pending, 2);
    } finally {
      pc.settings.queuedPolls = 1;
    }
    await settle();
    assert.deepEqual(shownResults(document), [
      [1, 2, 'upload-pending'],
      [2, 2, 'upload-pending'],
    ]);
    assert.match(summary?.message ?? '', /2 still processing .*Partner Center is still processing some devices/);
    assert.ok(summary?.items.includes('Check Upload Status…'));

    const trackingId = pc.jobs.at(-1)?.trackingId ?? '';
    let offered: string[] = [];
    fakeVscode.ui = {
      pick: (shown) => {
        offered = shown.items;
        return shown.items[0];
      },
    };
    const results = (await fakeVscode.execute('autopilot.checkUploadStatus')) as UploadRowResult[];
    assert.match(offered[0] ?? '', /^\$\(sync\) Contoso · batch Slow$/);
    assert.deepEqual(
      results.map((result) => [result.line, result.status, result.trackingId]),
      [
        [1, 'registered', trackingId],
        [2, 'rejected', trackingId],
      ],
    );
    await settle();
    assert.deepEqual(shownResults(document), [[2, 0, 'upload-rejected']]);
    assert.deepEqual(registeredMarks(document), [1]);
    assert.ok(fakeVscode.messages.some((message) => /^Batch "Slow" for Contoso finished: 1 registered, 1 rejected/.test(message.message)));
  });

  it('keeps the results of the batch that ran when a later one fails, and says why the rest was not sent', async () => {
    const rows = [...syntheticRows(1, { groupTag: 'First', seed: 216 }), ...syntheticRows(1, { groupTag: 'Second', seed: 217 })].map(
      (row, index) => ({ ...row, line: index + 1 }),
    );
    useFile(rows);
    pc.addBatch(contoso.id, 'First');
    pc.injectFault({ method: 'POST', path: new RegExp(`${contoso.id}/deviceBatches$`) }, { type: 'status', status: 401 });
    const outcome = (await fakeVscode.execute('autopilot.upload', {
      uri: document.uri,
      customerId: contoso.id,
      assumeYes: true,
    })) as UploadOutcome;
    assert.deepEqual(
      outcome.results.map((result) => result.status),
      ['registered', 'not-sent'],
    );
    assert.deepEqual(shownResults(document), [[2, 1, 'upload-not-sent']]);
    assert.deepEqual(registeredMarks(document), [1]);
    const error = await fakeVscode.nextMessage((message) => message.severity === 'error');
    assert.match(error.message, /did not accept your sign-in \(HTTP 401\)/);
    assert.deepEqual(error.items, ['Sign In Again and Retry']);
  });

  it('runs without any prompt when a script passes the customer, the batch and the answer', async () => {
    useFile(syntheticRows(3, { seed: 206 }), { warnings: 1 });
    fakeVscode.ui = {
      answer: (message) => {
        if (message.modal) throw new Error(`unexpected question: ${message.message}`);
        return undefined;
      },
      quickPickShown: () => {
        throw new Error('unexpected picker');
      },
    };
    const outcome = (await fakeVscode.execute('autopilot.upload', {
      uri: document.uri,
      customerId: contoso.id,
      batchName: 'Scripted-Tag',
      assumeYes: true,
    })) as UploadOutcome;
    assert.equal(outcome.counts.registered, 3, JSON.stringify(outcome.results));
    assert.equal(pc.batch(contoso.id, 'Scripted-Tag')?.devices.length, 3);
  });

  it('offers to sign in again after a 401 and then finishes the upload', async () => {
    useFile(syntheticRows(1, { seed: 207, groupTag: 'Sales' }));
    accessToken = mintAccessToken({ tenantId: pc.settings.partnerTenantId, lifetimeSeconds: -60 });
    fakeVscode.ui = { answer: (message) => (message.items.includes('Sign In Again and Retry') ? 'Sign In Again and Retry' : undefined) };
    await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: contoso.id, assumeYes: true });
    assert.match(fakeVscode.messages[0]?.message ?? '', /did not accept your sign-in \(HTTP 401\)/);
    assert.equal(signIns, 1, JSON.stringify(fakeVscode.messages));
    await fakeVscode.nextMessage((message) => /^Upload to /.test(message.message));
    assert.equal(pc.batch(contoso.id, 'Sales')?.devices.length, 1);
  });

  it('refuses to upload from an untrusted workspace', async () => {
    useFile(syntheticRows(1, { seed: 209, groupTag: 'Sales' }));
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
    useFile(syntheticRows(1, { seed: 208, groupTag: 'Sales' }));
    await fakeVscode.execute('autopilot.upload', { uri: document.uri, customerId: randomUUID(), assumeYes: true });
    const error = fakeVscode.messages.find((message) => message.severity === 'error');
    assert.match(error?.message ?? '', /no relationship with customer .*Admin agent or Sales agent.*indirect reseller/s);
  });
});
