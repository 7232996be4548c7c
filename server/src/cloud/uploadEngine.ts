// Uploads the rows of an Autopilot CSV to one Partner Center customer: reads what the customer already has, sends
// one device batch per group tag, waits (bounded) for each batch job, and ties Partner Center's per-device verdicts
// back to the file's rows. No `vscode` import: the CLI uses it too. What the results mean for a person:
// uploadReport.ts. What a person reads (progress, warnings, reasons) is in the process's language (core/locale.ts);
// the logger's lines stay English on purpose: they are pasted into support tickets.

import * as l10n from '@vscode/l10n';
import { hashDigest, rowFingerprint, type DeviceRecord } from '../core/devices';
import {
  PartnerCenterError,
  type BatchJobStatus,
  type DeviceBatchSummary,
  type DeviceUploadStatus,
  type PartnerCenterDevice,
  type RegisteredDevice,
  type UploadLogger,
} from './partnerCenterClient';

/** Devices per POST: Partner Center documents no maximum; 500 matches the Intune import limit and keeps jobs short. */
export const DEFAULT_DEVICES_PER_REQUEST = 500;

/** Devices read from the customer's existing batches before an upload, at most (100 per request). */
export const DEFAULT_INVENTORY_LIMIT = 20_000;

/** One device row of the file; the same record the validation core extracts (core/devices.ts). */
export type UploadRow = DeviceRecord;

/**
 * - `registered`: added to the batch.
 * - `already-registered`: the customer already has it in this very batch: nothing to do.
 * - `tag-not-applied`: the customer already has it elsewhere (another batch, or registered outside Partner Center):
 *   Partner Center did not add it to this batch, so it does not carry this batch's name as its group tag.
 * - `rejected`: Partner Center refused it (or it could not be sent at all).
 * - `pending`: sent, but Partner Center was still processing it when the upload stopped waiting (see `trackingId`).
 * - `not-sent`: the upload stopped (an error, a cancel) before this row was sent.
 * - `unknown`: Partner Center's answer could not be tied to this row.
 */
export type UploadStatus = 'registered' | 'already-registered' | 'tag-not-applied' | 'rejected' | 'pending' | 'not-sent' | 'unknown';

/** How a verdict was tied to its row. */
export type MatchedBy = 'serial' | 'product-key' | 'hash' | 'position' | 'inventory';

export interface UploadRowResult {
  line: number;
  serialNumber: string;
  /** Ties the result to the row as uploaded (core/devices.ts: rowFingerprint, or intuneRowFingerprint). */
  fingerprint: string;
  status: UploadStatus;
  errorCode?: string;
  errorDescription?: string;
  /** The batch (group tag) the row was meant for; absent when it could not be sent at all. */
  batchName?: string;
  /** The batch job the row was sent in. */
  trackingId?: string;
  /** already-registered / tag-not-applied: the batch the customer has the device in, when Partner Center lists it. */
  existingBatch?: string;
  matchedBy?: MatchedBy;
}

export interface UploadCounts {
  total: number;
  registered: number;
  alreadyRegistered: number;
  tagNotApplied: number;
  rejected: number;
  pending: number;
  notSent: number;
  unknown: number;
}

/** A device as sent in a batch job: what it takes to tie a later status read back to the row. */
export interface SentDevice {
  line: number;
  serialNumber: string;
  productKey: string;
  /** hashDigest of the hardware hash, '' without one. */
  hashDigest: string;
  fingerprint: string;
  /** Intune: the imported identity to read the result from, and whether the row asked for a group tag or user. */
  importedId?: string;
  personalized?: boolean;
}

export interface UploadJob {
  trackingId: string;
  devices: SentDevice[];
  /** False when the upload stopped waiting before Partner Center finished the job. */
  final: boolean;
}

export interface UploadedBatch {
  name: string;
  created: boolean;
  deviceCount: number;
  trackingIds: string[];
  jobs: UploadJob[];
}

export interface UploadOutcome {
  results: UploadRowResult[];
  counts: UploadCounts;
  batches: UploadedBatch[];
  /** Things the user should know although nothing failed (e.g. an existing batch spelled differently). */
  warnings: string[];
  /** Set when the upload stopped (an error or a cancel) after it had sent devices: the results so far are kept. */
  stopped?: { kind: string; message: string; error: unknown };
}

