// What an upload's results mean for a person: one line per device, what to do about each error, and the report a
// partner saves and sends on. Written over a destination: Partner Center, or Intune through Microsoft Graph
// (`service` 'Intune', whose words differ: no batches, per-device tags). No `vscode` import: the CLI uses it too.
// Everything here is for a person, in the process's language (core/locale.ts); statuses and codes stay as they are.
import * as l10n from '@vscode/l10n';
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
    return l10n.t(
      'The device is registered to another organization: ask the previous owner or seller to deregister it, or contact Microsoft support with proof of ownership.',
    );
  }
  if (is('802', 'InvalidZtdHardwareHash')) {
    return l10n.t('The hardware hash is invalid or lacks the serial number or manufacturer: capture the hash again on the device.');
  }
  if (is('803', 'MissingZtdSerialNumberAndProductKey')) {
    return l10n.t('Fill in the serial number or the product key.');
  }
  if (is('812', 'ZtdDeviceNotFound')) {
    return l10n.t(
      'Manufacturer, model and serial number did not match a known device: use the exact values the device reports (SMBIOS), or upload its hardware hash.',
    );
  }
  if (is('813', 'ZtdDeviceIsNotUnique')) {
    return l10n.t('The hash does not identify a single device: capture a fresh hardware hash on the device.');
  }
  if (is('814', 'ZtdDeviceAlreadyAadRegistered')) {
    return l10n.t("The device already exists in the customer's Microsoft Entra ID: remove that device object, then upload again.");
  }
  if (name === 'ztddeviceduplicated') {
    return l10n.t('The same hardware hash is on another row of this upload and only one is processed: delete the duplicate row.');
  }
  if (name === 'storageerror') {
    return l10n.t('A temporary Partner Center error: upload this device again later.');
  }
  return l10n.t('See {0} for what this error means.', AUTOPILOT_ADD_DEVICES_DOC);
}

/** Where Intune lists the devices of a tenant. */
function intuneDevices(): string {
  return l10n.t('Intune (Devices > Enrollment > Windows Autopilot devices)');
}

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
    case 'tag-not-applied': {
      const batch = result.batchName ?? '';
      // `autopilot-csv status` reads a job without knowing the batch it was for.
      const notAdded = !batch
        ? l10n.t("Partner Center did not add the device to the upload's batch, so it does not carry that batch's group tag.")
        : result.existingBatch
          ? l10n.t(
              'Partner Center did not add the device to batch "{0}", so its group tag is not "{0}" (it stays "{1}").',
              batch,
              result.existingBatch,
            )
          : l10n.t('Partner Center did not add the device to batch "{0}", so its group tag is not "{0}".', batch);
      return `${notAdded} ${l10n.t(
        "If the tag matters: when the device is in another Partner Center batch, delete it from the customer's devices in Partner Center and upload it again; when the customer registered it through Intune, change its group tag there (Devices > Enrollment > Windows Autopilot devices): Partner Center cannot manage devices registered that way.",
      )}`;
    }
    case 'rejected':
      // The service names its errors by a code or one word; anything else is this tool's own "not sent" reason.
      return result.errorCode || /^\w+$/.test(result.errorDescription ?? '')
        ? adviceForError(result.errorCode, result.errorDescription)
        : l10n.t('Fill in the hardware hash, the product key, or serial number + manufacturer + model.');
    case 'pending':
      return l10n.t(
        'Check the result later with its tracking id {0} ("Check Upload Status…" in the editor, or autopilot-csv status).',
        result.trackingId ?? '',
      );
    case 'not-sent':
      return l10n.t('Upload the file again once the problem is solved: devices already registered are found and not sent again.');
    default:
      return l10n.t("Check the device in the customer's Partner Center device list.");
  }
}

