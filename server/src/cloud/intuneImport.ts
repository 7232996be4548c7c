// Imports the rows of an Autopilot CSV into a tenant's Intune through Microsoft Graph: each device with its own group
// tag and assigned user, at most 500 per request; then waits (bounded) while Intune registers them in the background,
// ties each state back to its row, deletes the finished import records (a staging area) and asks for a sync (best
// effort). The outcome has the shape of the Partner Center upload's (uploadEngine.ts), so the editor, the CLI and the
// report treat both alike. No `vscode` import: the CLI uses it too. What a person reads is in the process's language
// (core/locale.ts); the logger's lines stay English on purpose (support tickets).

import * as l10n from '@vscode/l10n';
import { intuneRowFingerprint } from '../core/devices';
import { newImportId, GraphError, type ImportedDevice, type ImportedDeviceInput } from './graphClient';
import { formatSeconds, type ServiceTiming, type UploadLogger } from './serviceHttp';
import {
  countResults,
  sentDevice,
  type SentDevice,
  type UploadedBatch,
  type UploadJob,
  type UploadOutcome,
  type UploadRow,
  type UploadRowResult,
} from './uploadEngine';

/** Intune's import takes 500 rows per CSV; nothing documents a limit per Graph call, so the same. */
export const INTUNE_DEVICES_PER_REQUEST = 500;

/** Import records read (or deleted) at the same time. */
const READS_AT_ONCE = 8;

/** The outcome's one "batch": the import requests of a run (Intune has no batches; each device keeps its own tag). */
export const INTUNE_IMPORT_BATCH = 'Intune import';

/** What the import needs from Microsoft Graph; `GraphClient` provides it. */
export interface IntuneImportApi {
  importDevices(devices: readonly ImportedDeviceInput[], signal?: AbortSignal): Promise<ImportedDevice[]>;
  getImportedDevice(id: string, signal?: AbortSignal): Promise<ImportedDevice | undefined>;
  deleteImportedDevice(id: string, signal?: AbortSignal): Promise<void>;
  syncAutopilot(signal?: AbortSignal): Promise<string>;
}

export type ImportTiming = Pick<ServiceTiming, 'pollIntervalMs' | 'maxPollIntervalMs' | 'maxJobWaitMs' | 'sleep'>;

export interface IntuneImportOptions {
  client: IntuneImportApi;
  timing: ImportTiming;
  signal?: AbortSignal;
  onProgress?: (message: string, fractionDone: number) => void;
  logger?: UploadLogger;
  devicesPerRequest?: number;
  /** Ask Intune for an Autopilot sync after devices were registered (default true; best effort). */
  sync?: boolean;
}

/** The device as the import takes it, or undefined: the Intune import identifies a device by its hardware hash only. */
export function toImportedDeviceInput(row: UploadRow, importId: string): ImportedDeviceInput | undefined {
  const hash = row.hardwareHash.trim();
  if (!hash) return undefined;
  return {
    serialNumber: row.serialNumber.trim(),
    productKey: row.productKey.trim(),
    hardwareIdentifier: hash,
    groupTag: row.groupTag.trim(),
    assignedUserPrincipalName: row.assignedUser.trim(),
    importId,
  };
}

/** Things to tell the user before anything is sent. */
export function intunePreImportNotices(rows: readonly UploadRow[]): string[] {
  const notices: string[] = [];
  const withoutHash = rows.filter((row) => !row.hardwareHash.trim()).length;
  if (withoutHash > 0) {
    notices.push(
      withoutHash === 1
        ? l10n.t(
            '1 device has no hardware hash, which the Intune import requires: it is not sent. Upload such devices to Partner Center (serial number, manufacturer and model).',
          )
        : l10n.t(
            '{0} devices have no hardware hash, which the Intune import requires: they are not sent. Upload such devices to Partner Center (serial number, manufacturer and model).',
            withoutHash,
          ),
    );
  }
  return notices;
}