/** What the customer already has: its batches and the devices in them (read before sending anything). */
export interface CustomerInventory {
  batches: DeviceBatchSummary[];
  /** Upper-case serial number -> the batch holding the device. */
  batchBySerial: Map<string, string>;
  /** Upper-case product key -> the batch holding the device. */
  batchByProductKey: Map<string, string>;
  /** False when some batches' devices were not read (more than the limit). */
  complete: boolean;
}

/** What the engine needs from Partner Center; `PartnerCenterClient` provides it. */
export interface DeviceBatchApi {
  listDeviceBatches(customerId: string, signal?: AbortSignal): Promise<DeviceBatchSummary[]>;
  listBatchDevices(
    customerId: string,
    batchId: string,
    options?: { signal?: AbortSignal; maxDevices?: number },
  ): Promise<{ devices: RegisteredDevice[]; complete: boolean }>;
  createDeviceBatch(customerId: string, batchId: string, devices: PartnerCenterDevice[], signal?: AbortSignal): Promise<string>;
  addDevicesToBatch(customerId: string, batchId: string, devices: PartnerCenterDevice[], signal?: AbortSignal): Promise<string>;
  waitForBatchJob(
    customerId: string,
    trackingId: string,
    options?: { signal?: AbortSignal; batchName?: string; onStatus?: (status: BatchJobStatus) => void },
  ): Promise<BatchJobStatus>;
}

export interface UploadOptions {
  client: DeviceBatchApi;
  customerId: string;
  /** Batch for rows without a group tag; required when there are such rows (there is no default tag). */
  defaultBatchName?: string;
  /** What the customer already has, when the caller read it first (to show it before asking); else read here. */
  inventory?: CustomerInventory;
  signal?: AbortSignal;
  onProgress?: (message: string, fractionDone: number) => void;
  logger?: UploadLogger;
  devicesPerRequest?: number;
}

export interface PlannedBatch {
  name: string;
  rows: UploadRow[];
}

/**
 * Why a batch name cannot be a group tag, or undefined (the checks of `group-tag-invalid`): at most 512 characters,
 * no `,` `"` or control characters.
 */
