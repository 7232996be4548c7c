// `autopilot-csv upload`: sends a CSV's devices to one Partner Center customer and prints each device's result.
// Exit codes: 0 every device registered or already registered (806 counts as success, and is reported),
// 1 a device was rejected or got no result, 2 usage, file, sign-in, network or service problems, or cancelled.

import { memoryTokenCacheStore, PartnerCenterSignIn, SignInError, type SignInNetwork } from '../cloud/signIn';
import {
  normalizePartnerCenterEndpoint,
  PartnerCenterClient,
  PartnerCenterError,
  type PartnerCenterTiming,
} from '../cloud/partnerCenterClient';
import {
  adviceFor,
  DEFAULT_BATCH_NAME,
  summarizeCounts,
  uploadRows,
  type UploadOutcome,
  type UploadRow,
  type UploadRowResult,
} from '../cloud/uploadEngine';
import { optionValue, parseCommandArguments, UsageError } from './arguments';

export const UPLOAD_USAGE = `Usage: autopilot-csv upload FILE --customer <tenant id> [--batch NAME] [--endpoint URL]
                            [--format text|json] [--client-id ID] [--authority URL]

  --customer   the customer's tenant id (Microsoft ID) in Partner Center
  --batch      batch name (group tag) for rows without a Group Tag; default ${DEFAULT_BATCH_NAME}.
               Rows with a Group Tag are uploaded in one batch per tag.
  --endpoint   Partner Center API, default https://api.partnercenter.microsoft.com
  --format     text (default) or json (an array of per-device results on stdout)
  --client-id  application (client) id of your app registration (or AUTOPILOT_CLIENT_ID)
  --authority  sign-in authority, default https://login.microsoftonline.com/organizations

Sign-in: the token in AUTOPILOT_ACCESS_TOKEN if set, else a device code (the message appears on stderr).
Exit codes: 0 every device registered (already registered, 806, counts as success and is reported),
1 a device was rejected or has no result, 2 usage, file, sign-in or network problems, or cancelled.`;

export interface UploadCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readFile(path: string): Promise<Uint8Array>;
  rowsFromFile(bytes: Uint8Array): UploadRow[] | { error: string };
  /** Stops the upload (default: Ctrl+C). */
  signal?: AbortSignal;
  /** For tests: msal's network module (to trust a test identity provider) and fast polling. */
  networkClient?: SignInNetwork;
  timing?: Partial<PartnerCenterTiming>;
}

export interface JsonUploadResult {
  line: number;
  serialNumber: string;
  status: UploadRowResult['status'];
  errorCode: string | null;
  errorDescription: string | null;
}

