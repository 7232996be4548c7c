// `autopilot-csv upload`: sends a CSV's devices to one Partner Center customer (or, with --to intune, imports them into
// a tenant's Intune through Microsoft Graph) and prints each device's result.
// Exit codes: 0 every device registered or already in its batch, 1 a device was rejected, is registered in another
// batch (its group tag not applied), is still processing or got no result, 2 usage, file, sign-in, network or service
// problems, or cancelled (the results of the batches sent before are printed all the same).
// What it prints is in the user's language (--locale, else the environment's), except --format json's keys and
// codes; the service clients' warnings on stderr are their log lines, English on purpose (support tickets).

import * as l10n from '@vscode/l10n';
import { localeFromEnvironment, useLocale, type Locale } from '../core/locale';
import { SecretRedactor } from '../cloud/redaction';
import type { SignInNetwork } from '../cloud/signIn';
import { normalizePartnerCenterEndpoint, PartnerCenterClient, type PartnerCenterTiming } from '../cloud/partnerCenterClient';
import {
  batchNameProblem,
  everyDeviceDone,
  preUploadNotices,
  summarizeCounts,
  untaggedRows,
  uploadRows,
  type UploadOutcome,
  type UploadRow,
  type UploadRowResult,
} from '../cloud/uploadEngine';
import { describeResult } from '../cloud/uploadReport';
import {
  graphSignInService,
  GraphClient,
  INTUNE_SERVICE,
  normalizeGraphEndpoint,
  tenantAuthority,
  tenantProblem,
} from '../cloud/graphClient';
import { importToIntune, intunePreImportNotices } from '../cloud/intuneImport';
import { DEFAULT_AUTHORITY } from '../cloud/signIn';
import { optionValue, parseCommandArguments, UsageError } from './arguments';
import { cliTokenSource, describeFailure, TENANT_ID, withInterrupt } from './cliSignIn';

export { runStatus, statusUsage } from './statusCommand';

/** The upload's options (as typed, whatever the language) and what they do (in the user's language). */
export function uploadUsage(): string {
  return [
    `${l10n.t('Usage:')} autopilot-csv upload FILE --customer <tenant id> [--batch NAME] [--endpoint URL]`,
    '                            [--format text|json] [--config FILE] [--client-id ID] [--authority URL] [--device-code]',
    '       autopilot-csv upload FILE --to intune --tenant <tenant id or domain> [--endpoint URL] [--format text|json] ...',
    '',
    l10n.t(`  --to           partner-center (default): a Partner Center customer, one batch (group tag) per tag;
                 intune: the tenant's Intune through Microsoft Graph, each device with its own Group Tag and
                 Assigned User (needs GDAP or admin access to the tenant, and an Intune licence there)
  --customer     the customer's tenant id (Microsoft ID) in Partner Center
  --tenant       --to intune: the tenant's id or one of its domains (you sign in to that tenant)
  --batch        batch name (it becomes the group tag) for rows without a Group Tag; required when the file
                 has such rows. Rows with a Group Tag are uploaded in one batch per tag.
  --endpoint     Partner Center API, default https://api.partnercenter.microsoft.com
                 (--to intune: Microsoft Graph, default https://graph.microsoft.com)
  --format       text (default) or json (an array of per-device results on stdout)
  --client-id    application (client) id of your app registration (or AUTOPILOT_CLIENT_ID)
  --authority    sign-in authority, default https://login.microsoftonline.com/organizations
                 (--to intune signs in to the tenant's authority on the same host)
  --device-code  sign in with a device code instead of the browser
  --config       a settings file (as for check): the devices are checked with its settings before anything is sent`),
    '',
    l10n.t(`Sign-in: the token in AUTOPILOT_ACCESS_TOKEN if set, else your browser (a loopback redirect, as in the editor),
else a device code on stderr (over SSH, without a display, or with --device-code).
Devices the customer already has are found first and not sent again. A batch Partner Center is still
processing after 10 minutes is left to it: check it later with autopilot-csv status (the tracking id is printed).
Exit codes: 0 every device registered (or already in its batch), 1 a device was rejected, is registered in
another batch (group tag not applied), is still processing or has no result, 2 usage, file, sign-in or network
problems, or cancelled.`),
  ].join('\n');
}

export interface UploadCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** `--locale`, as main.ts read it; else the environment's. */
  locale?: Locale;
  readFile(path: string): Promise<Uint8Array>;
  /** The file's devices, checked with the settings of `source` (--config, else the file's .vscode/settings.json). */
  rowsFromFile(bytes: Uint8Array, source: { file: string; config?: string }): UploadRow[] | { error: string };
  /** Stops the upload (default: Ctrl+C). */
  signal?: AbortSignal;
  /** For tests: msal's network module (to trust a test identity provider), the browser, and fast polling. */
  networkClient?: SignInNetwork;
  openBrowser?: (url: string) => Promise<void>;
  timing?: Partial<PartnerCenterTiming>;
  maxResponseBytes?: number;
}