/** Intune is done with the device: its verdict; undefined while it is still at it (`unknown`, `pending`, new states). */
export function intuneVerdict(
  device: ImportedDevice,
  personalized: boolean,
): Pick<UploadRowResult, 'status' | 'errorCode' | 'errorDescription'> | undefined {
  const errorCode = device.errorCode ? String(device.errorCode) : undefined;
  const errorName = device.errorName.trim() && device.errorName.trim() !== 'None' ? device.errorName.trim() : undefined;
  switch (device.importStatus) {
    case 'complete':
      return { status: 'registered' };
    case 'error':
      if (errorCode === '806' || /^ZtdDeviceAlreadyAssigned$/i.test(errorName ?? '')) {
        // The tenant already has the device: it keeps its group tag and user, whatever the row says.
        return { status: personalized ? 'tag-not-applied' : 'already-registered', errorCode, errorDescription: errorName };
      }
      return { status: 'rejected', errorCode, errorDescription: errorName ?? l10n.t('Intune reported an import error without a name.') };
    case 'partial':
      return {
        status: 'unknown',
        errorCode,
        errorDescription: errorName
          ? l10n.t('Intune reported the import of this device as partial ({0}): check it in Intune.', errorName)
          : l10n.t('Intune reported the import of this device as partial: check it in Intune.'),
      };
    default:
      return undefined;
  }
}

interface Tracked {
  row: UploadRow | SentDevice;
  sent: SentDevice;
  importId: string;
}

