// Uploads the rows of an Autopilot CSV to one Partner Center customer: one device batch per group tag,
// then maps Partner Center's per-device verdicts back to the file's lines. No `vscode` import: the CLI uses it too.

import type { DeviceRecord } from '../core/devices';
import {
  PartnerCenterError,
  type BatchJobStatus,
  type DeviceBatchSummary,
  type DeviceUploadStatus,
  type PartnerCenterDevice,
  type UploadLogger,
} from './partnerCenterClient';

export const DEFAULT_BATCH_NAME = 'Microsoft365Managed_Autopilot';

/** Devices per POST: Partner Center documents no maximum; 500 matches the Intune import limit and keeps jobs short. */
export const DEFAULT_DEVICES_PER_REQUEST = 500;

/** One device row of the file; the same record the validation core extracts (core/devices.ts). */
export type UploadRow = DeviceRecord;

export type UploadStatus = 'registered' | 'already-registered' | 'rejected' | 'unknown';

export interface UploadRowResult {
  line: number;
  serialNumber: string;
  status: UploadStatus;
  errorCode?: string;
  errorDescription?: string;
  /** The Partner Center batch (group tag) the row was sent in; absent when it was never sent. */
  batchName?: string;
}

export interface UploadCounts {
  total: number;
  registered: number;
  alreadyRegistered: number;
  rejected: number;
  unknown: number;
}

export interface UploadedBatch {
  name: string;
  created: boolean;
  deviceCount: number;
  trackingIds: string[];
}

export interface UploadOutcome {
  results: UploadRowResult[];
  counts: UploadCounts;
  batches: UploadedBatch[];
  /** Things the user should know although nothing failed (e.g. an existing batch spelled differently). */
  warnings: string[];
}

/** What the engine needs from Partner Center; `PartnerCenterClient` provides it. */
export interface DeviceBatchApi {
  listDeviceBatches(customerId: string, signal?: AbortSignal): Promise<DeviceBatchSummary[]>;
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
  /** Batch for rows without a group tag. */
  defaultBatchName?: string;
  signal?: AbortSignal;
  onProgress?: (message: string, fractionDone: number) => void;
  logger?: UploadLogger;
  devicesPerRequest?: number;
}

export interface PlannedBatch {
  name: string;
  rows: UploadRow[];
}

