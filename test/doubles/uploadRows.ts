// Upload rows for tests, built directly (the CSV-to-rows extraction belongs to the validation core).

import type { UploadRow } from '../../server/src/cloud/uploadEngine';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';

export function uploadRow(line: number, fields: Partial<Omit<UploadRow, 'line'>> = {}): UploadRow {
  return {
    line,
    serialNumber: '',
    productKey: '',
    hardwareHash: '',
    manufacturer: '',
    model: '',
    groupTag: '',
    assignedUser: '',
    ...fields,
  };
}

/** `count` devices with structurally valid synthetic hashes, on file lines 1..count (line 0 is the header). */
export function syntheticRows(count: number, options: { seed?: number; groupTag?: string; firstIndex?: number } = {}): UploadRow[] {
  const { seed = 7, groupTag = '', firstIndex = 0 } = options;
  const rows: UploadRow[] = [];
  for (let index = firstIndex; index < firstIndex + count; index++) {
    const device = syntheticDevice(index, seed);
    rows.push(
      uploadRow(rows.length + 1, {
        serialNumber: device.serialNumber,
        // Product ids from the generator repeat across seeds; Partner Center would take them for the same device.
        productKey: '',
        hardwareHash: generateHardwareHash(device, seed),
        manufacturer: device.manufacturer,
        model: device.model,
        groupTag,
      }),
    );
  }
  return rows;
}
