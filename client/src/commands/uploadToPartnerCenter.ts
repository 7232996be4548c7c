// "Autopilot CSV: Upload to Partner Center": check the file, pick a customer, upload one batch per
// group tag, and show each device's result on its row. The upload itself is ../upload/uploadEngine.ts.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { SignInError } from '../../../server/src/cloud/signIn';
import {
  normalizePartnerCenterEndpoint,
  PartnerCenterClient,
  PartnerCenterError,
  type Customer,
  type PartnerCenterTiming,
} from '../../../server/src/cloud/partnerCenterClient';
import {
  adviceFor,
  AUTOPILOT_IMPORT_ERRORS_DOC,
  DEFAULT_BATCH_NAME,
  planBatches,
  renderReport,
  summarizeCounts,
  uploadRows,
  type UploadOutcome,
  type UploadRow,
} from '../../../server/src/cloud/uploadEngine';
import { reportSignInError, requireTrustedWorkspace, type PartnerCenterAuth } from './signInCommands';
import { completeWalkthroughStep } from '../walkthroughSteps';

const RECENT_CUSTOMERS_KEY = 'autopilot.upload.recentCustomers';
const RECENT_CUSTOMERS_KEPT = 5;

/** What the language server validated of the document (serverDeviceRows.ts). */
export interface UploadValidation {
  errors: number;
  warnings: number;
  rows: UploadRow[];
  /** The detected format, `unknown` when the document is not an Autopilot CSV file. */
  format: string;
}

export interface UploadCommandDeps {
  log: vscode.LogOutputChannel;
  validate: (document: vscode.TextDocument) => Promise<UploadValidation>;
  auth: PartnerCenterAuth;
  /** For tests: poll and back off in milliseconds. */
  timing?: Partial<PartnerCenterTiming>;
  /** The file to upload when the command names none (the walkthrough's button); else the active editor's. */
  pickDocument?: () => Promise<vscode.TextDocument | undefined>;
}

/** Arguments for scripted runs (end-to-end tests); without them every choice is asked in the UI. */
export interface UploadCommandArgs {
  uri?: string | vscode.Uri;
  customerId?: string;
  /** Batch (group tag) for rows without a tag. */
  batchName?: string;
  /** Answer "yes" to "upload despite warnings" and "one batch per tag". */
  assumeYes?: boolean;
}

interface CustomerItem extends vscode.QuickPickItem {
  customer?: Customer;
}

export function registerUploadCommand(context: vscode.ExtensionContext, deps: UploadCommandDeps): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('autopilot-csv-upload');
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
    vscode.commands.registerCommand('autopilot.upload', async (arg?: UploadCommandArgs | vscode.Uri) => {
      // From the editor title menu VS Code passes the file's URI; scripted runs pass an object.
      const args: UploadCommandArgs = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
      try {
        return await runUploadCommand(context, deps, diagnostics, args);
      } catch (error) {
        await reportUploadError(error, deps, args);
        return undefined;
      }
    }),
  );
}

