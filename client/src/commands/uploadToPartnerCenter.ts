// "Autopilot CSV: Upload to Partner Center": check the file (offering Fix All when that repairs every error), pick a
// customer (none pre-selected), read what the customer already has, choose the batch name of untagged rows, confirm,
// upload one batch per group tag, and keep each device's result on its row (upload/uploadResultsView.ts). Also
// "Check Upload Status…", "Clear Upload Results" and the report. The upload itself is cloud/uploadEngine.ts.

import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { SignInError } from '../../../server/src/cloud/signIn';
import { GraphClient, INTUNE_SERVICE } from '../../../server/src/cloud/graphClient';
import { readIntuneResults } from '../../../server/src/cloud/intuneImport';
import { ServiceError } from '../../../server/src/cloud/serviceHttp';
import {
  normalizePartnerCenterEndpoint,
  PartnerCenterClient,
  PartnerCenterError,
  type Customer,
  type PartnerCenterTiming,
  type UploadLogger,
} from '../../../server/src/cloud/partnerCenterClient';
import {
  alreadyRegisteredResult,
  countResults,
  everyDeviceDone,
  matchDeviceStatuses,
  planBatches,
  preUploadNotices,
  readCustomerInventory,
  registeredBatchOf,
  summarizeCounts,
  untaggedRows,
  uploadRows,
  type UploadOutcome,
  type UploadRow,
  type UploadRowResult,
} from '../../../server/src/cloud/uploadEngine';
import { describeResult, renderReport, type UploadDestination } from '../../../server/src/cloud/uploadReport';
import { inEnglish, localeFromTag } from '../../../server/src/core/locale';
import { pluralize } from '../../../server/src/core/text';
import type { DeviceRowsRequest } from '../../../server/src/protocol/extensionProtocol';
import { pickBatchName } from '../upload/batchNamePicker';
import { CustomerBatches } from '../upload/customerBatches';
import { confirmUpload } from '../upload/uploadConfirmation';
import { UploadResultsStore, type StoredUpload } from '../upload/uploadResultsStore';
import { UploadResultsView } from '../upload/uploadResultsView';
import { reportSignInError, requireTrustedWorkspace, type IntuneAuth, type PartnerCenterAuth } from './signInCommands';
import { completeWalkthroughStep } from '../walkthroughSteps';

const RECENT_CUSTOMERS_KEY = 'autopilot.upload.recentCustomers';
const RECENT_CUSTOMERS_KEPT = 5;
const PARTNER_CENTER = 'Partner Center';

/** What the language server validated of the document (serverDeviceRows.ts). */
export interface UploadValidation {
  errors: number;
  warnings: number;
  /** Errors Fix All repairs. */
  fixableErrors: number;
  warningList: DeviceRowsRequest.NamedFinding[];
  rows: UploadRow[];
  /** The detected format, `unknown` when the document is not an Autopilot CSV file. */
  format: string;
}

export interface UploadCommandDeps {
  log: vscode.LogOutputChannel;
  validate: (document: vscode.TextDocument) => Promise<UploadValidation>;
  auth: PartnerCenterAuth;
  /** Sign-in to customer tenants, for "Check Upload Status…" of Intune imports. */
  intuneAuth?: IntuneAuth;
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
  /** Answer "yes" to the confirmation. */
  assumeYes?: boolean;
}

/** What the upload feature offers the rest of the extension. */
export interface UploadFeature {
  /** Results per open document (for the device table): `resultsFor(uri)`, `onDidChangeResults`. */
  results: UploadResultsView;
  store: UploadResultsStore;
  /** Each folder's chosen customer and its batch names (known group tags): `batchNamesFor(folder)`, `onDidChange`. */
  customerBatches: CustomerBatches;
}

interface CustomerItem extends vscode.QuickPickItem {
  customer?: Customer;
}

/** Where the current progress notification shows news (long waits); replaced per progress. */
export interface ProgressNews {
  say: (message: string) => void;
}