export async function importToIntune(rows: readonly UploadRow[], options: IntuneImportOptions): Promise<UploadOutcome> {
  const { client, signal, logger } = options;
  const progress = options.onProgress ?? (() => {});
  const perRequest = Math.max(1, Math.min(INTUNE_DEVICES_PER_REQUEST, options.devicesPerRequest ?? INTUNE_DEVICES_PER_REQUEST));
  const results = new Map<number, UploadRowResult>();
  const base = (row: UploadRow): Pick<UploadRowResult, 'line' | 'serialNumber' | 'fingerprint'> => ({
    line: row.line,
    serialNumber: row.serialNumber,
    fingerprint: intuneRowFingerprint(row),
  });
  const sendable: UploadRow[] = [];
  for (const row of rows) {
    if (row.hardwareHash.trim()) sendable.push(row);
    else {
      results.set(row.line, {
        ...base(row),
        status: 'rejected',
        errorDescription: l10n.t('Not sent: the Intune import needs the hardware hash.'),
      });
    }
  }

  const batch: UploadedBatch = { name: INTUNE_IMPORT_BATCH, created: true, deviceCount: sendable.length, trackingIds: [], jobs: [] };
  const tracked: Tracked[] = [];
  let stopped: UploadOutcome['stopped'];
  const stop = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    stopped = { kind: error instanceof GraphError ? error.kind : error instanceof Error ? error.name : 'error', message, error };
    logger?.error(`The import stopped after sending devices: ${message}`);
  };

  // Send everything first: Intune works on all of it while the states are read.
  for (let start = 0; start < sendable.length && !stopped; start += perRequest) {
    const chunk = sendable.slice(start, start + perRequest);
    const importId = newImportId();
    progress(chunk.length === 1 ? l10n.t('Sending 1 device to Intune…') : l10n.t('Sending {0} devices to Intune…', chunk.length), 0);
    let imported: ImportedDevice[];
    try {
      imported = await client.importDevices(
        chunk.map((row) => toImportedDeviceInput(row, importId)).filter((device) => device !== undefined),
        signal,
      );
    } catch (error) {
      if (tracked.length === 0) throw cancelledWhileSending(error);
      stop(cancelledWhileSending(error));
      break;
    }
    const job: UploadJob = { trackingId: importId, devices: [], final: false };
    batch.trackingIds.push(importId);
    batch.jobs.push(job);
    for (const [row, device] of matchImported(chunk, imported)) {
      if (!device) {
        results.set(row.line, {
          ...base(row),
          status: 'unknown',
          trackingId: importId,
          errorDescription: l10n.t("Intune's answer to the import did not name this device: check it in Intune."),
        });
        continue;
      }
      const sent: SentDevice = {
        ...sentDevice(row, intuneRowFingerprint(row)),
        importedId: device.id,
        personalized: Boolean(row.groupTag.trim() || row.assignedUser.trim()),
      };
      job.devices.push(sent);
      tracked.push({ row, sent, importId });
    }
    logger?.info(`Intune import ${importId}: ${chunk.length} devices sent, ${imported.length} import records created.`);
  }

  // Then read the states until every device is done, or the wait is over (Intune goes on, the user checks later).
  let waiting = tracked;
  const total = tracked.length;
  let waited = 0;
  let interval = options.timing.pollIntervalMs;
  const finished: Tracked[] = [];
  while (waiting.length > 0 && !stopped) {
    const wait = Math.min(interval, Math.max(0, options.timing.maxJobWaitMs - waited));
    try {
      await options.timing.sleep(wait, signal);
      waited += wait;
      interval = Math.min(options.timing.maxPollIntervalMs, Math.ceil(interval * 1.5));
      const read = await mapLimited(waiting, READS_AT_ONCE, (entry) => readResult(client, entry, signal));
      const still: Tracked[] = [];
      waiting.forEach((entry, index) => {
        const result = read[index];
        if (result) {
          results.set(result.line, result);
          finished.push(entry);
        } else still.push(entry);
      });
      waiting = still;
      progress(
        l10n.t('Intune registered {0} of {1} devices…', total - waiting.length, total),
        (total - waiting.length) / Math.max(1, total),
      );
    } catch (error) {
      stop(
        signal?.aborted
          ? new GraphError(
              'cancelled',
              l10n.t(
                'Stopped waiting for Intune. The devices were sent and Intune keeps registering them: check the result later ("Check Upload Status…" in the editor), or in Intune (Devices > Enrollment > Windows Autopilot devices).',
              ),
            )
          : error,
      );
      break;
    }
    if (waiting.length > 0 && waited >= options.timing.maxJobWaitMs) {
      logger?.warn(
        `Intune was still registering ${waiting.length} device${waiting.length === 1 ? '' : 's'} after ${formatSeconds(waited)}; stopped waiting. ` +
          'Check them later ("Check Upload Status…", or Intune).',
      );
      break;
    }
  }
  for (const entry of waiting) results.set(entry.sent.line, pendingResult(entry));
  for (const job of batch.jobs) job.final = job.devices.every((device) => !waiting.some((entry) => entry.sent === device));

  await cleanUp(client, finished, logger);
  if (options.sync !== false && [...results.values()].some((result) => result.status === 'registered') && !signal?.aborted) {
    const synced = await client.syncAutopilot(signal).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    logger?.info(synced);
  }
  if (stopped) {
    for (const row of sendable) {
      if (!results.has(row.line)) {
        results.set(row.line, {
          ...base(row),
          status: 'not-sent',
          errorDescription:
            stopped.kind === 'cancelled'
              ? l10n.t('Not sent: the import was cancelled before this device was sent.')
              : l10n.t('Not sent: {0}', stopped.message),
        });
      }
    }
  }

  const ordered = rows.flatMap((row) => results.get(row.line) ?? []);
  return {
    results: ordered,
    counts: countResults(ordered),
    batches: batch.jobs.length > 0 ? [batch] : [],
    warnings: [],
    ...(stopped ? { stopped } : {}),
  };
}

/**
 * One read of devices an earlier import left pending ("Check Upload Status…"): the results of those Intune is done
 * with (their import records are then deleted), and how many it is still working on.
 */
export async function readIntuneResults(
  client: IntuneImportApi,
  devices: readonly SentDevice[],
  options: { importId: string; signal?: AbortSignal; logger?: UploadLogger },
): Promise<{ results: UploadRowResult[]; stillProcessing: number }> {
  const results: UploadRowResult[] = [];
  const finished: Tracked[] = [];
  let stillProcessing = 0;
  const entries = devices.flatMap((sent): Tracked[] => (sent.importedId ? [{ row: sent, sent, importId: options.importId }] : []));
  const read = await mapLimited(entries, READS_AT_ONCE, (entry) => readResult(client, entry, options.signal));
  entries.forEach((entry, index) => {
    const result = read[index];
    if (result) {
      results.push(result);
      finished.push(entry);
    } else stillProcessing += 1;
  });
  await cleanUp(client, finished, options.logger);
  return { results, stillProcessing };
}

