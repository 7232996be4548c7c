// "Upload to Partner Center" end to end, in the real editor: sign-in with a device code against a LOCAL identity
// provider (real msal-node, real https), the customer picked in the command's QuickPick, the devices sent to a
// LOCAL Partner Center, and each device's result shown on its row. Both doubles (test/doubles) run here, inside the
// extension host, on 127.0.0.1; the runner made the identity provider's certificate before the host started and
// made Node trust it through NODE_EXTRA_CA_CERTS (test/e2e/testCertificate.ts).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { UploadOutcome } from '../../../server/src/cloud/uploadEngine';
import { FakeIdentityProvider } from '../../doubles/fakeIdentityProvider';
import { FakePartnerCenter, type FakeCustomer } from '../../doubles/fakePartnerCenter';
import { readTestCertificate } from '../testCertificate';
import { activateExtension, diagnosticCode, fixtureUri, openFixture, SOURCE, waitForDiagnostics } from './helpers';

/** upload.csv: four devices, all tagged with this group tag (so they go in one batch of that name). */
const GROUP_TAG = 'Sales-Berlin';
const SETTINGS = ['signIn.clientId', 'signIn.authority', 'signIn.useDeviceCode', 'partnerCenter.endpoint'] as const;

/** Rejects as soon as the upload command ends, so a step waiting for the next request fails fast instead of hanging. */
function beforeUploadEnds<T>(step: Promise<T>, upload: Thenable<unknown>, what: string): Promise<T> {
  return Promise.race([
    step,
    Promise.resolve(upload).then((outcome) => {
      throw new Error(
        `the upload command ended (${JSON.stringify(outcome) ?? 'undefined'}) while waiting for ${what}: see the Autopilot CSV log`,
      );
    }),
  ]);
}

