// Format conversion (Intune <-> Partner Center) and splitting over the row limit, on generated files: every
// value kept, headers right, manufacturer and model exactly as the hardware hash has them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateHardwareHash, intuneCsv, syntheticDevice, type SyntheticDevice } from '../../scripts/lib/hashGenerator';
import { convertFile, partFileName, splitFile, type Conversion, type ConversionResult } from '../../server/src/core/conversion';
import { validate } from '../../server/src/core/validate';

const SEED = 44;
const INTUNE = 'Device Serial Number,Windows Product ID,Hardware Hash';
const PARTNER = `${INTUNE},Manufacturer name,Device model`;

function device(index: number, overrides: Partial<SyntheticDevice> = {}) {
  const synthetic = { ...syntheticDevice(index, SEED), ...overrides };
  return { ...synthetic, hash: generateHardwareHash(synthetic, SEED) };
}

const file = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

function converted(result: ConversionResult): Conversion {
  if ('error' in result) assert.fail(result.error);
  return result;
}

describe('convert Intune -> Partner Center', () => {
  it('fills manufacturer and model exactly as the firmware wrote them into the hash, every other value kept', () => {
    const devices = [0, 1, 2, 3, 4, 5, 6, 7].map((index) => syntheticDevice(index, SEED));
    const text = intuneCsv(devices.length, { seed: SEED, groupTag: 'Microsoft365Managed_Standard' });
    const result = converted(convertFile(text, 'partner-center'));
    const lines = text.split('\r\n');
    assert.equal(result.devices, 8);
    assert.deepEqual(result.text.split('\r\n'), [
      PARTNER,
      ...devices.map((synthetic, index) => {
        const [serial, pkid, hash] = (lines[index + 1] ?? '').split(',');
        return [serial, pkid, hash, synthetic.manufacturer, synthetic.model].join(',');
      }),
      '',
    ]);
    assert.ok(result.text.includes(',LENOVO,') && result.text.includes(',Dell Inc.,') && result.text.includes(',Microsoft Corporation,'));
    // The result checks clean: a tuple equal to the hash's values is harmless.
    assert.deepEqual(validate({ text: result.text }).findings, []);
    assert.deepEqual(result.skipped, []);
  });

  it('tells the user the group tag becomes the batch name', () => {
    const result = converted(convertFile(intuneCsv(3, { seed: SEED, groupTag: 'Microsoft365Managed_Kiosk' }), 'partner-center'));
    assert.equal(result.notes.length, 1);
    assert.match(
      result.notes[0] ?? '',
      /The group tag "Microsoft365Managed_Kiosk" becomes the batch name: enter it as the name of the device list when you upload\./,
    );
  });

  it('with several tags and assigned users, says one batch per tag and that the users were dropped', () => {
    const [a, b, c] = [device(0), device(1), device(2)];
    const text = file(
      `${INTUNE},Group Tag,Assigned User`,
      `${a.serialNumber},,${a.hash},Microsoft365Managed_Standard,anna@contoso.com`,
      `${b.serialNumber},,${b.hash},Microsoft365Managed_Kiosk,`,
      `${c.serialNumber},,${c.hash},Microsoft365Managed_Standard,`,
    );
    const result = converted(convertFile(text, 'partner-center'));
    assert.equal(result.text.split('\r\n')[0], PARTNER);
    assert.ok(!result.text.includes('anna@contoso.com') && !result.text.includes('Microsoft365Managed'));
    assert.match(
      result.notes[0] ?? '',
      /"Microsoft365Managed_Standard" \(2 rows\), "Microsoft365Managed_Kiosk" \(1 row\)\. Upload one batch per tag\./,
    );
    assert.match(result.notes[1] ?? '', /Assigned User column was dropped: Partner Center takes no assigned user \(1 row had one\)/);
  });

  it('leaves manufacturer and model empty, and says why, when the hash holds a comma or does not verify', () => {
    const vmware = device(0, { manufacturer: 'VMware, Inc.', model: 'VMware7,1', virtualMachine: 'vmware' });
    const hp = device(4);
    const broken = hp.hash.slice(0, 300) + (hp.hash[300] === 'A' ? 'B' : 'A') + hp.hash.slice(301);
    const text = file(INTUNE, `${vmware.serialNumber},,${vmware.hash}`, `${hp.serialNumber},,${broken}`);
    const result = converted(convertFile(text, 'partner-center'));
    assert.deepEqual(result.text.split('\r\n').slice(1, 3), [
      `${vmware.serialNumber},,${vmware.hash},,`,
      `${hp.serialNumber},,${broken},,`,
    ]);
    assert.deepEqual(
      result.incomplete.map((note) => note.line),
      [2, 3],
    );
    assert.match(result.incomplete[0]?.message ?? '', /"VMware, Inc\."/);
    assert.match(result.incomplete[1]?.message ?? '', /does not verify/);
  });

  it('leaves out sample and empty rows, and says so', () => {
    const a = device(0);
    const text = file(INTUNE, `${a.serialNumber},,${a.hash}`, ',,', 'R9-ZNP67,,');
    const result = converted(convertFile(text, 'partner-center'));
    assert.equal(result.devices, 1);
    assert.deepEqual(result.notes, ["1 sample row from Microsoft's template left out.", '1 empty row left out.']);
  });
});