interface UploadArgs {
  file: string;
  customerId: string;
  batchName: string;
  endpoint: string | undefined;
  format: 'text' | 'json';
  clientId: string;
  authority: string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runUpload(argv: string[], io: UploadCliIo): Promise<number> {
  let args: UploadArgs;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(`${UPLOAD_USAGE}\n`);
      return 0;
    }
    args = parseUploadArgs(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`autopilot-csv upload: ${error.message}\n\n${UPLOAD_USAGE}\n`);
    return 2;
  }

  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  const signal = io.signal ?? interrupt.signal;
  if (!io.signal) process.once('SIGINT', onSigint);
  try {
    return await upload(args, io, signal);
  } catch (error) {
    io.stderr(`autopilot-csv upload: ${describeFailure(error, io.env)}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

async function upload(args: UploadArgs, io: UploadCliIo, signal: AbortSignal): Promise<number> {
  const endpoint = normalizePartnerCenterEndpoint(args.endpoint);
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(args.file);
  } catch (error) {
    io.stderr(`autopilot-csv upload: cannot read ${args.file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const rows = io.rowsFromFile(bytes);
  if (!Array.isArray(rows)) {
    io.stderr(`autopilot-csv upload: ${args.file}: ${rows.error}\n`);
    return 2;
  }
  if (rows.length === 0) {
    io.stderr(`autopilot-csv upload: ${args.file} has no device rows to upload.\n`);
    return 2;
  }

  const getAccessToken = await tokenSource(args, io, endpoint, signal);
  const client = new PartnerCenterClient({
    baseUrl: endpoint,
    getAccessToken,
    timing: io.timing,
    logger: { info: () => {}, warn: (message) => io.stderr(`${message}\n`), error: (message) => io.stderr(`${message}\n`) },
  });
  let lastMessage = '';
  const outcome = await uploadRows(rows, {
    client,
    customerId: args.customerId,
    defaultBatchName: args.batchName,
    signal,
    onProgress: (message) => {
      // Polls repeat the same state; print each change once.
      if (message !== lastMessage) io.stderr(`${message}\n`);
      lastMessage = message;
    },
  });
  printOutcome(args, outcome, io);
  return outcome.counts.rejected > 0 || outcome.counts.unknown > 0 ? 1 : 0;
}

async function tokenSource(args: UploadArgs, io: UploadCliIo, endpoint: string, signal: AbortSignal): Promise<() => Promise<string>> {
  const fixed = io.env['AUTOPILOT_ACCESS_TOKEN']?.trim();
  if (fixed) return async () => fixed;
  const signIn = new PartnerCenterSignIn({
    clientId: args.clientId,
    authority: args.authority,
    partnerCenterEndpoint: endpoint,
    // A command-line run keeps no tokens after it ends.
    cacheStore: memoryTokenCacheStore(),
    interactiveMode: 'device-code',
    openBrowser: async () => {
      throw new SignInError('configuration', 'The command line signs in with a device code only.');
    },
    onDeviceCode: (message) => io.stderr(`${message}\n`),
    networkClient: io.networkClient,
  });
  // Sign in before anything is sent, so the code prompt is not lost among progress lines.
  await signIn.getAccessToken({ interactiveFallback: true, signal });
  return () => signIn.getAccessToken({ interactiveFallback: true, signal });
}

function printOutcome(args: UploadArgs, outcome: UploadOutcome, io: UploadCliIo): void {
  for (const warning of outcome.warnings) io.stderr(`warning: ${warning}\n`);
  if (args.format === 'json') {
    const results: JsonUploadResult[] = outcome.results.map((result) => ({
      line: result.line + 1,
      serialNumber: result.serialNumber,
      status: result.status,
      errorCode: result.errorCode ?? null,
      errorDescription: result.errorDescription ?? null,
    }));
    io.stdout(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  for (const result of outcome.results) io.stdout(`${describeResult(args.file, result)}\n`);
  const batches = outcome.batches.map((batch) => `${batch.name} (${batch.created ? 'created' : 'added to'})`).join(', ');
  io.stdout(`Uploaded to customer ${args.customerId}: ${summarizeCounts(outcome.counts)}.${batches ? ` Batches: ${batches}.` : ''}\n`);
}

function describeResult(file: string, result: UploadRowResult): string {
  const where = `${file}:${result.line + 1}: ${result.serialNumber || '(no serial)'}`;
  const error = [result.errorCode, result.errorDescription].filter(Boolean).join(' ');
  switch (result.status) {
    case 'registered':
      return `${where}: registered`;
    case 'already-registered':
      return `${where}: already registered${error ? ` (${error})` : ''}`;
    case 'rejected':
      return `${where}: rejected${error ? `: ${error}` : ''}${result.errorCode || result.errorDescription ? `. ${adviceFor(result.errorCode, result.errorDescription)}` : ''}`;
    default:
      return `${where}: no result${result.errorDescription ? `: ${result.errorDescription}` : ''}`;
  }
}

function describeFailure(error: unknown, env: NodeJS.ProcessEnv): string {
  if (error instanceof PartnerCenterError) {
    const fixedToken = Boolean(env['AUTOPILOT_ACCESS_TOKEN']?.trim());
    if (fixedToken && (error.kind === 'sign-in-required' || error.kind === 'mfa-required')) {
      return `${error.message} The token comes from AUTOPILOT_ACCESS_TOKEN: get a fresh one, or unset it to sign in with a device code.`;
    }
    return error.message;
  }
  if (error instanceof SignInError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function parseUploadArgs(argv: readonly string[], env: NodeJS.ProcessEnv): UploadArgs {
  const parsed = parseCommandArguments(argv, ['customer', 'batch', 'endpoint', 'format', 'client-id', 'authority']);
  const positional = parsed.positionals;
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'upload needs a FILE' : 'upload takes exactly one FILE');
  const customerId = optionValue(parsed, 'customer');
  if (!customerId) throw new UsageError("--customer is required: the customer's tenant id in Partner Center");
  if (!GUID.test(customerId)) throw new UsageError(`--customer must be the customer's tenant id (a GUID), not "${customerId}"`);
  const format = optionValue(parsed, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  return {
    file: positional[0] ?? '',
    customerId,
    batchName: optionValue(parsed, 'batch') ?? DEFAULT_BATCH_NAME,
    endpoint: optionValue(parsed, 'endpoint'),
    format,
    clientId: optionValue(parsed, 'client-id') ?? env['AUTOPILOT_CLIENT_ID'] ?? '',
    authority: optionValue(parsed, 'authority'),
  };
}