async function runUploadCommand(
  context: vscode.ExtensionContext,
  deps: UploadCommandDeps,
  diagnostics: vscode.DiagnosticCollection,
  args: UploadCommandArgs,
): Promise<UploadOutcome | undefined> {
  if (!(await requireTrustedWorkspace())) return undefined;
  const document = await documentToUpload(args, deps);
  if (!document) {
    // The picker told the user already.
    if (!deps.pickDocument) void vscode.window.showErrorMessage('Open an Autopilot CSV file to upload it to Partner Center.');
    return undefined;
  }
  const fileName = path.basename(document.uri.path);

  const validation = await deps.validate(document);
  if (validation.format === 'unknown') {
    void vscode.window.showErrorMessage(`${fileName} is not an Autopilot CSV file: its first row names no Autopilot format's columns.`);
    return undefined;
  }
  if (validation.errors > 0) {
    const showProblems = 'Show Problems';
    const choice = await vscode.window.showErrorMessage(
      `${fileName} has ${plural(validation.errors, 'error')} that Partner Center would reject. Fix them before uploading.`,
      showProblems,
    );
    if (choice === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }
  if (validation.rows.length === 0) {
    void vscode.window.showWarningMessage(`${fileName} has no device rows to upload.`);
    return undefined;
  }
  if (validation.warnings > 0 && !args.assumeYes) {
    const uploadAnyway = 'Upload Anyway';
    const choice = await vscode.window.showWarningMessage(
      `${fileName} has ${plural(validation.warnings, 'warning')}. Upload anyway?`,
      {
        modal: true,
        detail: 'Warnings point at values Partner Center may accept but that are likely wrong (for example an unknown group tag).',
      },
      uploadAnyway,
    );
    if (choice !== uploadAnyway) return undefined;
  }

  const endpoint = normalizePartnerCenterEndpoint(deps.auth.endpoint());
  // Sign in first, so a browser or device-code prompt does not interrupt the customer list.
  await deps.auth.getAccessToken({ interactiveFallback: true });
  const client = new PartnerCenterClient({
    baseUrl: endpoint,
    getAccessToken: () => deps.auth.getAccessToken({ interactiveFallback: true }),
    timing: deps.timing,
    logger: { info: (m) => deps.log.info(m), warn: (m) => deps.log.warn(m), error: (m) => deps.log.error(m) },
  });

  const customer = args.customerId ? { id: args.customerId, label: args.customerId } : await pickCustomer(context, client);
  if (!customer) return undefined;

  const defaultBatchName = await chooseBatchName(validation.rows, args);
  if (defaultBatchName === undefined) return undefined;
  const plan = planBatches(validation.rows, defaultBatchName);
  if (plan.length > 1 && !args.assumeYes) {
    const upload = `Upload ${plan.length} Batches`;
    const choice = await vscode.window.showInformationMessage(
      `${fileName} has ${plan.length} group tags. Partner Center takes one batch name per upload, so the devices go in one batch per tag.`,
      { modal: true, detail: plan.map((batch) => `${batch.name}: ${plural(batch.rows.length, 'device')}`).join('\n') },
      upload,
    );
    if (choice !== upload) return undefined;
  }

  diagnostics.delete(document.uri);
  deps.log.info(`Uploading ${plural(validation.rows.length, 'device')} from ${fileName} to customer ${customer.id}.`);
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Uploading ${plural(validation.rows.length, 'device')} to ${customer.label}`,
      cancellable: true,
    },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      return uploadRows(validation.rows, {
        client,
        customerId: customer.id,
        defaultBatchName,
        signal: controller.signal,
        logger: { info: (m) => deps.log.info(m), warn: (m) => deps.log.warn(m), error: (m) => deps.log.error(m) },
        onProgress: (message, fraction) => {
          progress.report({ message, increment: Math.max(0, (fraction - reported) * 100) });
          reported = Math.max(reported, fraction);
        },
      });
    },
  );

  diagnostics.set(document.uri, toDiagnostics(document, outcome));
  for (const warning of outcome.warnings) {
    deps.log.warn(warning);
    void vscode.window.showWarningMessage(warning);
  }
  deps.log.info(`Upload to ${customer.label} finished: ${summarizeCounts(outcome.counts)}.`);
  if (outcome.counts.registered + outcome.counts.alreadyRegistered > 0) completeWalkthroughStep('uploaded');
  // Not awaited: the command returns its outcome while the summary stays on screen.
  void showSummary(document, customer.label, outcome);
  return outcome;
}

async function documentToUpload(args: UploadCommandArgs, deps: UploadCommandDeps): Promise<vscode.TextDocument | undefined> {
  if (args.uri) {
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    return await vscode.workspace.openTextDocument(uri);
  }
  return deps.pickDocument ? await deps.pickDocument() : vscode.window.activeTextEditor?.document;
}

/** The batch name for rows without a group tag; undefined when the user cancelled. */
async function chooseBatchName(rows: readonly UploadRow[], args: UploadCommandArgs): Promise<string | undefined> {
  if (args.batchName) return args.batchName;
  if (rows.every((row) => row.groupTag.trim() !== '')) return DEFAULT_BATCH_NAME; // unused: every row names its batch
  if (args.assumeYes) return DEFAULT_BATCH_NAME;
  return await vscode.window
    .showInputBox({
      title: 'Partner Center batch name',
      prompt: "The batch name becomes the devices' Autopilot group tag; Microsoft Managed Desktop expects Microsoft365Managed_Autopilot.",
      value: DEFAULT_BATCH_NAME,
      ignoreFocusOut: true,
      validateInput: (value) => {
        const name = value.trim();
        if (!name) return 'Enter a batch name.';
        if (name.length > 512) return 'A group tag has at most 512 characters.';
        if (/[,"\u0000-\u001f]/.test(name)) return 'A group tag cannot contain commas, quotes or control characters.';
        return undefined;
      },
    })
    .then((value) => value?.trim());
}

async function pickCustomer(
  context: vscode.ExtensionContext,
  client: PartnerCenterClient,
): Promise<{ id: string; label: string } | undefined> {
  const quickPick = vscode.window.createQuickPick<CustomerItem>();
  quickPick.title = 'Upload to which Partner Center customer?';
  quickPick.placeholder = 'Search by name, domain or tenant id';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.ignoreFocusOut = true;
  quickPick.busy = true;
  const loading = new AbortController();
  const picked = new Promise<Customer | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      const customer = quickPick.selectedItems[0]?.customer;
      // Enter while the list is still loading, or on a filter that matches no customer, selects nothing: keep the
      // picker open rather than silently dropping the upload (Escape cancels).
      if (!customer) return;
      resolve(customer);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      loading.abort();
      resolve(undefined);
    });
  });
  quickPick.show();
  try {
    const customers = await client.listCustomers(loading.signal);
    const recent = context.globalState.get<string[]>(RECENT_CUSTOMERS_KEY, []);
    quickPick.items = customerItems(customers, recent);
    quickPick.busy = false;
    if (customers.length === 0) quickPick.placeholder = 'Partner Center lists no customers for your account';
  } catch (error) {
    quickPick.dispose();
    if (error instanceof PartnerCenterError && error.kind === 'cancelled') return undefined;
    throw error;
  }
  const customer = await picked;
  quickPick.dispose();
  if (!customer) return undefined;
  const recent = context.globalState.get<string[]>(RECENT_CUSTOMERS_KEY, []).filter((id) => id !== customer.id);
  await context.globalState.update(RECENT_CUSTOMERS_KEY, [customer.id, ...recent].slice(0, RECENT_CUSTOMERS_KEPT));
  return { id: customer.id, label: customer.name };
}

function customerItems(customers: readonly Customer[], recentIds: readonly string[]): CustomerItem[] {
  const toItem = (customer: Customer): CustomerItem => ({
    label: customer.name,
    description: customer.domain,
    detail: customer.tenantId,
    customer,
  });
  const recent = recentIds.flatMap((id) => customers.filter((customer) => customer.id === id));
  const others = customers.filter((customer) => !recentIds.includes(customer.id)).sort((a, b) => a.name.localeCompare(b.name));
  if (recent.length === 0) return others.map(toItem);
  return [
    { label: 'recently used', kind: vscode.QuickPickItemKind.Separator },
    ...recent.map(toItem),
    { label: 'all customers', kind: vscode.QuickPickItemKind.Separator },
    ...others.map(toItem),
  ];
}

function toDiagnostics(document: vscode.TextDocument, outcome: UploadOutcome): vscode.Diagnostic[] {
  const found: vscode.Diagnostic[] = [];
  for (const result of outcome.results) {
    if (result.status !== 'rejected' && result.status !== 'already-registered') continue;
    if (result.line >= document.lineCount) continue;
    const range = document.lineAt(result.line).range;
    const error = [result.errorCode, result.errorDescription].filter(Boolean).join(' ');
    const diagnostic =
      result.status === 'rejected'
        ? new vscode.Diagnostic(
            range,
            `Partner Center rejected this device${error ? `: ${error}` : ''}. ${error ? adviceFor(result.errorCode, result.errorDescription) : ''}`.trim(),
            vscode.DiagnosticSeverity.Error,
          )
        : new vscode.Diagnostic(
            range,
            `Already registered to this customer${error ? ` (${error})` : ''}: nothing to do.`,
            vscode.DiagnosticSeverity.Information,
          );
    diagnostic.source = 'autopilot-csv';
    diagnostic.code = {
      value: result.status === 'rejected' ? 'upload-rejected' : 'upload-already-registered',
      target: vscode.Uri.parse(AUTOPILOT_IMPORT_ERRORS_DOC),
    };
    found.push(diagnostic);
  }
  return found;
}

async function showSummary(document: vscode.TextDocument, customerLabel: string, outcome: UploadOutcome): Promise<void> {
  const saveReport = 'Save Report';
  const showProblems = 'Show Problems';
  const text = `Upload to ${customerLabel}: ${summarizeCounts(outcome.counts)}.`;
  const choice =
    outcome.counts.rejected > 0 || outcome.counts.unknown > 0
      ? await vscode.window.showWarningMessage(text, showProblems, saveReport)
      : await vscode.window.showInformationMessage(text, saveReport);
  if (choice === showProblems) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  } else if (choice === saveReport) {
    const base = document.uri.path.replace(/\.csv$/i, '');
    const target = await vscode.window.showSaveDialog({
      defaultUri: document.uri.with({ path: `${base}-upload-report.csv` }),
      filters: { 'CSV files': ['csv'] },
      saveLabel: 'Save Report',
    });
    if (target) await vscode.workspace.fs.writeFile(target, Buffer.from(renderReport(outcome.results), 'utf8'));
  }
}

async function reportUploadError(error: unknown, deps: UploadCommandDeps, args: UploadCommandArgs): Promise<void> {
  if (error instanceof SignInError) {
    await reportSignInError(error, deps.log);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof PartnerCenterError)) {
    deps.log.error(`Upload failed: ${message}`);
    void vscode.window.showErrorMessage(`Upload failed: ${message}`);
    return;
  }
  if (error.kind === 'cancelled') {
    deps.log.info(message);
    void vscode.window.showInformationMessage(message);
    return;
  }
  deps.log.error(message);
  if (error.kind === 'sign-in-required' || error.kind === 'mfa-required') {
    const retry = error.kind === 'mfa-required' ? 'Sign In with MFA and Retry' : 'Sign In and Retry';
    if ((await vscode.window.showErrorMessage(message, retry)) === retry) {
      const account = await deps.auth.signIn({ requireMfa: error.kind === 'mfa-required' });
      if (account) await vscode.commands.executeCommand('autopilot.upload', args);
    }
    return;
  }
  if (error.kind === 'configuration') {
    const openSettings = 'Open Settings';
    if ((await vscode.window.showErrorMessage(message, openSettings)) === openSettings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'autopilot.partnerCenter.endpoint');
    }
    return;
  }
  void vscode.window.showErrorMessage(message);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