/** One batch per group tag, in order of first appearance; untagged rows go to `defaultBatchName`. */
export function planBatches(rows: readonly UploadRow[], defaultBatchName: string = DEFAULT_BATCH_NAME): PlannedBatch[] {
  const batches = new Map<string, PlannedBatch>();
  for (const row of rows) {
    const name = row.groupTag.trim() || defaultBatchName.trim() || DEFAULT_BATCH_NAME;
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

export async function uploadRows(rows: readonly UploadRow[], options: UploadOptions): Promise<UploadOutcome> {
  const { client, customerId, signal } = options;
  const logger = options.logger;
  const progress = options.onProgress ?? (() => {});
  const perRequest = Math.max(1, options.devicesPerRequest ?? DEFAULT_DEVICES_PER_REQUEST);
  const results = new Map<number, UploadRowResult>();
  const warnings: string[] = [];
  const uploaded: UploadedBatch[] = [];

  const sendable: UploadRow[] = [];
  for (const row of rows) {
    if (toPartnerCenterDevice(row)) {
      sendable.push(row);
    } else {
      results.set(row.line, {
        line: row.line,
        serialNumber: row.serialNumber,
        status: 'rejected',
        errorDescription: 'Not sent: the row has no hardware hash, no product key, and no serial number + manufacturer + model.',
      });
    }
  }
  const plan = planBatches(sendable, options.defaultBatchName);
  const total = sendable.length;
  let done = 0;

  if (total > 0) {
    progress("Reading the customer's device batches…", 0);
    const existing = await client.listDeviceBatches(customerId, signal);
    for (const batch of plan) {
      const match = existing.find((candidate) => candidate.id.toLowerCase() === batch.name.toLowerCase());
      if (match && match.id !== batch.name) {
        warnings.push(
          `Partner Center already has a batch "${match.id}" that differs from "${batch.name}" only in capitalization; ` +
            `the devices were added to "${match.id}". Group tags must match exactly, so check the devices' group tag.`,
        );
      }
      const record: UploadedBatch = { name: match?.id ?? batch.name, created: !match, deviceCount: batch.rows.length, trackingIds: [] };
      uploaded.push(record);
      // A later tag that differs only in case must add to this batch, not try to create it again.
      if (!match) existing.push({ id: record.name, devicesCount: 0 });
      let batchExists = match !== undefined;
      for (let start = 0; start < batch.rows.length; start += perRequest) {
        const chunk = batch.rows.slice(start, start + perRequest);
        const devices = chunk.map((row) => toPartnerCenterDevice(row)).filter((device) => device !== undefined);
        progress(
          `${batchExists ? 'Adding' : 'Sending'} ${chunk.length} device${chunk.length === 1 ? '' : 's'} to batch "${record.name}"…`,
          done / total,
        );
        const trackingId = await submit(client, customerId, record.name, devices, batchExists, signal);
        batchExists = true;
        record.trackingIds.push(trackingId);
        logger?.info(`Batch "${record.name}": ${chunk.length} devices sent to customer ${customerId}, tracking id ${trackingId}.`);
        const status = await client.waitForBatchJob(customerId, trackingId, {
          signal,
          batchName: record.name,
          onStatus: (current) => progress(`Partner Center: batch "${record.name}" is ${current.status.replace(/_/g, ' ')}…`, done / total),
        });
        for (const result of matchDeviceStatuses(chunk, status.devicesStatus, record.name)) results.set(result.line, result);
        logger?.info(`Batch "${record.name}": job ${trackingId} ended with status ${status.status}.`);
        done += chunk.length;
        progress(`Batch "${record.name}": ${done} of ${total} devices processed.`, done / total);
      }
    }
  }

  const ordered = rows.flatMap((row) => {
    const result = results.get(row.line);
    return result ? [result] : [];
  });
  return { results: ordered, counts: countResults(ordered), batches: uploaded, warnings };
}

async function submit(
  client: DeviceBatchApi,
  customerId: string,
  batchName: string,
  devices: PartnerCenterDevice[],
  batchExists: boolean,
  signal: AbortSignal | undefined,
): Promise<string> {
  try {
    return batchExists
      ? await client.addDevicesToBatch(customerId, batchName, devices, signal)
      : await client.createDeviceBatch(customerId, batchName, devices, signal);
  } catch (error) {
    if (error instanceof PartnerCenterError && error.kind === 'cancelled') {
      throw new PartnerCenterError(
        'cancelled',
        `Upload cancelled while sending devices to batch "${batchName}". Partner Center may still register them: ` +
          "check the customer's devices in Partner Center, or upload the file again later (devices already registered are then reported as already registered).",
        { batchName },
      );
    }
    throw error;
  }
}

/** Partner Center names devices by serial (or product key); duplicates are matched in order. */
export function matchDeviceStatuses(
  rows: readonly UploadRow[],
  statuses: readonly DeviceUploadStatus[],
  batchName?: string,
): UploadRowResult[] {
  const bySerial = new Map<string, DeviceUploadStatus[]>();
  const byProductKey = new Map<string, DeviceUploadStatus[]>();
  for (const status of statuses) {
    if (status.serialNumber) pushTo(bySerial, normalizeKey(status.serialNumber), status);
    if (status.productKey) pushTo(byProductKey, normalizeKey(status.productKey), status);
  }
  const used = new Set<DeviceUploadStatus>();
  const take = (index: Map<string, DeviceUploadStatus[]>, key: string): DeviceUploadStatus | undefined => {
    if (!key) return undefined;
    const found = index.get(key)?.find((status) => !used.has(status));
    if (found) used.add(found);
    return found;
  };
  return rows.map((row) => {
    const status = take(bySerial, normalizeKey(row.serialNumber)) ?? take(byProductKey, normalizeKey(row.productKey));
    const base = { line: row.line, serialNumber: row.serialNumber, batchName };
    if (!status) {
      return {
        ...base,
        status: 'unknown',
        errorDescription:
          row.serialNumber.trim() || row.productKey.trim()
            ? 'Partner Center did not report on this device; check it in Partner Center.'
            : 'Partner Center reports devices by serial number or product key, and this row has neither; check it in Partner Center.',
      };
    }
    return { ...base, ...verdictOf(status) };
  });
}

function verdictOf(status: DeviceUploadStatus): Pick<UploadRowResult, 'status' | 'errorCode' | 'errorDescription'> {
  const errorCode = status.errorCode?.trim() || undefined;
  const errorDescription = status.errorDescription?.trim() || undefined;
  const deviceState = status.status.toLowerCase().replace(/[\s-]/g, '_');
  if (errorCode === '806' || /^ZtdDeviceAlreadyAssigned$/i.test(errorDescription ?? '')) {
    return { status: 'already-registered', errorCode, errorDescription };
  }
  if (errorCode || errorDescription || deviceState === 'finished_with_errors') {
    return { status: 'rejected', errorCode, errorDescription };
  }
  if (deviceState === 'finished') return { status: 'registered' };
  return { status: 'unknown', errorDescription: `Partner Center left the device in state "${status.status}".` };
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
  const counts: UploadCounts = { total: results.length, registered: 0, alreadyRegistered: 0, rejected: 0, unknown: 0 };
  for (const result of results) {
    if (result.status === 'registered') counts.registered += 1;
    else if (result.status === 'already-registered') counts.alreadyRegistered += 1;
    else if (result.status === 'rejected') counts.rejected += 1;
    else counts.unknown += 1;
  }
  return counts;
}

export function summarizeCounts(counts: UploadCounts): string {
  return (
    `${counts.registered} registered, ${counts.alreadyRegistered} already registered, ` +
    `${counts.rejected} rejected${counts.unknown ? `, ${counts.unknown} without a result` : ''} (of ${counts.total} devices)`
  );
}

export const AUTOPILOT_IMPORT_ERRORS_DOC =
  'https://learn.microsoft.com/troubleshoot/mem/intune/device-enrollment/import-windows-autopilot-device-csv-files-errors';
export const AUTOPILOT_ADD_DEVICES_DOC = 'https://learn.microsoft.com/autopilot/add-devices';

/** What the user can do about a per-device error, keyed by Autopilot's code or name (reference 5.1). */
export function adviceFor(errorCode: string | undefined, errorDescription: string | undefined): string {
  const name = (errorDescription ?? '').toLowerCase();
  const is = (code: string, ...names: string[]): boolean =>
    errorCode === code || names.some((candidate) => name === candidate.toLowerCase());
  if (is('806', 'ZtdDeviceAlreadyAssigned')) {
    return 'The device is already registered to this customer: nothing to do.';
  }
  if (is('808', 'ZtdDeviceAssignedToOtherTenant', 'ZtdDeviceAssignedToAnotherTenant')) {
    return 'The device is registered to another organization: ask the previous owner or seller to deregister it, or contact Microsoft support with proof of ownership.';
  }
  if (is('802', 'InvalidZtdHardwareHash')) {
    return 'The hardware hash is invalid or lacks the serial number or manufacturer: capture the hash again on the device.';
  }
  if (is('803', 'MissingZtdSerialNumberAndProductKey')) {
    return 'Fill in the serial number or the product key.';
  }
  if (is('812', 'ZtdDeviceNotFound')) {
    return 'Manufacturer, model and serial number did not match a known device: use the exact values the device reports (SMBIOS), or upload its hardware hash.';
  }
  if (is('813', 'ZtdDeviceIsNotUnique')) {
    return 'The hash does not identify a single device: capture a fresh hardware hash on the device.';
  }
  if (is('814', 'ZtdDeviceAlreadyAadRegistered')) {
    return "The device already exists in the customer's Microsoft Entra ID: remove that device object, then upload again.";
  }
  if (name === 'ztddeviceduplicated') {
    return 'The same hardware hash is on another row of this upload and only one is processed: delete the duplicate row.';
  }
  if (name === 'storageerror') {
    return 'A temporary Partner Center error: upload this device again later.';
  }
  return `See ${AUTOPILOT_ADD_DEVICES_DOC} for what this error means.`;
}

/** A results CSV the user can save: 1-based lines, status, Partner Center's error and what to do. */
export function renderReport(results: readonly UploadRowResult[]): string {
  const header = ['Line', 'Serial Number', 'Status', 'Error Code', 'Error Description', 'What To Do', 'Batch'];
  const lines = [header.map(csvCell).join(',')];
  for (const result of results) {
    const advice =
      result.status === 'rejected' && (result.errorCode || result.errorDescription)
        ? adviceFor(result.errorCode, result.errorDescription)
        : result.status === 'already-registered'
          ? adviceFor('806', undefined)
          : '';
    lines.push(
      [
        String(result.line + 1),
        result.serialNumber,
        result.status,
        result.errorCode ?? '',
        result.errorDescription ?? '',
        advice,
        result.batchName ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  // A leading = + - @ would make a spreadsheet evaluate the cell; values come from the service and the file.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
