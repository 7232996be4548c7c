// What an upload's results mean for a person: one line per device, what to do about each error, and the report a
// partner saves and sends on. Written over a destination: Partner Center, or Intune through Microsoft Graph
// (`service` 'Intune', whose words differ: no batches, per-device tags). No `vscode` import: the CLI uses it too.
import type { UploadRowResult, UploadStatus } from './uploadEngine';

export const AUTOPILOT_IMPORT_ERRORS_DOC =
  'https://learn.microsoft.com/troubleshoot/mem/intune/device-enrollment/import-windows-autopilot-device-csv-files-errors';
export const AUTOPILOT_ADD_DEVICES_DOC = 'https://learn.microsoft.com/autopilot/add-devices';

/** Where devices were uploaded to. */
export interface UploadDestination {
  /** The service, as a person names it: "Partner Center". */
  service: string;
  customerName: string;
  tenantId: string;
  domain?: string;
}

export interface UploadContext {
  destination: UploadDestination;
  /** The signed-in account, when known. */
  account?: string;
  uploadedAt: Date;
  /** The uploaded file's name. */
  file?: string;
}

/** What the user can do about a per-device error, keyed by Autopilot's code or name (reference 5.1). */
export function adviceForError(errorCode: string | undefined, errorDescription: string | undefined): string {
  const name = (errorDescription ?? '').toLowerCase();
  const is = (code: string, ...names: string[]): boolean =>
    errorCode === code || names.some((candidate) => name === candidate.toLowerCase());
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

/** Where Intune lists the devices of a tenant. */
const INTUNE_DEVICES = 'Intune (Devices > Enrollment > Windows Autopilot devices)';

/** The service's name for devices imported into Intune (graphClient.ts INTUNE_SERVICE). */
function isIntune(service: string | undefined): boolean {
  return service === 'Intune';
}

/** What to do about a row's result ('' when nothing is left to do); `service` is the destination's. */
export function whatToDo(result: UploadRowResult, service?: string): string {
  if (isIntune(service)) return whatToDoInIntune(result);
  switch (result.status) {
    case 'registered':
    case 'already-registered':
      return '';
    case 'tag-not-applied':
      return (
        `Partner Center did not add the device to batch "${result.batchName ?? ''}", so its group tag is not "${result.batchName ?? ''}"` +
        `${result.existingBatch ? ` (it stays "${result.existingBatch}")` : ''}. If the tag matters: when the device is in another ` +
        "Partner Center batch, delete it from the customer's devices in Partner Center and upload it again; when the customer " +
        'registered it through Intune, change its group tag there (Devices > Enrollment > Windows Autopilot devices): Partner ' +
        'Center cannot manage devices registered that way.'
      );
    case 'rejected':
      // The service names its errors by a code or one word; anything else is this tool's own "not sent" reason.
      return result.errorCode || /^\w+$/.test(result.errorDescription ?? '')
        ? adviceForError(result.errorCode, result.errorDescription)
        : 'Fill in the hardware hash, the product key, or serial number + manufacturer + model.';
    case 'pending':
      return `Check the result later with its tracking id ${result.trackingId ?? ''} ("Check Upload Status…" in the editor, or autopilot-csv status).`;
    case 'not-sent':
      return 'Upload the file again once the problem is solved: devices already registered are found and not sent again.';
    default:
      return "Check the device in the customer's Partner Center device list.";
  }
}

function whatToDoInIntune(result: UploadRowResult): string {
  switch (result.status) {
    case 'registered':
    case 'already-registered':
      return '';
    case 'tag-not-applied':
      return `The tenant already has this device, so Intune kept its current group tag and assigned user. If they matter, change them in ${INTUNE_DEVICES}.`;
    case 'rejected':
      return result.errorCode || /^\w+$/.test(result.errorDescription ?? '')
        ? adviceForError(result.errorCode, result.errorDescription)
        : 'Capture the hardware hash on the device (Get-WindowsAutopilotInfo), or upload the device to Partner Center instead.';
    case 'pending':
      return `Check the result later ("Check Upload Status…" in the editor), or in ${INTUNE_DEVICES}.`;
    case 'not-sent':
      return 'Import the file again once the problem is solved: devices the tenant already has are reported, not duplicated.';
    default:
      return `Check the device in ${INTUNE_DEVICES}.`;
  }
}

const STATUS_WORDS: Record<UploadStatus, string> = {
  registered: 'registered',
  'already-registered': 'already registered',
  'tag-not-applied': 'already registered elsewhere, group tag not applied',
  rejected: 'rejected',
  pending: 'still processing',
  'not-sent': 'not sent',
  unknown: 'no result',
};

/** One line for a person: `rejected: 808 ZtdDeviceAssignedToOtherTenant. The device is registered to ...`. */
export function describeResult(result: UploadRowResult, service?: string): string {
  const error = [result.errorCode, result.errorDescription].filter(Boolean).join(' ');
  const words = STATUS_WORDS[result.status];
  if (isIntune(service)) {
    switch (result.status) {
      case 'registered':
        return `${words}${result.batchName ? ` with group tag "${result.batchName}"` : ''}`;
      case 'already-registered':
        return `${words} in this tenant: nothing to do`;
      case 'tag-not-applied':
        return `already registered in this tenant${error ? ` (${error})` : ''}. ${whatToDo(result, service)}`;
      case 'rejected':
        return `${words}${error ? `: ${error}` : ''}. ${whatToDo(result, service)}`;
      default:
        return `${words}${result.errorDescription ? `: ${result.errorDescription}` : ''}`;
    }
  }
  switch (result.status) {
    case 'registered':
      return `${words}${result.batchName ? ` in batch "${result.batchName}"` : ''}`;
    case 'already-registered':
      return `${words} in batch "${result.existingBatch ?? result.batchName ?? ''}": nothing to do`;
    case 'tag-not-applied':
      // The service's 806, or the batch found before the upload (the row was then not sent).
      return `${words}${result.errorCode ? ` (${error})` : ` in batch "${result.existingBatch ?? ''}", not sent again`}. ${whatToDo(result)}`;
    case 'rejected':
      return `${words}${error ? `: ${error}` : ''}. ${whatToDo(result)}`;
    default:
      return `${words}${result.errorDescription ? `: ${result.errorDescription}` : ''}`;
  }
}

const REPORT_COLUMNS = [
  'Line',
  'Serial Number',
  'Status',
  'Batch',
  'Tracking ID',
  'Error Code',
  'Error Description',
  'What To Do',
  'Customer',
  'Tenant ID',
  'Uploaded To',
  'Signed-In Account',
  'Uploaded At (UTC)',
  'File',
];

/**
 * The report a partner saves: every device with its result, and on every row where it went (customer, tenant,
 * service), who uploaded it and when, so that any row copied elsewhere still says so. 1-based lines.
 */
export function renderReport(results: readonly UploadRowResult[], context: UploadContext): string {
  const lines = [REPORT_COLUMNS.map(csvCell).join(',')];
  const { destination } = context;
  const where = [
    destination.customerName,
    destination.tenantId,
    destination.service,
    context.account ?? '',
    context.uploadedAt
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ''),
    context.file ?? '',
  ];
  for (const result of results) {
    lines.push(
      [
        String(result.line + 1),
        result.serialNumber,
        result.status,
        result.batchName ?? '',
        result.trackingId ?? '',
        result.errorCode ?? '',
        result.errorDescription ?? '',
        whatToDo(result, destination.service),
        ...where,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A cell a spreadsheet shows as text: quoted when needed, and never a formula. */
export function csvCell(value: string): string {
  // A leading = + - @ (or tab / carriage return, which some spreadsheets skip first) makes a spreadsheet evaluate
  // the cell; the values come from the service and the file.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