interface Session extends ProgressNews {
  client: PartnerCenterClient;
}

export function registerUploadCommand(context: vscode.ExtensionContext, deps: UploadCommandDeps): UploadFeature {
  const store = new UploadResultsStore(context.workspaceState);
  const results = new UploadResultsView(store);
  const customerBatches = new CustomerBatches(context.workspaceState, context.globalState);
  const feature: UploadFeature = { results, store, customerBatches };
  context.subscriptions.push(
    results,
    vscode.commands.registerCommand('autopilot.upload', async (arg?: UploadCommandArgs | vscode.Uri) => {
      // From the editor title menu VS Code passes the file's URI; scripted runs pass an object.
      const args: UploadCommandArgs = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
      try {
        return await runUploadCommand(context, deps, feature, args);
      } catch (error) {
        await reportUploadError(error, deps, 'autopilot.upload', args);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('autopilot.checkUploadStatus', async (arg?: { trackingId?: string }) => {
      try {
        return await checkUploadStatus(deps, feature, arg?.trackingId);
      } catch (error) {
        await reportUploadError(error, deps, 'autopilot.checkUploadStatus', arg);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('autopilot.clearUploadResults', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target || !(await store.dismiss(target.toString()))) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This file shows no upload results.'));
      }
    }),
    vscode.commands.registerCommand('autopilot.saveUploadReport', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      const upload = target ? store.forFile(target.toString()) : undefined;
      if (!upload) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This file shows no upload results to report.'));
        return;
      }
      await saveReport(upload);
    }),
    vscode.commands.registerCommand('autopilot.uploadResultActions', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      const upload = target ? store.forFile(target.toString()) : undefined;
      if (!target || !upload) return;
      const pending = upload.batches.some((batch) => batch.jobs.some((job) => !job.final));
      const save = vscode.l10n.t('Save Report…');
      const check = vscode.l10n.t('Check Upload Status…');
      // The header's upload lenses give way to the results' lens: uploading the file again starts here too.
      const again = vscode.l10n.t('Upload Again…');
      const clear = vscode.l10n.t('Clear Upload Results');
      const choice = await vscode.window.showQuickPick([save, ...(pending ? [check] : []), again, clear], {
        title: vscode.l10n.t('Upload to {0}, {1}', upload.destination.customerName, new Date(upload.uploadedAt).toLocaleString()),
      });
      if (choice === save) await saveReport(upload);
      else if (choice === check) await vscode.commands.executeCommand('autopilot.checkUploadStatus');
      else if (choice === again)
        await vscode.commands.executeCommand(
          upload.destination.service === INTUNE_SERVICE ? 'autopilot.uploadToIntune' : 'autopilot.upload',
          { uri: target },
        );
      else if (choice === clear) await store.dismiss(target.toString());
    }),
  );
  return feature;
}

