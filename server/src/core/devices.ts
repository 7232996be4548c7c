// The devices of a validated file as the upload needs them: each row's identifiers and its file line.
import { createHash } from 'node:crypto';
import type { Validation } from './validate';

export interface DeviceRecord {
  /** 0-based file line of the row. */
  line: number;
  serialNumber: string;
  productKey: string;
  hardwareHash: string;
  manufacturer: string;
  model: string;
  groupTag: string;
  /** Intune's Assigned User; Partner Center has no field for it. */
  assignedUser: string;
}

/** The values of a row that every upload sends (the Intune import also sends the Assigned User). */
export type UploadedValues = Pick<DeviceRecord, 'serialNumber' | 'productKey' | 'hardwareHash' | 'manufacturer' | 'model' | 'groupTag'>;

/** A short, stable stand-in for a hardware hash: results and history keep this, never the hash itself. */
export function hashDigest(hardwareHash: string): string {
  return createHash('sha256').update(hardwareHash.trim()).digest('base64url').slice(0, 22);
}

/**
 * What ties a Partner Center upload's result to a row: the device (its hash, else its serial number) and every other
 * value the upload sent. Moving the row keeps it; editing any of those cells, or deleting the row, loses it.
 */
export function rowFingerprint(values: UploadedValues): string {
  const identity = values.hardwareHash.trim() ? `h:${hashDigest(values.hardwareHash)}` : `s:${values.serialNumber.trim().toUpperCase()}`;
  const rest = [values.serialNumber, values.productKey, values.manufacturer, values.model, values.groupTag].map((value) => value.trim());
  return `${identity}:${shortDigest(rest.join('\u0001'))}`;
}

/** Ends a Partner Center fingerprint where the Intune import's adds the Assigned User. */
const USER_PART = '/u:';

/** What ties an Intune import's result to a row: rowFingerprint and the Assigned User, which the import also sent. */
export function intuneRowFingerprint(values: UploadedValues & Pick<DeviceRecord, 'assignedUser'>): string {
  return `${rowFingerprint(values)}${USER_PART}${shortDigest(values.assignedUser.trim())}`;
}

/** The Partner Center part of an Intune fingerprint: a row's Partner Center result does not depend on its user. */
export function partnerCenterPart(fingerprint: string): string {
  const user = fingerprint.indexOf(USER_PART);
  return user === -1 ? fingerprint : fingerprint.slice(0, user);
}

function shortDigest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

export function deviceRecords(validation: Validation): DeviceRecord[] {
  return validation.devices.map((device) => ({
    line: device.row.line,
    serialNumber: device.values.serial ?? '',
    productKey: device.values.productId ?? '',
    hardwareHash: device.values.hash ?? '',
    manufacturer: device.values.manufacturer ?? '',
    model: device.values.model ?? '',
    groupTag: device.values.groupTag ?? '',
    assignedUser: device.values.assignedUser ?? '',
  }));
}

export function countBySeverity(validation: Validation): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const finding of validation.findings) {
    if (finding.severity === 'error') errors++;
    else if (finding.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}