export interface JsonUploadResult {
  line: number;
  serialNumber: string;
  status: UploadRowResult['status'];
  errorCode: string | null;
  errorDescription: string | null;
  batch: string | null;
  trackingId: string | null;
}

interface UploadArgs {
  file: string;
  to: 'partner-center' | 'intune';
  /** Partner Center: the customer's tenant id; Intune: the tenant's id or domain. */
  customerId: string;
  batchName: string | undefined;
  endpoint: string | undefined;
  format: 'text' | 'json';
  /** --config FILE: the settings the file is checked with before anything is sent. */
  config: string | undefined;
  clientId: string;
  authority: string | undefined;
  deviceCode: boolean;
}

export async function runUpload(argv: string[], io: UploadCliIo): Promise<number> {
  // This file is a bundle of its own (dist/cliUpload.js), with its own copy of the message bundle's state.
  useLocale(io.locale ?? localeFromEnvironment(io.env));
  let args: UploadArgs;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(`${uploadUsage()}\n`);
      return 0;
    }
    args = parseUploadArgs(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`autopilot-csv upload: ${error.message}\n\n${uploadUsage()}\n`);
    return 2;
  }
  // Whatever the service echoes, the token never reaches the terminal.
  const redactor = new SecretRedactor();
  const fixedToken = io.env['AUTOPILOT_ACCESS_TOKEN']?.trim();
  if (fixedToken) redactor.remember(fixedToken);
  const out: UploadCliIo = {
    ...io,
    stdout: (text) => io.stdout(redactor.redact(text)),
    stderr: (text) => io.stderr(redactor.redact(text)),
  };

  return withInterrupt(io.signal, async (signal) => {
    try {
      return await upload(args, out, signal, redactor);
    } catch (error) {
      out.stderr(`autopilot-csv upload: ${describeFailure(error, io.env)}\n`);
      return 2;
    }
  });
}

async function upload(args: UploadArgs, io: UploadCliIo, signal: AbortSignal, redactor: SecretRedactor): Promise<number> {
  const endpoint = args.to === 'intune' ? normalizeGraphEndpoint(args.endpoint) : normalizePartnerCenterEndpoint(args.endpoint);
  const rows = await readRows(args, io);
  if (!rows) return 2;
  if (args.to === 'intune') return await importIntoIntune(args, rows, endpoint, io, signal, redactor);
  const untagged = untaggedRows(rows);
  if (untagged.length > 0 && !args.batchName) {
    const lines = `${untagged
      .slice(0, 5)
      .map((row) => row.line + 1)
      .join(', ')}${untagged.length > 5 ? ', …' : ''}`;
    const message =
      untagged.length === 1
        ? l10n.t(
            "1 row of {0} (line {1}) has no group tag: give --batch NAME. The batch name becomes its Autopilot group tag, so there is no default; use the tag the customer's dynamic groups select ([OrderID]:NAME).",
            args.file,
            lines,
          )
        : l10n.t(
            "{0} rows of {1} (lines {2}) have no group tag: give --batch NAME. The batch name becomes their Autopilot group tag, so there is no default; use the tag the customer's dynamic groups select ([OrderID]:NAME).",
            untagged.length,
            args.file,
            lines,
          );
    io.stderr(`autopilot-csv upload: ${message}\n`);
    return 2;
  }
  for (const notice of preUploadNotices(rows)) io.stderr(`${warning(notice)}\n`);

  const tokens = await cliTokenSource(
    { clientId: args.clientId, authority: args.authority, endpoint, deviceCode: args.deviceCode },
    io,
    signal,
  );
  const client = new PartnerCenterClient({
    baseUrl: endpoint,
    getAccessToken: tokens.getAccessToken,
    timing: io.timing,
    maxResponseBytes: io.maxResponseBytes,
    logger: stderrLogger(io),
  });
  const output = redactedOutput(io, client, redactor);
  const outcome = await uploadRows(rows, {
    client,
    customerId: args.customerId,
    defaultBatchName: args.batchName,
    signal,
    onProgress: eachChangeOnce(output),
  });
  return reportOutcome(args, outcome, output);
}