async function runUploadCommand(
  context: vscode.ExtensionContext,
  deps: UploadCommandDeps,
  feature: UploadFeature,
  args: UploadCommandArgs,
): Promise<UploadOutcome | undefined> {
  if (!(await requireTrustedWorkspace())) return undefined;
  const document = await documentToUpload(args, deps);
  if (!document) {
    // The picker told the user already.
    if (!deps.pickDocument)
      void vscode.window.showErrorMessage(vscode.l10n.t('Open an Autopilot CSV file to upload it to Partner Center.'));
    return undefined;
  }
  const fileName = path.basename(document.uri.path);
  const validation = await checkedValidation(document, fileName, deps);
  if (!validation) return undefined;

  const endpoint = normalizePartnerCenterEndpoint(deps.auth.endpoint());
  // Sign in first, so a browser or device-code prompt does not interrupt the customer list.
  await deps.auth.getAccessToken({ interactiveFallback: true });
  const session = newSession(deps, endpoint);
  const { client } = session;

  const customer = args.customerId ? await customerById(client, args.customerId) : await pickCustomer(context, client);
  if (!customer) return undefined;
  const destination: UploadDestination = {
    service: PARTNER_CENTER,
    customerName: customer.name,
    tenantId: customer.tenantId,
    domain: customer.domain || undefined,
  };

  const reading = vscode.l10n.t("Reading {0}'s devices in Partner Center…", customer.name);
  const inventory = await withCancellableProgress(session, reading, (signal, report) =>
    readCustomerInventory(client, customer.id, { signal, onProgress: report }),
  );
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.toString() ?? document.uri.toString();
  await feature.customerBatches.remember(folder, {
    customerId: customer.id,
    customerName: customer.name,
    batchNames: inventory.batches.map((batch) => batch.id),
    readAt: new Date().toISOString(),
  });

  const registered = validation.rows.filter((row) => registeredBatchOf(inventory, row) !== undefined);
  const toSend = validation.rows.filter((row) => registeredBatchOf(inventory, row) === undefined);
  const knownResults = (batchName: string | undefined): UploadRowResult[] =>
    registered.flatMap((row) => alreadyRegisteredResult(inventory, row, batchName) ?? []);
  const account = await deps.auth.account().catch(() => undefined);
  const preview = (batchName: string | undefined): StoredUpload => ({
    id: randomUUID(),
    destination,
    customerId: customer.id,
    account,
    uploadedAt: new Date().toISOString(),
    fileUri: document.uri.toString(),
    fileName,
    batches: [],
    results: knownResults(batchName),
  });
  if (registered.length > 0) feature.results.preview(preview(args.batchName));

  try {
    let batchName = args.batchName;
    const untagged = untaggedRows(toSend);
    if (untagged.length > 0 && !batchName) {
      batchName = await pickBatchName({
        customerName: customer.name,
        untagged: untagged.length,
        existing: inventory.batches,
        recent: feature.customerBatches.recentNames(),
      });
      if (!batchName) return undefined;
      if (registered.length > 0) feature.results.preview(preview(batchName));
    }

    if (toSend.length > 0 && !args.assumeYes) {
      const plan = planBatches(toSend, batchName);
      const confirmed = await confirmUpload({
        destination,
        fileName,
        sending: toSend.length,
        batches: plan.map((batch) => ({
          name: batch.name,
          devices: batch.rows.length,
          exists: inventory.batches.some((existing) => existing.id.toLowerCase() === batch.name.toLowerCase()),
        })),
        alreadyRegistered: knownResults(batchName).map((result) => ({
          line: result.line,
          batch: result.existingBatch ?? '',
          sameBatch: result.status === 'already-registered',
        })),
        inventoryComplete: inventory.complete,
        warnings: validation.warnings,
        warningList: validation.warningList,
        notices: preUploadNotices(toSend),
      });
      if (!confirmed) return undefined;
    }
    if (batchName && untagged.length > 0) await feature.customerBatches.rememberName(batchName);

    deps.log.info(`Uploading ${pluralize(toSend.length, 'device')} from ${fileName} to ${customer.name} (tenant ${customer.tenantId}).`);
    for (const notice of inLogLanguage(() => preUploadNotices(toSend))) deps.log.warn(notice);
    const uploadedAt = new Date();
    const outcome = await withCancellableProgress(
      session,
      toSend.length === 1
        ? vscode.l10n.t('Uploading 1 device to {0}', customer.name)
        : vscode.l10n.t('Uploading {0} devices to {1}', toSend.length, customer.name),
      (signal, report) =>
        uploadRows(validation.rows, {
          client,
          customerId: customer.id,
          defaultBatchName: batchName,
          inventory,
          signal,
          logger: logger(deps.log),
          onProgress: report,
        }),
      true,
    );

    const stored: StoredUpload = {
      ...preview(batchName),
      uploadedAt: uploadedAt.toISOString(),
      ...keptOfOutcome(outcome),
    };
    await feature.store.add(stored);
    logOutcome(deps.log, stored, outcome);
    for (const warning of outcome.warnings) void vscode.window.showWarningMessage(warning);
    if (outcome.counts.registered + outcome.counts.alreadyRegistered > 0) completeWalkthroughStep('uploaded');
    // Not awaited: the command returns its outcome while the summary stays on screen.
    void showSummary(stored, outcome, deps.log);
    // The results of what was sent are on the rows; the reason the rest was not is said (with its remedy) too.
    if (outcome.stopped) void reportUploadError(outcome.stopped.error, deps, 'autopilot.upload', args);
    return outcome;
  } finally {
    feature.results.clearPreview(document.uri.toString());
  }
}