function whatToDoInIntune(result: UploadRowResult): string {
  switch (result.status) {
    case 'registered':
    case 'already-registered':
      return '';
    case 'tag-not-applied':
      return l10n.t(
        'The tenant already has this device, so Intune kept its current group tag and assigned user. If they matter, change them in {0}.',
        intuneDevices(),
      );
    case 'rejected':
      return result.errorCode || /^\w+$/.test(result.errorDescription ?? '')
        ? adviceForError(result.errorCode, result.errorDescription)
        : l10n.t('Capture the hardware hash on the device (Get-WindowsAutopilotInfo), or upload the device to Partner Center instead.');
    case 'pending':
      return l10n.t('Check the result later ("Check Upload Status…" in the editor), or in {0}.', intuneDevices());
    case 'not-sent':
      return l10n.t('Import the file again once the problem is solved: devices the tenant already has are reported, not duplicated.');
    default:
      return l10n.t('Check the device in {0}.', intuneDevices());
  }
}

/** A status in words, as the result lines and notifications say it. */
function statusInWords(status: UploadStatus): string {
  switch (status) {
    case 'registered':
      return l10n.t('registered');
    case 'already-registered':
      return l10n.t('already registered');
    case 'tag-not-applied':
      return l10n.t('already registered elsewhere, group tag not applied');
    case 'rejected':
      return l10n.t('rejected');
    case 'pending':
      return l10n.t('still processing');
    case 'not-sent':
      return l10n.t('not sent');
    default:
      return l10n.t('no result');
  }
}

/** One line for a person: `rejected: 808 ZtdDeviceAssignedToOtherTenant. The device is registered to ...`. */
export function describeResult(result: UploadRowResult, service?: string): string {
  const error = [result.errorCode, result.errorDescription].filter(Boolean).join(' ');
  const intune = isIntune(service);
  switch (result.status) {
    case 'registered':
      if (!result.batchName) return statusInWords(result.status);
      return intune ? l10n.t('registered with group tag "{0}"', result.batchName) : l10n.t('registered in batch "{0}"', result.batchName);
    case 'already-registered':
      return intune
        ? l10n.t('already registered in this tenant: nothing to do')
        : l10n.t('already registered in batch "{0}": nothing to do', result.existingBatch ?? result.batchName ?? '');
    case 'tag-not-applied':
      if (intune) {
        return error
          ? l10n.t('already registered in this tenant ({0}). {1}', error, whatToDo(result, service))
          : l10n.t('already registered in this tenant. {0}', whatToDo(result, service));
      }
      // The service's 806, or the batch found before the upload (the row was then not sent).
      return result.errorCode
        ? l10n.t('already registered elsewhere, group tag not applied ({0}). {1}', error, whatToDo(result))
        : l10n.t(
            'already registered elsewhere, group tag not applied in batch "{0}", not sent again. {1}',
            result.existingBatch ?? '',
            whatToDo(result),
          );
    case 'rejected':
      return error ? l10n.t('rejected: {0}. {1}', error, whatToDo(result, service)) : l10n.t('rejected. {0}', whatToDo(result, service));
    default:
      return `${statusInWords(result.status)}${result.errorDescription ? `: ${result.errorDescription}` : ''}`;
  }
}

/** The report's column headings, in the language of the person who saves it (the cells' statuses stay as codes). */
function reportColumns(): string[] {
  return [
    l10n.t('Line'),
    l10n.t('Serial Number'),
    l10n.t('Status'),
    l10n.t('Batch'),
    l10n.t('Tracking ID'),
    l10n.t('Error Code'),
    l10n.t('Error Description'),
    l10n.t('What To Do'),
    l10n.t('Customer'),
    l10n.t('Tenant ID'),
    l10n.t('Uploaded To'),
    l10n.t('Signed-In Account'),
    l10n.t('Uploaded At (UTC)'),
    l10n.t('File'),
  ];
}
/**
 * The report a partner saves: every device with its result, and on every row where it went (customer, tenant,
 * service), who uploaded it and when, so that any row copied elsewhere still says so. 1-based lines.
 */
export function renderReport(results: readonly UploadRowResult[], context: UploadContext): string {
  const lines = [reportColumns().map(csvCell).join(',')];
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