/** The file's device rows, or undefined after saying why there are none to send. */
async function readRows(args: UploadArgs, io: UploadCliIo): Promise<UploadRow[] | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(args.file);
  } catch (error) {
    io.stderr(
      `autopilot-csv upload: ${l10n.t('cannot read {0}: {1}', args.file, error instanceof Error ? error.message : String(error))}\n`,
    );
    return undefined;
  }
  const rows = io.rowsFromFile(bytes, { file: args.file, config: args.config });
  if (!Array.isArray(rows)) {
    io.stderr(`autopilot-csv upload: ${args.file}: ${rows.error}\n`);
    return undefined;
  }
  if (rows.length === 0) {
    io.stderr(`autopilot-csv upload: ${l10n.t('{0} has no device rows to upload.', args.file)}\n`);
    return undefined;
  }
  return rows;
}

/** --to intune: signs in to the tenant with the Graph scope, imports, and prints as for Partner Center. */
async function importIntoIntune(
  args: UploadArgs,
  rows: UploadRow[],
  endpoint: string,
  io: UploadCliIo,
  signal: AbortSignal,
  redactor: SecretRedactor,
): Promise<number> {
  for (const notice of intunePreImportNotices(rows)) io.stderr(`${warning(notice)}\n`);
  const tokens = await cliTokenSource(
    {
      clientId: args.clientId,
      authority: tenantAuthority(args.authority ?? DEFAULT_AUTHORITY, args.customerId),
      endpoint,
      deviceCode: args.deviceCode,
      service: graphSignInService(endpoint),
    },
    io,
    signal,
  );
  const client = new GraphClient({
    baseUrl: endpoint,
    getAccessToken: tokens.getAccessToken,
    timing: io.timing,
    maxResponseBytes: io.maxResponseBytes,
    logger: stderrLogger(io),
  });
  const output = redactedOutput(io, client, redactor);
  const outcome = await importToIntune(rows, { client, timing: client.timing, signal, onProgress: eachChangeOnce(output) });
  return reportOutcome(args, outcome, output);
}

/** The service clients' warnings and errors on stderr; their routine messages are the progress's. */
function stderrLogger(io: UploadCliIo): { info(message: string): void; warn(message: string): void; error(message: string): void } {
  return { info: () => {}, warn: (message) => io.stderr(`${message}\n`), error: (message) => io.stderr(`${message}\n`) };
}

/** The client learns every token it sends; the command's own output is redacted with them too. */
function redactedOutput(io: UploadCliIo, client: { redact(text: string): string }, redactor: SecretRedactor): UploadCliIo {
  return {
    ...io,
    stdout: (text) => io.stdout(client.redact(redactor.redact(text))),
    stderr: (text) => io.stderr(client.redact(redactor.redact(text))),
  };
}

/** Progress on stderr: polls repeat the same state, each change is printed once. */
function eachChangeOnce(output: UploadCliIo): (message: string) => void {
  let lastMessage = '';
  return (message) => {
    if (message !== lastMessage) output.stderr(`${message}\n`);
    lastMessage = message;
  };
}

/** Prints the results; exit 2 when the upload stopped, 1 when a device was not done, else 0. */
function reportOutcome(args: UploadArgs, outcome: UploadOutcome, output: UploadCliIo): number {
  printOutcome(args, outcome, output);
  if (outcome.stopped) {
    output.stderr(`autopilot-csv upload: ${outcome.stopped.message}\n`);
    return 2;
  }
  return everyDeviceDone(outcome.counts) ? 0 : 1;
}