/** The validation to upload from, after blocking errors were dealt with; undefined stops the upload. */
export async function checkedValidation(
  document: vscode.TextDocument,
  fileName: string,
  deps: Pick<UploadCommandDeps, 'validate'>,
  service = PARTNER_CENTER,
): Promise<UploadValidation | undefined> {
  let validation = await deps.validate(document);
  if (validation.format === 'unknown') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t("{0} is not an Autopilot CSV file: its first row names no Autopilot format's columns.", fileName),
    );
    return undefined;
  }
  if (validation.errors > 0) {
    const fixAll = vscode.l10n.t('Fix All and Continue');
    const showProblems = vscode.l10n.t('Show Problems');
    const allFixable = validation.fixableErrors >= validation.errors;
    const rejected =
      validation.errors === 1
        ? vscode.l10n.t('{0} has 1 error that {1} would reject.', fileName, service)
        : vscode.l10n.t('{0} has {1} errors that {2} would reject.', fileName, validation.errors, service);
    const remedy = allFixable
      ? vscode.l10n.t('Fix All repairs every one of them (an edit you can undo).')
      : vscode.l10n.t('Fix them before uploading.');
    const choice = await vscode.window.showErrorMessage(`${rejected} ${remedy}`, ...(allFixable ? [fixAll, showProblems] : [showProblems]));
    if (choice === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice !== fixAll) return undefined;
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('autopilot.fixAll');
    validation = await deps.validate(document);
    if (validation.errors > 0) {
      void vscode.window.showErrorMessage(
        validation.errors === 1
          ? vscode.l10n.t('{0} still has 1 error after Fix All: fix it before uploading.', fileName)
          : vscode.l10n.t('{0} still has {1} errors after Fix All: fix them before uploading.', fileName, validation.errors),
      );
      return undefined;
    }
  }
  if (validation.rows.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no device rows to upload.', fileName));
    return undefined;
  }
  return validation;
}

function newSession(deps: UploadCommandDeps, endpoint: string): Session {
  const session: Session = {
    say: () => {},
    client: new PartnerCenterClient({
      baseUrl: endpoint,
      getAccessToken: () => deps.auth.getAccessToken({ interactiveFallback: true }),
      timing: deps.timing,
      logger: logger(deps.log),
      onLongWait: (message) => session.say(message),
    }),
  };
  return session;
}

export function logger(log: vscode.LogOutputChannel): UploadLogger {
  return { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) };
}

/** Runs `work` under a cancellable progress notification whose messages come from `report` and long waits. */
export async function withCancellableProgress<T>(
  session: ProgressNews,
  title: string,
  work: (signal: AbortSignal, report: (message: string, fractionDone?: number) => void) => Promise<T>,
  withIncrements = false,
): Promise<T> {
  return await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      session.say = (message) => progress.report({ message });
      return work(controller.signal, (message, fractionDone = reported) => {
        progress.report({ message, ...(withIncrements ? { increment: Math.max(0, (fractionDone - reported) * 100) } : {}) });
        reported = Math.max(reported, fractionDone);
      }).finally(() => {
        session.say = () => {};
      });
    },
  );
}

/** The file the command names, else the one `deps.pickDocument` picks (the walkthrough), else the active editor's. */
export async function documentToUpload(
  args: Pick<UploadCommandArgs, 'uri'>,
  deps: Pick<UploadCommandDeps, 'pickDocument'>,
): Promise<vscode.TextDocument | undefined> {
  if (args.uri) {
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    return await vscode.workspace.openTextDocument(uri);
  }
  return deps.pickDocument ? await deps.pickDocument() : vscode.window.activeTextEditor?.document;
}