async function readResult(client: IntuneImportApi, entry: Tracked, signal: AbortSignal | undefined): Promise<UploadRowResult | undefined> {
  const { sent } = entry;
  const state = await client.getImportedDevice(sent.importedId ?? '', signal);
  const where = { line: sent.line, serialNumber: sent.serialNumber, fingerprint: sent.fingerprint, trackingId: entry.importId };
  const groupTag = 'groupTag' in entry.row ? entry.row.groupTag.trim() : '';
  if (!state) {
    return {
      ...where,
      status: 'unknown',
      errorDescription: l10n.t('Intune no longer has the import record of this device: check the device in Intune.'),
    };
  }
  const verdict = intuneVerdict(state, sent.personalized ?? false);
  return verdict ? { ...where, ...(groupTag ? { batchName: groupTag } : {}), ...verdict } : undefined;
}

function pendingResult(entry: Tracked): UploadRowResult {
  const groupTag = 'groupTag' in entry.row ? entry.row.groupTag.trim() : '';
  return {
    line: entry.sent.line,
    serialNumber: entry.sent.serialNumber,
    fingerprint: entry.sent.fingerprint,
    status: 'pending',
    ...(groupTag ? { batchName: groupTag } : {}),
    trackingId: entry.importId,
    errorDescription: l10n.t('Intune was still registering this device when the import stopped waiting (import {0}).', entry.importId),
  };
}

/** The import records of finished devices are deleted: they are a staging area, and would pile up otherwise. */
async function cleanUp(client: IntuneImportApi, finished: readonly Tracked[], logger: UploadLogger | undefined): Promise<void> {
  let failures = 0;
  await mapLimited(finished, READS_AT_ONCE, async (entry) => {
    try {
      await client.deleteImportedDevice(entry.sent.importedId ?? '');
    } catch (error) {
      failures += 1;
      if (failures === 1) logger?.warn(`Could not delete an import record (${error instanceof Error ? error.message : String(error)}).`);
    }
  });
  if (failures > 1) logger?.warn(`${failures} import records were not deleted; Intune lists them until they are.`);
}

/**
 * `work` over every item, at most `limit` at a time, results in order. Hundreds of devices are read one request each;
 * a few in flight keep that short without crossing Intune's limit (1000 requests per 20 s per tenant).
 */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Pairs each row sent with its import record: by serial number, then by position when the counts leave no doubt. */
function matchImported(rows: readonly UploadRow[], imported: readonly ImportedDevice[]): Array<[UploadRow, ImportedDevice | undefined]> {
  const used = new Set<number>();
  const bySerial = new Map<string, number[]>();
  imported.forEach((device, index) => {
    const key = device.serialNumber.trim().toUpperCase();
    if (key) bySerial.set(key, [...(bySerial.get(key) ?? []), index]);
  });
  const pairs: Array<[UploadRow, number | undefined]> = rows.map((row) => {
    const found = bySerial.get(row.serialNumber.trim().toUpperCase())?.find((index) => !used.has(index));
    if (found !== undefined) used.add(found);
    return [row, found];
  });
  const leftoverRows = pairs.filter(([, index]) => index === undefined);
  const leftoverRecords = imported.flatMap((_device, index) => (used.has(index) ? [] : [index]));
  if (leftoverRows.length === leftoverRecords.length) leftoverRows.forEach((pair, order) => (pair[1] = leftoverRecords[order]));
  return pairs.map(([row, index]) => [row, index === undefined ? undefined : imported[index]]);
}

function cancelledWhileSending(error: unknown): unknown {
  if (error instanceof GraphError && error.kind === 'cancelled') {
    return new GraphError(
      'cancelled',
      l10n.t(
        'Import cancelled while sending devices to Intune. Intune may still register the ones it received: check Devices > Enrollment > Windows Autopilot devices, or import the file again later (devices already there are reported, not duplicated).',
      ),
    );
  }
  return error;
}
