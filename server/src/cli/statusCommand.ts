// `autopilot-csv status`: reads a batch job an earlier upload left to Partner Center (it stopped waiting, or was
// cancelled) and prints each device's result. Exit codes: 0 the job finished and every device was registered,
// 1 a device failed or the job is still running, 2 usage, sign-in or network problems. Printed in the user's language,
// except --format json's keys and codes.
import * as l10n from '@vscode/l10n';
import { normalizePartnerCenterEndpoint, PartnerCenterClient, type PartnerCenterTiming } from '../cloud/partnerCenterClient';
import { localeFromEnvironment, useLocale, type Locale } from '../core/locale';
import { SecretRedactor } from '../cloud/redaction';
import type { SignInNetwork } from '../cloud/signIn';
import { verdictFor, type UploadRowResult } from '../cloud/uploadEngine';
import { describeResult } from '../cloud/uploadReport';
import { optionValue, parseCommandArguments, UsageError } from './arguments';
import { cliTokenSource, describeFailure, TENANT_ID, withInterrupt } from './cliSignIn';

export function statusUsage(): string {
  return [
    `${l10n.t('Usage:')} autopilot-csv status --customer <tenant id> --tracking-id <id> [--endpoint URL]`,
    '                            [--format text|json] [--client-id ID] [--authority URL] [--device-code]',
    '',
    l10n.t(`Reads the batch job an upload printed the tracking id of, once, and prints each device's result.
Sign-in and the other options as for upload (autopilot-csv upload --help).
Exit codes: 0 finished and every device registered, 1 a device failed or the job is still processing,
2 usage, sign-in or network problems.`),
  ].join('\n');
}

export interface StatusCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** `--locale`, as main.ts read it; else the environment's. */
  locale?: Locale;
  signal?: AbortSignal;
  networkClient?: SignInNetwork;
  openBrowser?: (url: string) => Promise<void>;
  timing?: Partial<PartnerCenterTiming>;
}

/** The job as --format json prints it: the same shape for any destination. */
export interface JsonJobStatus {
  destination: string;
  customerId: string;
  trackingId: string;
  status: string;
  final: boolean;
  devices: Array<{
    serialNumber: string | null;
    productKey: string | null;
    status: UploadRowResult['status'];
    errorCode: string | null;
    errorDescription: string | null;
  }>;
}

export async function runStatus(argv: string[], io: StatusCliIo): Promise<number> {
  useLocale(io.locale ?? localeFromEnvironment(io.env));
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${statusUsage()}\n`);
    return 0;
  }
  let parsed: ReturnType<typeof parseCommandArguments>;
  try {
    parsed = parseCommandArguments(argv, ['customer', 'tracking-id', 'endpoint', 'format', 'client-id', 'authority'], ['device-code']);
    if (parsed.positionals.length > 0) throw new UsageError(l10n.t('status takes no FILE (got {0})', parsed.positionals[0] ?? ''));
    const customer = optionValue(parsed, 'customer');
    if (!customer || !TENANT_ID.test(customer)) throw new UsageError(l10n.t("--customer must be the customer's tenant id (a GUID)"));
    if (!optionValue(parsed, 'tracking-id')) throw new UsageError(l10n.t('--tracking-id is required: the tracking id the upload printed'));
    const format = optionValue(parsed, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(l10n.t('--format must be text or json'));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`autopilot-csv status: ${error.message}\n\n${statusUsage()}\n`);
    return 2;
  }
  const customerId = optionValue(parsed, 'customer') ?? '';
  const trackingId = optionValue(parsed, 'tracking-id') ?? '';
  const redactor = new SecretRedactor();
  const fixedToken = io.env['AUTOPILOT_ACCESS_TOKEN']?.trim();
  if (fixedToken) redactor.remember(fixedToken);
  const stdout = (text: string): void => io.stdout(redactor.redact(text));
  const stderr = (text: string): void => io.stderr(redactor.redact(text));

  return withInterrupt(io.signal, async (signal) => {
    try {
      const endpoint = normalizePartnerCenterEndpoint(optionValue(parsed, 'endpoint'));
      const tokens = await cliTokenSource(
        {
          clientId: optionValue(parsed, 'client-id') ?? io.env['AUTOPILOT_CLIENT_ID'] ?? '',
          authority: optionValue(parsed, 'authority'),
          endpoint,
          deviceCode: parsed.values['device-code'] === true,
        },
        { env: io.env, stderr, networkClient: io.networkClient, openBrowser: io.openBrowser },
        signal,
      );
      const client = new PartnerCenterClient({
        baseUrl: endpoint,
        getAccessToken: tokens.getAccessToken,
        timing: io.timing,
        logger: { info: () => {}, warn: (message) => stderr(`${message}\n`), error: (message) => stderr(`${message}\n`) },
      });
      const job = await client.getBatchJobStatus(customerId, trackingId, signal);
      const devices = job.devicesStatus.map((device) => ({ device, result: verdictFor(device) }));
      const failed = devices.some(({ result }) => result.status !== 'registered');
      if (optionValue(parsed, 'format') === 'json') {
        const json: JsonJobStatus = {
          destination: 'Partner Center',
          customerId,
          trackingId: job.trackingId,
          status: job.status,
          final: job.final,
          devices: devices.map(({ device, result }) => ({
            serialNumber: device.serialNumber || null,
            productKey: device.productKey || null,
            status: job.final ? result.status : 'pending',
            errorCode: result.errorCode ?? null,
            errorDescription: result.errorDescription ?? null,
          })),
        };
        stdout(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        stdout(`${jobLine(job.trackingId, customerId, job.status.replace(/_/g, ' '), job.final, devices.length)}\n`);
        if (job.final) {
          for (const { device, result } of devices) {
            const name = device.serialNumber || device.productKey || l10n.t('(no serial number or product key)');
            stdout(`  ${name}: ${describeResult({ line: -1, serialNumber: name, fingerprint: '', ...result })}\n`);
          }
        }
      }
      return job.final && !failed ? 0 : 1;
    } catch (error) {
      stderr(`autopilot-csv status: ${describeFailure(error, io.env)}\n`);
      return 2;
    }
  });
}

/**
 * "Batch job X of customer Y: finished, 2 devices." The state is Partner Center's own word (queued, processing,
 * finished with errors), as its API names it.
 */
function jobLine(trackingId: string, customerId: string, state: string, final: boolean, devices: number): string {
  if (final) {
    return devices === 1
      ? l10n.t('Batch job {0} of customer {1}: {2}, 1 device.', trackingId, customerId, state)
      : l10n.t('Batch job {0} of customer {1}: {2}, {3} devices.', trackingId, customerId, state, devices);
  }
  return devices === 1
    ? l10n.t(
        'Batch job {0} of customer {1}: {2} (Partner Center is still working on it: check again later), 1 device.',
        trackingId,
        customerId,
        state,
      )
    : l10n.t(
        'Batch job {0} of customer {1}: {2} (Partner Center is still working on it: check again later), {3} devices.',
        trackingId,
        customerId,
        state,
        devices,
      );
}