/** A customer named by a script: its name and domain from the customer list when Partner Center lists it. */
async function customerById(client: PartnerCenterClient, id: string): Promise<Customer> {
  const listed = (await client.listCustomers()).find((customer) => customer.id.toLowerCase() === id.toLowerCase());
  return listed ?? { id, tenantId: id, name: id, domain: '', relationship: '' };
}

async function pickCustomer(context: vscode.ExtensionContext, client: PartnerCenterClient): Promise<Customer | undefined> {
  const quickPick = vscode.window.createQuickPick<CustomerItem>();
  quickPick.title = vscode.l10n.t('Upload to which Partner Center customer?');
  quickPick.placeholder = vscode.l10n.t('Type a name, domain or tenant id');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.ignoreFocusOut = true;
  quickPick.busy = true;
  const loading = new AbortController();
  const picked = new Promise<Customer | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      const customer = quickPick.selectedItems[0]?.customer;
      // Enter while the list is still loading, before anything was chosen, or on a filter that matches no customer,
      // selects nothing: keep the picker open rather than guess (Escape cancels).
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
    // No customer is chosen for the user: the first in the list is not the one the devices belong to.
    quickPick.activeItems = [];
    quickPick.busy = false;
    if (customers.length === 0) quickPick.placeholder = vscode.l10n.t('Partner Center lists no customers for your account');
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
  return customer;
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
    { label: vscode.l10n.t('recently used'), kind: vscode.QuickPickItemKind.Separator },
    ...recent.map(toItem),
    { label: vscode.l10n.t('all customers'), kind: vscode.QuickPickItemKind.Separator },
    ...others.map(toItem),
  ];
}

/** Every device's result in the log, so that the summary's "Show Log" leads to all of it. */
export function logOutcome(log: vscode.LogOutputChannel, upload: StoredUpload, outcome: UploadOutcome): void {
  const { service } = upload.destination;
  log.info(
    `Upload of ${upload.fileName} to ${upload.destination.customerName} (tenant ${upload.destination.tenantId}) in ${service} finished: ${inLogLanguage(() => summarizeCounts(outcome.counts))}.`,
  );
  for (const batch of upload.batches) {
    const ids = batch.jobs.map((job) => job.trackingId).join(', ');
    log.info(
      service === INTUNE_SERVICE
        ? `Import id ${ids}.`
        : `Batch "${batch.name}" (${batch.created ? 'created' : 'added to'}): tracking id ${ids}.`,
    );
  }
  logDeviceResults(log, upload.fileName, outcome.results, service);
  if (outcome.stopped) log.error(`The upload stopped: ${outcome.stopped.message}`);
}

/** One line per device, the ones that need a look as warnings. */
function logDeviceResults(log: vscode.LogOutputChannel, fileName: string, results: readonly UploadRowResult[], service?: string): void {
  // One switch of language for all the lines, not one per device.
  const descriptions = inLogLanguage(() => results.map((result) => describeResult(result, service)));
  results.forEach((result, index) => {
    const line = `${fileName}:${result.line + 1}: ${result.serialNumber || '(no serial)'}: ${descriptions[index] ?? ''}`;
    if (result.status === 'registered' || result.status === 'already-registered') log.info(line);
    else log.warn(line);
  });
}

/**
 * The words of the cloud code (counts, a device's result) as the log has them: English in any VS Code (the log is
 * pasted into support tickets), while the messages beside it are in the user's language.
 */
function inLogLanguage<T>(make: () => T): T {
  return inEnglish(localeFromTag(vscode.env.language), make);
}