function printOutcome(args: UploadArgs, outcome: UploadOutcome, io: UploadCliIo): void {
  for (const notice of outcome.warnings) io.stderr(`${warning(notice)}\n`);
  const pending = outcome.batches.flatMap((batch) => batch.jobs.filter((job) => !job.final));
  const intune = args.to === 'intune';
  for (const job of pending) {
    const devices = job.devices.length;
    if (intune) {
      const message =
        devices === 1
          ? l10n.t(
              'Intune is still registering 1 device (import id {0}). Check them later in Intune: Devices > Enrollment > Windows Autopilot devices.',
              job.trackingId,
            )
          : l10n.t(
              'Intune is still registering {0} devices (import id {1}). Check them later in Intune: Devices > Enrollment > Windows Autopilot devices.',
              devices,
              job.trackingId,
            );
      io.stderr(`${message}\n`);
      continue;
    }
    const check = `autopilot-csv status --customer ${args.customerId} --tracking-id ${job.trackingId}`;
    const message =
      devices === 1
        ? l10n.t('Partner Center is still processing 1 device (tracking id {0}). Check later: {1}', job.trackingId, check)
        : l10n.t('Partner Center is still processing {0} devices (tracking id {1}). Check later: {2}', devices, job.trackingId, check);
    io.stderr(`${message}\n`);
  }
  if (args.format === 'json') {
    const results: JsonUploadResult[] = outcome.results.map((result) => ({
      line: result.line + 1,
      serialNumber: result.serialNumber,
      status: result.status,
      errorCode: result.errorCode ?? null,
      errorDescription: result.errorDescription ?? null,
      batch: result.batchName ?? null,
      trackingId: result.trackingId ?? null,
    }));
    io.stdout(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  for (const result of outcome.results) {
    io.stdout(
      `${args.file}:${result.line + 1}: ${result.serialNumber || l10n.t('(no serial)')}: ${describeResult(result, intune ? INTUNE_SERVICE : undefined)}\n`,
    );
  }
  if (intune) {
    const ids = outcome.batches.flatMap((batch) => batch.trackingIds);
    const counts = summarizeCounts(outcome.counts);
    io.stdout(
      `${
        ids.length
          ? l10n.t('Imported into Intune of tenant {0}: {1}. Import id {2}.', args.customerId, counts, ids.join(', '))
          : l10n.t('Imported into Intune of tenant {0}: {1}.', args.customerId, counts)
      }\n`,
    );
    return;
  }
  const batches = outcome.batches
    .map((batch) =>
      batch.created
        ? l10n.t('{0} (created; tracking id {1})', batch.name, batch.trackingIds.join(', '))
        : l10n.t('{0} (added to; tracking id {1})', batch.name, batch.trackingIds.join(', ')),
    )
    .join(', ');
  const counts = summarizeCounts(outcome.counts);
  io.stdout(
    `${
      batches
        ? l10n.t('Uploaded to customer {0}: {1}. Batches: {2}.', args.customerId, counts, batches)
        : l10n.t('Uploaded to customer {0}: {1}.', args.customerId, counts)
    }\n`,
  );
}

function parseUploadArgs(argv: readonly string[], env: NodeJS.ProcessEnv): UploadArgs {
  const parsed = parseCommandArguments(
    argv,
    ['to', 'customer', 'tenant', 'batch', 'endpoint', 'format', 'config', 'client-id', 'authority'],
    ['device-code'],
  );
  const positional = parsed.positionals;
  if (positional.length !== 1) {
    throw new UsageError(positional.length === 0 ? l10n.t('upload needs a FILE') : l10n.t('upload takes exactly one FILE'));
  }
  const to = optionValue(parsed, 'to') ?? 'partner-center';
  if (to !== 'partner-center' && to !== 'intune') throw new UsageError(l10n.t('--to must be partner-center or intune'));
  const format = optionValue(parsed, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(l10n.t('--format must be text or json'));
  const common: Omit<UploadArgs, 'to' | 'customerId' | 'batchName'> = {
    file: positional[0] ?? '',
    endpoint: optionValue(parsed, 'endpoint'),
    format: format,
    config: optionValue(parsed, 'config'),
    clientId: optionValue(parsed, 'client-id') ?? env['AUTOPILOT_CLIENT_ID'] ?? '',
    authority: optionValue(parsed, 'authority'),
    deviceCode: parsed.values['device-code'] === true,
  };
  if (to === 'intune') {
    if (optionValue(parsed, 'customer') !== undefined)
      throw new UsageError(l10n.t('--to intune takes --tenant (the tenant id or domain), not --customer'));
    if (optionValue(parsed, 'batch') !== undefined) {
      throw new UsageError(
        l10n.t("--batch is for Partner Center: the Intune import takes each row's own Group Tag (rows without one get none)"),
      );
    }
    const tenant = optionValue(parsed, 'tenant')?.trim();
    if (!tenant)
      throw new UsageError(l10n.t("--to intune needs --tenant: the tenant's id or one of its domains (contoso.onmicrosoft.com)"));
    const problem = tenantProblem(tenant);
    if (problem) throw new UsageError(`--tenant: ${problem}`);
    return { ...common, to, customerId: tenant, batchName: undefined };
  }
  if (optionValue(parsed, 'tenant') !== undefined)
    throw new UsageError(l10n.t('--tenant goes with --to intune; Partner Center takes --customer'));
  const customerId = optionValue(parsed, 'customer');
  if (!customerId) throw new UsageError(l10n.t("--customer is required: the customer's tenant id in Partner Center"));
  if (!TENANT_ID.test(customerId))
    throw new UsageError(l10n.t('--customer must be the customer\'s tenant id (a GUID), not "{0}"', customerId));
  const batchName = optionValue(parsed, 'batch')?.trim();
  const problem = batchName === undefined ? undefined : batchNameProblem(batchName);
  if (problem) throw new UsageError(`--batch: ${problem}`);
  return { ...common, to, customerId, batchName };
}

/** A warning line on stderr: "warning: …" (German "Warnung: …"). */
function warning(text: string): string {
  return l10n.t('warning: {0}', text);
}
