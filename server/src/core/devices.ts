// The devices of a validated file as the upload needs them: each row's identifiers and its file line.
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