describe('upload to Partner Center', () => {
  let idp: FakeIdentityProvider;
  let pc: FakePartnerCenter;
  const contoso: FakeCustomer = { id: randomUUID(), name: 'Contoso', domain: 'contoso.example' };
  const fabrikam: FakeCustomer = { id: randomUUID(), name: 'Fabrikam', domain: 'fabrikam.example' };
  const northwind: FakeCustomer = { id: randomUUID(), name: 'Northwind', domain: 'northwind.example' };
  const config = () => vscode.workspace.getConfiguration('autopilot');

  before(async () => {
    const certificate = readTestCertificate();
    if (!certificate) {
      throw new Error(
        'no certificate for the local identity provider: run the suite through test/e2e/codeServer.mjs or test/e2e/runVsCode.ts, ' +
          'which make one and set NODE_EXTRA_CA_CERTS before the editor starts',
      );
    }
    const partnerTenantId = randomUUID();
    idp = await FakeIdentityProvider.start({ tenantId: partnerTenantId }, { certificate });
    // Batch jobs finish on the first status read: the extension waits its fixed 5 s before each read.
    pc = await FakePartnerCenter.start({ partnerTenantId, queuedPolls: 0, processingPolls: 0 }, [northwind, fabrikam, contoso]);
    // The settings a partner enters (application scope: user settings), taken back in after().
    await config().update('signIn.clientId', idp.settings.clientId, vscode.ConfigurationTarget.Global);
    await config().update('signIn.authority', idp.authority, vscode.ConfigurationTarget.Global);
    await config().update('partnerCenter.endpoint', pc.baseUrl, vscode.ConfigurationTarget.Global);
    // A device code rather than a browser tab: code-server would open the sign-in page in a new browser tab.
    await config().update('signIn.useDeviceCode', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('autopilot.signOut').then(undefined, () => undefined);
    for (const setting of SETTINGS) await config().update(setting, undefined, vscode.ConfigurationTarget.Global);
    await idp?.stop();
    await pc?.stop();
  });

  it('signs in with a device code, uploads to the customer picked in the list, and shows each device result on its row', async () => {
    const uri = fixtureUri('upload.csv');
    const editor = await openFixture('upload.csv');
    // Line 1 is the header; the text ends with a line ending, so the last line is empty.
    const serials = Array.from({ length: editor.document.lineCount - 1 }, (_, i) => editor.document.lineAt(i + 1).text)
      .filter((line) => line !== '')
      .map((line) => line.split(',')[0] ?? '');
    assert.equal(serials.length, 4, 'upload.csv has four devices');
    const [, otherTenants, alreadyOurs] = serials;
    // Deterministic verdicts: line 3's device belongs to another customer (808); line 4's Contoso registered outside
    // Partner Center, as through Intune (806: not added to the batch, so its group tag is not applied).
    pc.preRegister(fabrikam.id, { serialNumber: otherTenants });
    pc.preRegister(contoso.id, { serialNumber: alreadyOurs });

    // As from the editor's title bar, every choice is the user's; only the confirmation (a modal dialog, which a test
    // inside the extension host cannot click: test/e2e/uploadCheck.mjs answers it with the keyboard) is answered.
    const upload = vscode.commands.executeCommand<UploadOutcome | undefined>('autopilot.upload', { assumeYes: true });

    // The user enters the device code on the sign-in page: the identity provider approves it once it was handed out.
    await beforeUploadEnds(
      idp.waitUntil(() => idp.requests.some((request) => request.path.endsWith('/oauth2/v2.0/devicecode'))),
      upload,
      'the device code request',
    );
    idp.approveDeviceCode();

    // The customer picker opens while Partner Center lists the customers, sorted by name, with none pre-selected: the
    // first Down key focuses Contoso. VS Code has no event that tells a test when another extension's QuickPick
    // received its items, and keys racing their arrival would act on an empty list: the upload command ignores Enter
    // while no customer is selected, so Down and Enter are pressed again, briefly apart and within a deadline, until
    // the upload goes on to the customer's device batches.
    await beforeUploadEnds(
      pc.waitForRequest((request) => request.method === 'GET' && request.path === '/v1/customers'),
      upload,
      'the customer list',
    );
    const toCustomer = pc.waitForRequest((request) => /^\/v1\/customers\/[^/]+\/deviceBatches$/i.test(request.path));
    const deadline = Date.now() + 20_000;
    for (let accepted = false; !accepted;) {
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      accepted = await beforeUploadEnds(
        Promise.race([toCustomer.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100))]),
        upload,
        'the customer to be picked',
      );
      if (!accepted && Date.now() > deadline) throw new Error('the customer picker did not accept the first customer within 20 s');
    }
    const chosen = await toCustomer;
    assert.equal(chosen.path, `/v1/customers/${contoso.id}/deviceBatches`, 'the upload went to the customer picked in the list');

    const outcome = await upload;
    assert.ok(outcome, 'the upload command returned its outcome');
    assert.deepEqual(outcome.counts, {
      total: 4,
      registered: 2,
      alreadyRegistered: 0,
      tagNotApplied: 1,
      rejected: 1,
      pending: 0,
      notSent: 0,
      unknown: 0,
    });

    // Partner Center received one batch, named after the file's group tag, with all four devices of the file.
    const created = pc.requestsTo('POST', /\/deviceBatches$/);
    assert.equal(created.length, 1, 'one batch was created');
    assert.equal(created[0]?.path, `/v1/customers/${contoso.id}/deviceBatches`);
    const body = created[0]?.body as { BatchId?: string; Devices?: Array<{ SerialNumber?: string; HardwareHash?: string }> } | undefined;
    assert.equal(body?.BatchId, GROUP_TAG);
    assert.deepEqual(
      body?.Devices?.map((device) => device.SerialNumber),
      serials,
    );
    assert.ok(
      body?.Devices?.every((device) => (device.HardwareHash ?? '').length > 1000),
      'each device was sent with its hardware hash',
    );
    assert.deepEqual(
      pc.batch(contoso.id, GROUP_TAG)?.devices.map((device) => device.serialNumber),
      [serials[0], serials[3]],
    );
    assert.equal(pc.batches.filter((batch) => batch.customerId !== contoso.id).length, 0, 'nothing went to the other customers');

    // The results on the rows: 808 on line 3, 806 on line 4, no problem on the devices Partner Center registered.
    const isUploadResult = (d: vscode.Diagnostic) => /^upload-/.test(diagnosticCode(d) ?? '');
    const diagnostics = (await waitForDiagnostics(uri, (all) => all.filter(isUploadResult).length === 2)).filter(isUploadResult);
    const byLine = new Map(diagnostics.map((d) => [d.range.start.line, d]));
    const rejected = byLine.get(2);
    assert.equal(rejected && diagnosticCode(rejected), 'upload-rejected');
    assert.equal(rejected?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(rejected?.message ?? '', /\b808\b/);
    const elsewhere = byLine.get(3);
    assert.equal(elsewhere && diagnosticCode(elsewhere), 'upload-tag-not-applied');
    assert.equal(elsewhere?.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(elsewhere?.message ?? '', /\b806\b.*its group tag is not "Sales-Berlin"/);
    for (const d of diagnostics) {
      assert.equal(d.source, SOURCE);
      assert.deepEqual(
        [d.range.start.character, d.range.end.character],
        [0, editor.document.lineAt(d.range.start.line).text.length],
        'the whole row',
      );
    }
    assert.deepEqual([...byLine.keys()].sort(), [2, 3], 'no upload problem on the registered devices (lines 2 and 5)');

    // The extension's API gives the device table every row's result, registered ones included.
    const api = (await activateExtension()).exports as {
      uploadResults: { resultsFor(uri: string): Array<{ line: number; result: { status: string } }> };
    };
    assert.deepEqual(
      api.uploadResults.resultsFor(uri.toString()).map((row) => [row.line, row.result.status]),
      [
        [1, 'registered'],
        [2, 'rejected'],
        [3, 'tag-not-applied'],
        [4, 'registered'],
      ],
    );
    await vscode.commands.executeCommand('autopilot.clearUploadResults', uri);
    await waitForDiagnostics(uri, (all) => !all.some(isUploadResult));
  });
});