export async function showSummary(upload: StoredUpload, outcome: UploadOutcome, log: vscode.LogOutputChannel): Promise<void> {
  const saveReportItem = vscode.l10n.t('Save Report…');
  const showProblems = vscode.l10n.t('Show Problems');
  const checkStatus = vscode.l10n.t('Check Upload Status…');
  const showLog = vscode.l10n.t('Show Log');
  const { counts } = outcome;
  const { customerName, service } = upload.destination;
  const text = counts.pending
    ? vscode.l10n.t('Upload to {0}: {1}. {2} is still processing some devices.', customerName, summarizeCounts(counts), service)
    : vscode.l10n.t('Upload to {0}: {1}.', customerName, summarizeCounts(counts));
  const items = [
    saveReportItem,
    ...(counts.rejected + counts.tagNotApplied + counts.notSent + counts.unknown > 0 ? [showProblems] : []),
    ...(counts.pending > 0 ? [checkStatus] : []),
    showLog,
  ];
  const choice = everyDeviceDone(counts)
    ? await vscode.window.showInformationMessage(text, ...items)
    : await vscode.window.showWarningMessage(text, ...items);
  if (choice === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
  else if (choice === saveReportItem) await saveReport(upload);
  else if (choice === checkStatus) await vscode.commands.executeCommand('autopilot.checkUploadStatus');
  else if (choice === showLog) log.show(true);
}

/** Asks where to save the report, writes it, and opens it. */
export async function saveReport(upload: StoredUpload): Promise<void> {
  const file = vscode.Uri.parse(upload.fileUri);
  const target = await vscode.window.showSaveDialog({
    defaultUri: file.with({ path: `${file.path.replace(/\.csv$/i, '')}-upload-report.csv` }),
    filters: { [vscode.l10n.t('CSV files')]: ['csv'] },
    saveLabel: vscode.l10n.t('Save Report'),
    title: vscode.l10n.t('Upload report: {0} to {1}', upload.fileName, upload.destination.customerName),
  });
  if (!target) return;
  const report = renderReport(upload.results, {
    destination: upload.destination,
    account: upload.account,
    uploadedAt: new Date(upload.uploadedAt),
    file: upload.fileName,
  });
  await vscode.workspace.fs.writeFile(target, Buffer.from(report, 'utf8'));
  await vscode.window.showTextDocument(target, { preview: false });
}

interface JobItem extends vscode.QuickPickItem {
  upload?: StoredUpload;
  trackingId?: string;
}

/** "Check Upload Status…": reads a batch job of a recent upload of this workspace and updates its rows. */
async function checkUploadStatus(
  deps: UploadCommandDeps,
  feature: UploadFeature,
  trackingId?: string,
): Promise<UploadRowResult[] | undefined> {
  if (!(await requireTrustedWorkspace())) return undefined;
  const jobs: JobItem[] = feature.store.history().flatMap((upload) =>
    upload.batches.flatMap((batch) =>
      batch.jobs.map((job) => ({
        label: `${job.final ? '$(check)' : '$(sync)'} ${upload.destination.customerName} · ${upload.destination.service === INTUNE_SERVICE ? vscode.l10n.t('Intune import') : vscode.l10n.t('batch {0}', batch.name)}`,
        description: new Date(upload.uploadedAt).toLocaleString(),
        detail: [
          upload.destination.service === INTUNE_SERVICE
            ? vscode.l10n.t('import id {0}', job.trackingId)
            : vscode.l10n.t('tracking id {0}', job.trackingId),
          upload.fileName,
          job.final ? vscode.l10n.t('finished') : vscode.l10n.t('still processing when last read'),
        ].join(' · '),
        upload,
        trackingId: job.trackingId,
      })),
    ),
  );
  if (jobs.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No upload from this workspace to check: upload a file to Partner Center or Intune first.'),
    );
    return undefined;
  }
  // Jobs still processing first.
  jobs.sort((a, b) => Number(a.label.startsWith('$(check)')) - Number(b.label.startsWith('$(check)')));
  const chosen = trackingId
    ? jobs.find((item) => item.trackingId === trackingId)
    : await vscode.window.showQuickPick(jobs, {
        title: vscode.l10n.t('Check the status of which upload?'),
        placeHolder: vscode.l10n.t('Recent uploads of this workspace: customer, batch, time and tracking id'),
        matchOnDescription: true,
        matchOnDetail: true,
      });
  if (!chosen?.upload || !chosen.trackingId) return undefined;
  const { upload } = chosen;
  const job = upload.batches
    .flatMap((batch) => batch.jobs.map((candidate) => ({ batch, job: candidate })))
    .find((entry) => entry.job.trackingId === chosen.trackingId);
  if (!job) return undefined;
  if (upload.destination.service === INTUNE_SERVICE) return await checkIntuneImport(deps, feature, upload, job.job);

  await deps.auth.getAccessToken({ interactiveFallback: true });
  const session = newSession(deps, normalizePartnerCenterEndpoint(deps.auth.endpoint()));
  const status = await withCancellableProgress(session, vscode.l10n.t('Reading batch job {0}…', job.job.trackingId), (signal) =>
    session.client.getBatchJobStatus(upload.customerId, job.job.trackingId, signal),
  );
  if (!status.final) {
    deps.log.info(`Batch job ${status.trackingId} of ${upload.destination.customerName} is ${status.status}.`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Partner Center is still processing batch "{0}" for {1} (status: {2}). Check again in a few minutes.',
        job.batch.name,
        upload.destination.customerName,
        status.status.replace(/_/g, ' '),
      ),
    );
    return undefined;
  }
  const results =
    job.job.devices.length > 0
      ? matchDeviceStatuses(job.job.devices, status.devicesStatus, {
          batchName: job.batch.name,
          trackingId: job.job.trackingId,
          logger: logger(deps.log),
        })
      : [];
  await feature.store.update(upload.id, results, [job.job.trackingId]);
  const counts = countResults(results);
  // The log stays English (it is pasted into support tickets); the message is in the user's language.
  deps.log.info(
    `Batch "${job.batch.name}" for ${upload.destination.customerName} finished: ${results.length > 0 ? inLogLanguage(() => summarizeCounts(counts)) : `${status.devicesStatus.length} devices, rows already updated`}.`,
  );
  const text =
    results.length > 0
      ? vscode.l10n.t('Batch "{0}" for {1} finished: {2}.', job.batch.name, upload.destination.customerName, summarizeCounts(counts))
      : vscode.l10n.t(
          'Batch "{0}" for {1} finished ({2} devices; its rows were already updated).',
          job.batch.name,
          upload.destination.customerName,
          status.devicesStatus.length,
        );
  logDeviceResults(deps.log, upload.fileName, results);
  if (results.length === 0 || everyDeviceDone(counts)) void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(text);
  return results;
}

