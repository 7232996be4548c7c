// The files test/e2e/editorCheck.mjs opens in the workbench, written into a fresh folder each run: a 4-column
// Intune file of 60 devices (taller than the window: it needs scrolling to see every row; one hash cut off, one tag
// misspelled), a small one opened only once (for the Outline), and a Partner Center file with the explanation rows
// of Microsoft's sample.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateHardwareHash, syntheticDevice, type SyntheticDevice } from '../../scripts/lib/hashGenerator';

export const FLEET_DEVICES = 60;
const TAGS = ['Sales-Berlin', 'Kiosk-Munich', 'Finance-Cologne'];
const SEED = 16;
/** One row's tag is a misspelling of Sales-Berlin (the tag of 20 others): its hover shows the corrected tag's group rule. */
const MISSPELLED_TAG_ROW = 12;
const MISSPELLED_TAG = 'Sales-Berln';
const DAMAGED_HASH_ROW = 9;

function deviceAt(index: number): SyntheticDevice & { hash: string } {
  const overrides: Partial<SyntheticDevice> =
    index % 17 === 5 ? { manufacturer: 'QEMU', model: 'Standard PC (Q35 + ICH9, 2009)', virtualMachine: 'qemu', tpm: false } : {};
  const device = { ...syntheticDevice(index, SEED), ...overrides };
  let hash = generateHardwareHash(device, SEED);
  // One damaged hash: its label says so.
  if (index === DAMAGED_HASH_ROW) hash = hash.slice(0, 1400);
  return { ...device, hash };
}

export interface EditorFixtures {
  dir: string;
  fleet: string;
  fresh: string;
  sample: string;
  /** The cells of each data row of the fleet file, in order. */
  fleetRows: string[][];
  /** The index in `fleetRows` of the row whose hash is cut off. */
  damagedHashRow: number;
  /** The index in `fleetRows` of the row whose tag is `misspelledTag`, a misspelling of Sales-Berlin. */
  misspelledTagRow: number;
  misspelledTag: string;
}

export function writeEditorFixtures(dir: string): EditorFixtures {
  mkdirSync(dir, { recursive: true });
  const fleetRows = Array.from({ length: FLEET_DEVICES }, (_, index) => {
    const device = deviceAt(index);
    return [
      device.serialNumber,
      device.productKeyId ?? '',
      device.hash,
      index === MISSPELLED_TAG_ROW ? MISSPELLED_TAG : (TAGS[index % TAGS.length] ?? ''),
    ];
  });
  const header = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';
  const csv = (rows: string[][], head = header) => [head, ...rows.map((cells) => cells.join(','))].join('\r\n') + '\r\n';
  writeFileSync(path.join(dir, 'fleet.csv'), csv(fleetRows));
  writeFileSync(path.join(dir, 'fresh.csv'), csv(fleetRows.slice(20, 23)));
  // Microsoft's Partner Center sample: placeholder rows, then rows explaining them (neither is a header).
  const explained = deviceAt(30);
  const sample = [
    'Device serial number,Windows product ID,Hardware hash,Manufacturer name,Device Model',
    `${explained.serialNumber},${explained.productKeyId ?? ''},${explained.hash},,`,
    'R9-ZNP67,,,Contoso,ContosoABC',
    'SAMPLE EXPLAINED (remove the following section before uploading),,,,',
    'Line 2 illustrates the tuple - Providing the Serial Number and Manufacturer Name and Device Model together,,,,',
    'Line 3 illustrates only providing the Windows PKID,,,,',
  ];
  writeFileSync(path.join(dir, 'sample-explained.csv'), sample.join('\r\n') + '\r\n');
  return {
    dir,
    fleet: 'fleet.csv',
    fresh: 'fresh.csv',
    sample: 'sample-explained.csv',
    fleetRows,
    damagedHashRow: DAMAGED_HASH_ROW,
    misspelledTagRow: MISSPELLED_TAG_ROW,
    misspelledTag: MISSPELLED_TAG,
  };
}