describe('convert Partner Center -> Intune', () => {
  it('drops manufacturer and model, and says which rows without a hash cannot be converted', () => {
    const [a, b, c, d] = [device(0), device(1), device(2), device(3)];
    const text = file(
      PARTNER,
      `${a.serialNumber},${a.productKeyId},${a.hash},,`,
      `${b.serialNumber},,,${b.manufacturer},${b.model}`,
      `,${c.productKeyId},,,`,
      `,,${d.hash},${d.manufacturer},${d.model}`,
    );
    const result = converted(convertFile(text, 'intune'));
    assert.equal(result.text, file(INTUNE, `${a.serialNumber},${a.productKeyId},${a.hash}`, `${d.serialNumber},,${d.hash}`));
    assert.deepEqual(
      result.skipped.map((note) => note.line),
      [3, 4],
    );
    assert.match(
      result.skipped[0]?.message ?? '',
      new RegExp(`serial ${b.serialNumber}\\) has no hardware hash: Partner Center identifies it by serial number, manufacturer and model`),
    );
    assert.match(result.skipped[1]?.message ?? '', /by its Product Key ID, Intune needs the hash/);
    assert.deepEqual(result.incomplete, [
      { line: 5, message: `serial number "${d.serialNumber}" taken from the hardware hash (Intune needs one)` },
    ]);
    assert.deepEqual(result.notes, ['Manufacturer and model dropped: the Intune import reads them from the hardware hash.']);
    assert.deepEqual(validate({ text: result.text }).findings, []);
  });

  it('round-trips: Intune -> Partner Center -> Intune gives the original file back', () => {
    const original = intuneCsv(12, { seed: SEED, lineEnding: '\n' });
    const partner = converted(convertFile(original, 'partner-center'));
    assert.ok(!partner.text.includes('\r'));
    assert.equal(converted(convertFile(partner.text, 'intune')).text, original);
  });

  it('refuses a file already in the target format, and a file of no known format', () => {
    assert.deepEqual(convertFile(intuneCsv(1, { seed: SEED }), 'intune'), { error: 'The file is already in the Intune format.' });
    assert.match((convertFile('Name,Price\r\nApple,1\r\n', 'partner-center') as { error: string }).error, /matches no Autopilot format/);
  });
});

describe('split', () => {
  it('splits into files of at most N devices, the header repeated, every row kept in order', () => {
    const text = intuneCsv(1201, { seed: SEED, groupTag: 'Microsoft365Managed_Autopilot' });
    assert.deepEqual(
      validate({ text }).findings.map((finding) => finding.code),
      ['row-limit'],
    );
    const parts = splitFile(text, 500);
    assert.deepEqual(
      parts.map((part) => part.split('\r\n').length - 2),
      [500, 500, 201],
    );
    const header = text.split('\r\n')[0];
    for (const part of parts) {
      assert.equal(part.split('\r\n')[0], header);
      assert.ok(part.endsWith('\r\n'));
      assert.deepEqual(validate({ text: part }).findings, []);
    }
    const rows = (part: string) => part.split('\r\n').slice(1, -1);
    assert.deepEqual(parts.flatMap(rows), rows(text));
  });

  it('drops empty rows and keeps a file within the limit whole', () => {
    const [a, b] = [device(0), device(1)];
    const text = file(INTUNE, `${a.serialNumber},,${a.hash}`, ',,', '', `${b.serialNumber},,${b.hash}`);
    assert.deepEqual(splitFile(text, 1), [file(INTUNE, `${a.serialNumber},,${a.hash}`), file(INTUNE, `${b.serialNumber},,${b.hash}`)]);
    assert.deepEqual(splitFile(intuneCsv(3, { seed: SEED }), 500), [intuneCsv(3, { seed: SEED })]);
  });

  it('names the parts <name>-part1.csv, <name>-part2.csv, ...', () => {
    assert.equal(partFileName('AutopilotHWID.csv', 1), 'AutopilotHWID-part1.csv');
    assert.equal(partFileName('devices.autopilot.csv', 12), 'devices.autopilot-part12.csv');
    assert.equal(partFileName('devices', 2), 'devices-part2');
  });
});
