// `autopilot-csv convert` as a user runs it: the converted file on stdout, the notes on stderr, the input
// untouched, and the exit code telling whether rows were left out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generateHardwareHash, intuneCsv, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { encodeText } from '../../server/src/core/textCodec';

const CLI = path.resolve('dist/cli.js');
const PARTNER = 'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeTemp(name: string, bytes: Uint8Array | string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'autopilot-convert-')), name);
  writeFileSync(file, bytes);
  return file;
}

describe('autopilot-csv convert', () => {
  it('converts a UTF-16 Intune file to Partner Center on stdout, says the tag becomes the batch name, leaves the file alone', () => {
    const text = intuneCsv(3, { seed: 5, groupTag: 'Microsoft365Managed_Standard' });
    const bytes = encodeText(text, 'utf16le');
    const file = writeTemp('AutopilotHWID.csv', bytes);
    const result = run('convert', '--to', 'partner-center', file);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\r\n');
    assert.equal(lines[0], PARTNER);
    const first = syntheticDevice(0, 5);
    assert.match(lines[1] ?? '', new RegExp(`^${first.serialNumber},${first.productKeyId},T0[^,]+,${first.manufacturer},${first.model}$`));
    assert.match(result.stderr, /"Microsoft365Managed_Standard" becomes the batch name/);
    assert.match(result.stderr, /converted 3 device\(s\)/);
    assert.deepEqual(readFileSync(file), Buffer.from(bytes));
  });

  it('exits 1 and names the line when a row without a hash cannot become an Intune row', () => {
    const device = syntheticDevice(1, 5);
    const hash = generateHardwareHash(device, 5);
    const file = writeTemp('partner.csv', `${PARTNER}\r\n${device.serialNumber},,${hash},,\r\nX1,,,LENOVO,20XW0055US\r\n`);
    const result = run('convert', '--to', 'intune', file);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, `Device Serial Number,Windows Product ID,Hardware Hash\r\n${device.serialNumber},,${hash}\r\n`);
    assert.match(result.stderr, /partner\.csv:3: not converted: row \(serial X1\) has no hardware hash/);
  });

  it('is a usage error without --to', () => {
    const result = run('convert', writeTemp('a.csv', 'x'));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /convert needs --to partner-center or --to intune/);
  });
});