export function batchNameProblem(name: string): string | undefined {
  if (!name.trim()) return l10n.t('a batch name cannot be empty');
  if (name.length > 512) return l10n.t('a group tag has at most 512 characters');
  if (/[,"\u0000-\u001f]/.test(name)) return l10n.t('a group tag cannot contain commas, quotes or control characters');
  return undefined;
}

/** Rows without a group tag: the upload needs a batch name for them. */
export function untaggedRows(rows: readonly UploadRow[]): UploadRow[] {
  return rows.filter((row) => row.groupTag.trim() === '');
}

/** One batch per group tag, in order of first appearance; untagged rows go to `defaultBatchName`. */
export function planBatches(rows: readonly UploadRow[], defaultBatchName = ''): PlannedBatch[] {
  const batches = new Map<string, PlannedBatch>();
  for (const row of rows) {
    const name = row.groupTag.trim() || defaultBatchName.trim();
    if (!name) throw new Error(`line ${row.line + 1} has no group tag and no batch name was given for such rows`);
    let batch = batches.get(name);
    if (!batch) {
      batch = { name, rows: [] };
      batches.set(name, batch);
    }
    batch.rows.push(row);
  }
  return [...batches.values()];
}

/**
 * The identifiers Partner Center accepts: the hash (with product key and serial when known), else
 * serial + manufacturer + model, else the product key. The serial always goes along when known,
 * because Partner Center reports results by serial number.
 */
export function toPartnerCenterDevice(row: UploadRow): PartnerCenterDevice | undefined {
  const serial = row.serialNumber.trim();
  const productKey = row.productKey.trim();
  const hash = row.hardwareHash.trim();
  const manufacturer = row.manufacturer.trim();
  const model = row.model.trim();
  const device: PartnerCenterDevice = {};
  if (serial) device.SerialNumber = serial;
  if (productKey) device.ProductKey = productKey;
  if (hash) {
    device.HardwareHash = hash;
    return device;
  }
  if (serial && manufacturer && model) {
    device.OemManufacturerName = manufacturer;
    device.ModelName = model;
    return device;
  }
  return productKey ? device : undefined;
}

/** Things to tell the user before anything is sent. */
export function preUploadNotices(rows: readonly UploadRow[]): string[] {
  const notices: string[] = [];
  const withUser = rows.filter((row) => row.assignedUser.trim() !== '');
  if (withUser.length > 0) {
    notices.push(
      withUser.length === 1
        ? l10n.t(
            '1 device has an Assigned User, which Partner Center does not take (its device has no user field): the user is not assigned. Assign users in Intune after the upload (Devices > Enrollment > Windows Autopilot devices), or import the file in Intune instead.',
          )
        : l10n.t(
            '{0} devices have an Assigned User, which Partner Center does not take (its device has no user field): the user is not assigned. Assign users in Intune after the upload (Devices > Enrollment > Windows Autopilot devices), or import the file in Intune instead.',
            withUser.length,
          ),
    );
  }
  return notices;
}

/**
 * Reads the customer's batches and the devices in them (at most `maxDevices`), so that rows already registered to
 * the customer can be shown before the upload and are not sent again.
 */
export async function readCustomerInventory(
  client: DeviceBatchApi,
  customerId: string,
  options: { signal?: AbortSignal; maxDevices?: number; onProgress?: (message: string) => void } = {},
): Promise<CustomerInventory> {
  const { signal } = options;
  options.onProgress?.(l10n.t("Reading the customer's device batches…"));
  const batches = await client.listDeviceBatches(customerId, signal);
  const inventory: CustomerInventory = { batches, batchBySerial: new Map(), batchByProductKey: new Map(), complete: true };
  let budget = options.maxDevices ?? DEFAULT_INVENTORY_LIMIT;
  for (const [index, batch] of batches.entries()) {
    if (budget <= 0) {
      inventory.complete = false;
      break;
    }
    options.onProgress?.(l10n.t('Reading the devices of batch "{0}" ({1} of {2})…', batch.id, index + 1, batches.length));
    const { devices, complete } = await client.listBatchDevices(customerId, batch.id, { signal, maxDevices: budget });
    if (!complete) inventory.complete = false;
    budget -= devices.length;
    for (const device of devices) {
      if (device.serialNumber.trim()) inventory.batchBySerial.set(normalizeKey(device.serialNumber), batch.id);
      if (device.productKey.trim()) inventory.batchByProductKey.set(normalizeKey(device.productKey), batch.id);
    }
  }
  return inventory;
}

/** The batch the customer already has this row's device in (by serial number, else product key). */
export function registeredBatchOf(inventory: CustomerInventory, row: Pick<UploadRow, 'serialNumber' | 'productKey'>): string | undefined {
  const serial = normalizeKey(row.serialNumber);
  const productKey = normalizeKey(row.productKey);
  return (
    (serial ? inventory.batchBySerial.get(serial) : undefined) ?? (productKey ? inventory.batchByProductKey.get(productKey) : undefined)
  );
}

/** The batch name a row goes to: its tag, else the name chosen for untagged rows. */
function targetBatchName(row: UploadRow, defaultBatchName: string): string {
  return row.groupTag.trim() || defaultBatchName.trim();
}

/**
 * The result of a row whose device the customer already has (it is not sent again), or undefined: in the batch it
 * was meant for it is `already-registered`, elsewhere `tag-not-applied`.
 */
export function alreadyRegisteredResult(inventory: CustomerInventory, row: UploadRow, defaultBatchName = ''): UploadRowResult | undefined {
  const existing = registeredBatchOf(inventory, row);
  if (existing === undefined) return undefined;
  // An untagged row asks for no tag while no name was chosen: the batch it is in is as good as any.
  const batchName = targetBatchName(row, defaultBatchName) || existing;
  return {
    line: row.line,
    serialNumber: row.serialNumber,
    fingerprint: rowFingerprint(row),
    status: sameBatch(existing, batchName) ? 'already-registered' : 'tag-not-applied',
    batchName,
    existingBatch: existing,
    matchedBy: 'inventory',
    errorDescription: l10n.t('Not sent: the customer already has this device in batch "{0}".', existing),
  };
}

function sameBatch(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export async function uploadRows(rows: readonly UploadRow[], options: UploadOptions): Promise<UploadOutcome> {
  const { client, customerId, signal } = options;
  const logger = options.logger;
  const progress = options.onProgress ?? (() => {});
  const perRequest = Math.max(1, options.devicesPerRequest ?? DEFAULT_DEVICES_PER_REQUEST);
  const defaultBatchName = options.defaultBatchName ?? '';
  const results = new Map<number, UploadRowResult>();
  const warnings: string[] = [];
  const uploaded: UploadedBatch[] = [];
  const base = (row: UploadRow): Pick<UploadRowResult, 'line' | 'serialNumber' | 'fingerprint'> => ({
    line: row.line,
    serialNumber: row.serialNumber,
    fingerprint: rowFingerprint(row),
  });

  const identified: UploadRow[] = [];
  for (const row of rows) {
    if (toPartnerCenterDevice(row)) {
      identified.push(row);
    } else {
      results.set(row.line, {
        ...base(row),
        status: 'rejected',
        errorDescription: l10n.t('Not sent: the row has no hardware hash, no product key, and no serial number + manufacturer + model.'),
      });
    }
  }

  let stopped: UploadOutcome['stopped'];
  if (identified.length > 0) {
    const inventory = options.inventory ?? (await readCustomerInventory(client, customerId, { signal, onProgress: (m) => progress(m, 0) }));
    const sendable: UploadRow[] = [];
    for (const row of identified) {
      const known = alreadyRegisteredResult(inventory, row, defaultBatchName);
      if (known) results.set(row.line, known);
      else sendable.push(row);
    }
    if (identified.length > sendable.length) {
      logger?.info(
        `${identified.length - sendable.length} of ${identified.length} devices are already registered to customer ${customerId}; they are not sent again.`,
      );
    }

    const missingName = untaggedRows(sendable);
    if (missingName.length > 0 && !defaultBatchName.trim()) {
      throw new PartnerCenterError(
        'configuration',
        missingName.length === 1
          ? l10n.t('1 row has no group tag: choose the batch name (it becomes their group tag).')
          : l10n.t('{0} rows have no group tag: choose the batch name (it becomes their group tag).', missingName.length),
      );
    }
    const plan = planBatches(sendable, defaultBatchName);
    const total = sendable.length;
    let done = 0;
    let sentAny = false;
    const existing = [...inventory.batches];
    const markNotSent = (description: string): void => {
      for (const row of sendable) {
        if (!results.has(row.line)) {
          results.set(row.line, {
            ...base(row),
            status: 'not-sent',
            batchName: targetBatchName(row, defaultBatchName),
            errorDescription: description,
          });
        }
      }
    };
    try {
      for (const batch of plan) {
        const match = existing.find((candidate) => sameBatch(candidate.id, batch.name));
        if (match && match.id !== batch.name) {
          warnings.push(
            l10n.t(
              'Partner Center already has a batch "{0}" that differs from "{1}" only in capitalization; the devices were added to "{0}". Group tags must match exactly, so check the devices\' group tag.',
              match.id,
              batch.name,
            ),
          );
        }
        const record: UploadedBatch = {
          name: match?.id ?? batch.name,
          created: !match,
          deviceCount: batch.rows.length,
          trackingIds: [],
          jobs: [],
        };
        uploaded.push(record);
        // A later tag that differs only in case must add to this batch, not try to create it again.
        if (!match) existing.push({ id: record.name, devicesCount: 0 });
        let batchExists = match !== undefined;
        for (let start = 0; start < batch.rows.length; start += perRequest) {
          const chunk = batch.rows.slice(start, start + perRequest);
          const devices = chunk.map((row) => toPartnerCenterDevice(row)).filter((device) => device !== undefined);
          progress(sendingProgress(batchExists, chunk.length, record.name), done / total);
          const submitted = await submit(client, customerId, record.name, devices, batchExists, signal, logger);
          if (!submitted.created) record.created = false;
          const trackingId = submitted.trackingId;
          sentAny = true;
          batchExists = true;
          const job: UploadJob = { trackingId, devices: chunk.map((row) => sentDevice(row)), final: false };
          record.trackingIds.push(trackingId);
          record.jobs.push(job);
          logger?.info(`Batch "${record.name}": ${chunk.length} devices sent to customer ${customerId}, tracking id ${trackingId}.`);
          let status: BatchJobStatus;
          try {
            status = await client.waitForBatchJob(customerId, trackingId, {
              signal,
              batchName: record.name,
              onStatus: (current) =>
                // The state is Partner Center's own word (queued, processing), as its API names it.
                progress(l10n.t('Partner Center: batch "{0}" is {1}…', record.name, current.status.replace(/_/g, ' ')), done / total),
            });
          } catch (error) {
            // The devices were sent: whatever stopped the wait, Partner Center goes on with them.
            for (const row of chunk) results.set(row.line, pendingResult(base(row), record.name, trackingId));
            throw error;
          }
          job.final = status.final;
          if (status.final) {
            for (const result of matchDeviceStatuses(chunk, status.devicesStatus, { batchName: record.name, trackingId, logger })) {
              results.set(result.line, result);
            }
          } else {
            for (const row of chunk) results.set(row.line, pendingResult(base(row), record.name, trackingId));
          }
          logger?.info(`Batch "${record.name}": job ${trackingId} ${status.final ? 'ended' : 'is still'} with status ${status.status}.`);
          done += chunk.length;
          progress(l10n.t('Batch "{0}": {1} of {2} devices processed.', record.name, done, total), done / total);
        }
      }
    } catch (error) {
      // Before anything was sent, a failure is the whole answer; after, the devices already sent have results
      // (or tracking ids) that must not be lost.
      if (!sentAny) throw error;
      const message = error instanceof Error ? error.message : String(error);
      stopped = { kind: error instanceof PartnerCenterError ? error.kind : error instanceof Error ? error.name : 'error', message, error };
      logger?.error(`The upload stopped after sending devices: ${message}`);
      markNotSent(
        stopped.kind === 'cancelled'
          ? l10n.t('Not sent: the upload was cancelled before this device was sent.')
          : l10n.t('Not sent: the upload stopped: {0}', message),
      );
    }
  }

  const ordered = rows.flatMap((row) => {
    const result = results.get(row.line);
    return result ? [result] : [];
  });
  return { results: ordered, counts: countResults(ordered), batches: uploaded, warnings, ...(stopped ? { stopped } : {}) };
}

function pendingResult(
  base: Pick<UploadRowResult, 'line' | 'serialNumber' | 'fingerprint'>,
  batchName: string,
  trackingId: string,
): UploadRowResult {
  return {
    ...base,
    status: 'pending',
    batchName,
    trackingId,
    errorDescription: l10n.t(
      'Partner Center was still processing this device when the upload stopped waiting (tracking id {0}).',
      trackingId,
    ),
  };
}

export function sentDevice(row: UploadRow, fingerprint = rowFingerprint(row)): SentDevice {
  return {
    line: row.line,
    serialNumber: row.serialNumber.trim(),
    productKey: row.productKey.trim(),
    hashDigest: row.hardwareHash.trim() ? hashDigest(row.hardwareHash) : '',
    fingerprint,
  };
}

async function submit(
  client: DeviceBatchApi,
  customerId: string,
  batchName: string,
  devices: PartnerCenterDevice[],
  batchExists: boolean,
  signal: AbortSignal | undefined,
  logger: UploadLogger | undefined,
): Promise<{ trackingId: string; created: boolean }> {
  try {
    if (batchExists) return { trackingId: await client.addDevicesToBatch(customerId, batchName, devices, signal), created: false };
    try {
      return { trackingId: await client.createDeviceBatch(customerId, batchName, devices, signal), created: true };
    } catch (error) {
      // The batch appeared since the batches were read (another upload, a colleague): add to it instead.
      if (!(error instanceof PartnerCenterError) || error.kind !== 'conflict') throw error;
      logger?.info(`Batch "${batchName}" exists now (HTTP 409 on create); adding the devices to it.`);
      return { trackingId: await client.addDevicesToBatch(customerId, batchName, devices, signal), created: false };
    }
  } catch (error) {
    if (error instanceof PartnerCenterError && error.kind === 'cancelled') {
      throw new PartnerCenterError(
        'cancelled',
        l10n.t(
          'Upload cancelled while sending devices to batch "{0}". Partner Center may still register them: check the customer\'s devices in Partner Center, or upload the file again later (devices already registered are then found and not sent again).',
          batchName,
        ),
        { batchName },
      );
    }
    throw error;
  }
}

/** The identifying values of a device as sent, for matching (rows carry the hash, stored jobs only its digest). */
interface MatchCandidate {
  line: number;
  serialNumber: string;
  productKey: string;
  hashDigest: string;
  fingerprint: string;
}

function candidateOf(row: UploadRow | SentDevice): MatchCandidate {
  return 'hardwareHash' in row
    ? {
        line: row.line,
        serialNumber: row.serialNumber,
        productKey: row.productKey,
        hashDigest: row.hardwareHash.trim() ? hashDigest(row.hardwareHash) : '',
        fingerprint: rowFingerprint(row),
      }
    : row;
}

/**
 * Ties each status to a device as sent: by serial number, then product key, then hardware hash (when the service
 * echoes it), then by position in the batch as sent. Hash-only uploads come back without serial or product key
 * (CIPP's client matches them by position too); the log says which lines were matched that way.
 */
export function matchDeviceStatuses(
  sent: ReadonlyArray<UploadRow | SentDevice>,
  statuses: readonly DeviceUploadStatus[],
  context: { batchName?: string; trackingId?: string; logger?: UploadLogger } = {},
): UploadRowResult[] {
  const candidates = sent.map(candidateOf);
  const bySerial = new Map<string, number[]>();
  const byProductKey = new Map<string, number[]>();
  const byHash = new Map<string, number[]>();
  statuses.forEach((status, index) => {
    if (status.serialNumber?.trim()) pushTo(bySerial, normalizeKey(status.serialNumber), index);
    if (status.productKey?.trim()) pushTo(byProductKey, normalizeKey(status.productKey), index);
    if (status.hardwareHash?.trim()) pushTo(byHash, hashDigest(status.hardwareHash), index);
  });
  const used = new Set<number>();
  const take = (index: Map<string, number[]>, key: string): number | undefined => {
    if (!key) return undefined;
    const found = index.get(key)?.find((candidate) => !used.has(candidate));
    if (found !== undefined) used.add(found);
    return found;
  };
  const matched: Array<{ status: number; by: MatchedBy } | undefined> = candidates.map((candidate) => {
    const serial = take(bySerial, normalizeKey(candidate.serialNumber));
    if (serial !== undefined) return { status: serial, by: 'serial' };
    const productKey = take(byProductKey, normalizeKey(candidate.productKey));
    if (productKey !== undefined) return { status: productKey, by: 'product-key' };
    const hash = take(byHash, candidate.hashDigest);
    return hash === undefined ? undefined : { status: hash, by: 'hash' };
  });

  // By position: the rows still without a verdict take, in the order they were sent, the statuses that name no
  // device, in the order they came; only when the counts leave no doubt.
  const anonymous = (index: number): boolean => {
    const status = statuses[index];
    return !status?.serialNumber?.trim() && !status?.productKey?.trim() && !status?.hardwareHash?.trim();
  };
  const leftoverRows = matched.flatMap((match, index) => (match === undefined ? [index] : []));
  const leftoverStatuses = statuses.flatMap((_status, index) => (!used.has(index) && anonymous(index) ? [index] : []));
  const positioned = leftoverRows.length > 0 && leftoverRows.length === leftoverStatuses.length ? leftoverRows : [];
  positioned.forEach((row, order) => {
    matched[row] = { status: leftoverStatuses[order] ?? -1, by: 'position' };
  });
  if (positioned.length > 0) {
    context.logger?.info(
      `Partner Center reported ${positioned.length} device${positioned.length === 1 ? '' : 's'} of ${context.batchName ? `batch "${context.batchName}"` : 'the batch'}` +
        ` without serial number or product key; matched by position in the batch as sent: line${positioned.length === 1 ? '' : 's'} ` +
        `${positioned.map((index) => (candidates[index]?.line ?? 0) + 1).join(', ')}.`,
    );
  }

  return candidates.map((candidate, index) => {
    const match = matched[index];
    const result = {
      line: candidate.line,
      serialNumber: candidate.serialNumber,
      fingerprint: candidate.fingerprint,
      batchName: context.batchName,
      trackingId: context.trackingId,
    };
    const status = match === undefined ? undefined : statuses[match.status];
    if (!status || !match) {
      return {
        ...result,
        status: 'unknown',
        errorDescription: l10n.t('Partner Center did not report on this device; check it in Partner Center.'),
      };
    }
    return { ...result, ...verdictFor(status), matchedBy: match.by };
  });
}

/** What one per-device status means. */
export function verdictFor(status: DeviceUploadStatus): Pick<UploadRowResult, 'status' | 'errorCode' | 'errorDescription'> {
  const errorCode = status.errorCode?.trim() || undefined;
  const errorDescription = status.errorDescription?.trim() || undefined;
  if (errorCode === '806' || /^ZtdDeviceAlreadyAssigned$/i.test(errorDescription ?? '')) {
    // Not added to this batch: the customer has the device outside the batches read before the upload (another
    // batch, or registered by the customer through Intune), so it does not get this batch's group tag.
    return { status: 'tag-not-applied', errorCode, errorDescription };
  }
  if (errorCode || errorDescription || status.status === 'finished_with_errors') {
    return { status: 'rejected', errorCode, errorDescription };
  }
  if (status.status === 'finished') return { status: 'registered' };
  return { status: 'unknown', errorDescription: l10n.t('Partner Center left the device in state "{0}".', status.status) };
}

function normalizeKey(value: string): string {
  return value.trim().toUpperCase();
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function countResults(results: readonly UploadRowResult[]): UploadCounts {
  const counts: UploadCounts = {
    total: results.length,
    registered: 0,
    alreadyRegistered: 0,
    tagNotApplied: 0,
    rejected: 0,
    pending: 0,
    notSent: 0,
    unknown: 0,
  };
  for (const result of results) {
    if (result.status === 'registered') counts.registered += 1;
    else if (result.status === 'already-registered') counts.alreadyRegistered += 1;
    else if (result.status === 'tag-not-applied') counts.tagNotApplied += 1;
    else if (result.status === 'rejected') counts.rejected += 1;
    else if (result.status === 'pending') counts.pending += 1;
    else if (result.status === 'not-sent') counts.notSent += 1;
    else counts.unknown += 1;
  }
  return counts;
}

/** Every device was registered, or already was in its batch: nothing left to do. */
export function everyDeviceDone(counts: UploadCounts): boolean {
  return counts.registered + counts.alreadyRegistered === counts.total;
}

export function summarizeCounts(counts: UploadCounts): string {
  const parts = [l10n.t('{0} registered', counts.registered)];
  if (counts.alreadyRegistered) parts.push(l10n.t('{0} already registered', counts.alreadyRegistered));
  if (counts.tagNotApplied) parts.push(l10n.t('{0} registered elsewhere (group tag not applied)', counts.tagNotApplied));
  parts.push(l10n.t('{0} rejected', counts.rejected));
  if (counts.pending) parts.push(l10n.t('{0} still processing', counts.pending));
  if (counts.notSent) parts.push(l10n.t('{0} not sent', counts.notSent));
  if (counts.unknown) parts.push(l10n.t('{0} without a result', counts.unknown));
  const list = parts.join(', ');
  return counts.total === 1 ? l10n.t('{0} (of 1 device)', list) : l10n.t('{0} (of {1} devices)', list, counts.total);
}

/** The progress line of one request: a new batch is sent, an existing one added to. */
function sendingProgress(batchExists: boolean, devices: number, batchName: string): string {
  if (batchExists) {
    return devices === 1
      ? l10n.t('Adding 1 device to batch "{0}"…', batchName)
      : l10n.t('Adding {0} devices to batch "{1}"…', devices, batchName);
  }
  return devices === 1
    ? l10n.t('Sending 1 device to batch "{0}"…', batchName)
    : l10n.t('Sending {0} devices to batch "{1}"…', devices, batchName);
}