/** "Check Upload Status…" of an Intune import: reads the devices Intune was still registering, once. */
async function checkIntuneImport(
  deps: UploadCommandDeps,
  feature: UploadFeature,
  upload: StoredUpload,
  job: StoredUpload['batches'][number]['jobs'][number],
): Promise<UploadRowResult[] | undefined> {
  const intune = deps.intuneAuth;
  if (!intune) return undefined;
  const tenant = upload.customerId;
  await intune.getAccessToken(tenant, { interactiveFallback: true });
  const news: ProgressNews = { say: () => {} };
  const client = new GraphClient({
    baseUrl: intune.endpoint(),
    getAccessToken: () => intune.getAccessToken(tenant, { interactiveFallback: true }),
    timing: deps.timing,
    logger: logger(deps.log),
    onLongWait: (message) => news.say(message),
  });
  const read = await withCancellableProgress(news, vscode.l10n.t('Reading the Intune import {0}…', job.trackingId), (signal) =>
    readIntuneResults(client, job.devices, { importId: job.trackingId, signal, logger: logger(deps.log) }),
  );
  await feature.store.update(upload.id, read.results, read.stillProcessing === 0 ? [job.trackingId] : []);
  const counts = countResults(read.results);
  const customer = upload.destination.customerName;
  // English in the log, the user's language in the message (as for batch jobs).
  deps.log.info(
    read.stillProcessing > 0
      ? `Intune is still registering ${pluralize(read.stillProcessing, 'device')} of ${customer} (${inLogLanguage(() => summarizeCounts(counts))} now).`
      : `Intune import for ${customer} finished: ${inLogLanguage(() => summarizeCounts(counts))}.`,
  );
  const text =
    read.stillProcessing > 0
      ? stillRegistering(read.stillProcessing, customer, read.results.length > 0 ? summarizeCounts(counts) : undefined)
      : vscode.l10n.t('Intune import for {0} finished: {1}.', customer, summarizeCounts(counts));
  logDeviceResults(deps.log, upload.fileName, read.results, INTUNE_SERVICE);
  if (read.stillProcessing === 0 && everyDeviceDone(counts)) void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(text);
  return read.results;
}

/** How a failed upload is told: a sign-in failure with its fix, a refused token with "Sign In Again and Retry", … */
export async function reportUploadError(
  error: unknown,
  deps: Pick<UploadCommandDeps, 'log' | 'auth'>,
  command: string,
  args: unknown,
  destination: { signInAgain?: () => Promise<boolean>; endpointSetting?: string } = {},
): Promise<void> {
  if (error instanceof SignInError) {
    await reportSignInError(error, deps.log);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ServiceError)) {
    deps.log.error(`Upload failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Upload failed: {0}', message));
    return;
  }
  if (error.kind === 'cancelled') {
    deps.log.info(message);
    void vscode.window.showInformationMessage(message);
    return;
  }
  deps.log.error(message);
  if (error.kind === 'sign-in-required' || error.kind === 'mfa-required') {
    // The retry asks Entra ID for MFA too, but only a tenant policy makes it ask: the message says so.
    const retry = vscode.l10n.t('Sign In Again and Retry');
    if ((await vscode.window.showErrorMessage(message, retry)) === retry) {
      const signedIn = destination.signInAgain
        ? await destination.signInAgain()
        : Boolean(await deps.auth.signIn({ requireMfa: error.kind === 'mfa-required' }));
      if (signedIn) await vscode.commands.executeCommand(command, args);
    }
    return;
  }
  if (error.kind === 'configuration') {
    const openSettings = vscode.l10n.t('Open Settings');
    if ((await vscode.window.showErrorMessage(message, openSettings)) === openSettings) {
      await vscode.commands.executeCommand(
        'workbench.action.openSettings',
        destination.endpointSetting ?? 'autopilot.partnerCenter.endpoint',
      );
    }
    return;
  }
  void vscode.window.showErrorMessage(message);
}

/** "Intune is still registering…", with what is known so far when anything is. */
function stillRegistering(devices: number, customer: string, sofar: string | undefined): string {
  if (sofar === undefined) {
    return devices === 1
      ? vscode.l10n.t('Intune is still registering 1 device of {0}. Check again in a few minutes.', customer)
      : vscode.l10n.t('Intune is still registering {0} devices of {1}. Check again in a few minutes.', devices, customer);
  }
  return devices === 1
    ? vscode.l10n.t('Intune is still registering 1 device of {0} ({1} now). Check again in a few minutes.', customer, sofar)
    : vscode.l10n.t('Intune is still registering {0} devices of {1} ({2} now). Check again in a few minutes.', devices, customer, sofar);
}

/** What the results store keeps of an upload's outcome: its batches with their jobs, each row's result, why it stopped. */
export function keptOfOutcome(outcome: UploadOutcome): Pick<StoredUpload, 'batches' | 'results' | 'stopped'> {
  return {
    batches: outcome.batches.map((batch) => ({
      name: batch.name,
      created: batch.created,
      jobs: batch.jobs.map((job) => ({ trackingId: job.trackingId, final: job.final, devices: job.devices })),
    })),
    results: outcome.results,
    ...(outcome.stopped ? { stopped: { kind: outcome.stopped.kind, message: outcome.stopped.message } } : {}),
  };
}
