// `autopilot-csv merge` as a partner runs it on a folder of per-device files from Get-WindowsAutopilotInfo: one
// file with every device once, the canonical header, the inputs untouched, and a result the checker passes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { encodeText } from '../../server/src/core/textCodec';

const CLI = path.resolve('dist/cli.js');
const INTUNE = 'Device Serial Number,Windows Product ID,Hardware Hash';
const TAG = 'Microsoft365Managed_Autopilot';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function row(index: number, ...extra: string[]): string {
  const device = syntheticDevice(index, 21);
  return [device.serialNumber, '', generateHardwareHash(device, 21), ...extra].join(',');
}

/** A folder of files as Get-WindowsAutopilotInfo writes them: UTF-16LE with BOM, CRLF, one device each. */
function harvest(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'autopilot-merge-'));
  mkdirSync(path.join(dir, 'hwid'));
  for (const [name, text] of Object.entries(files))
    writeFileSync(path.join(dir, 'hwid', name), encodeText(text, name.includes('utf8') ? 'utf8' : 'utf16le'));
  return dir;
}

describe('autopilot-csv merge', () => {
  it('merges a folder of per-device files into one UTF-8 file the checker passes, each device once', () => {
    const dir = harvest({
      'PC-01.csv': `${INTUNE}\r\n${row(1)}\r\n`,
      'PC-02.csv': `${INTUNE}\r\n${row(2)}\r\n`,
      // The same device captured twice (Get-WindowsAutopilotInfo -Append, or a file copied twice).
      'PC-04-again.csv': `${INTUNE}\r\n${row(2)}\r\n`,
      'PC-03-utf8.csv': `"Device Serial Number","Windows Product ID","Hardware Hash","Group Tag"\n${row(3, TAG)}\n`,
    });
    const before = readFileSync(path.join(dir, 'hwid', 'PC-01.csv'));
    const output = path.join(dir, 'all.csv');
    const result = run('merge', '--output', output, path.join(dir, 'hwid'));
    assert.equal(result.code, 0, result.stderr);
    const merged = readFileSync(output, 'utf8');
    assert.equal(merged, [`${INTUNE},Group Tag`, `${row(1)},`, `${row(2)},`, `${row(3)},${TAG}`, ''].join('\r\n'));
    assert.match(result.stderr, /PC-04-again\.csv:2: left out: the same row as .*PC-02\.csv:2/);
    assert.match(result.stderr, /merged 3 device\(s\) from 4 file\(s\)/);
    assert.deepEqual(readFileSync(path.join(dir, 'hwid', 'PC-01.csv')), before);
    const check = run('check', output);
    // The untagged rows next to a tagged one are what the checker then points out, nothing else.
    assert.deepEqual(
      [...check.stdout.matchAll(/ (?:error|warning) ([a-z-]+):/g)].map((match) => match[1]),
      ['group-tag-missing', 'group-tag-missing'],
    );
  });

  it('keeps two rows with the same hash but other values, and says so: no value is dropped', () => {
    const dir = harvest({
      'a-utf8.csv': `${INTUNE},Group Tag\n${row(4, TAG)}\n`,
      'b-utf8.csv': `${INTUNE},Group Tag\n${row(4, 'Microsoft365Managed_Kiosk')}\n`,
    });
    const result = run('merge', path.join(dir, 'hwid'));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split('\r\n').filter(Boolean).length, 3);
    assert.match(result.stderr, /b-utf8\.csv:2: kept: the same hardware hash as .*a-utf8\.csv:2/);
  });

  it('refuses files of different formats, files that are no Autopilot file, and writing over an input', () => {
    const partner = harvest({
      'intune-utf8.csv': `${INTUNE}\n${row(5)}\n`,
      'partner-utf8.csv': `Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model\n${row(6)},,\n`,
    });
    const mixed = run('merge', path.join(partner, 'hwid'));
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /in the Intune format and .*partner-utf8\.csv in the Partner Center format: convert one of them first/);

    const contacts = harvest({ 'contacts-utf8.csv': 'Name,Phone\nAda,123\n' });
    const notAutopilot = run('merge', path.join(contacts, 'hwid'));
    assert.equal(notAutopilot.code, 2);
    assert.match(notAutopilot.stderr, /contacts-utf8\.csv: the header matches no Autopilot format/);

    const input = path.join(partner, 'hwid', 'intune-utf8.csv');
    const overwrite = run('merge', '--output', input, input);
    assert.equal(overwrite.code, 2);
    assert.match(overwrite.stderr, /is one of the files to merge/);
    assert.equal(readFileSync(input, 'utf8'), `${INTUNE}\n${row(5)}\n`);
  });

  it('exits 1 and names the row when a value cannot be written without quotes', () => {
    const dir = harvest({
      'quoted-utf8.csv': `${INTUNE},Group Tag,Assigned User\n${row(7)},${TAG},"doe, jane@contoso.com"\n${row(8)},${TAG},\n`,
    });
    const result = run('merge', path.join(dir, 'hwid'));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /quoted-utf8\.csv:2: not merged: the value "doe, jane@contoso\.com" holds a comma/);
    assert.match(result.stderr, /merged 1 device\(s\) from 1 file\(s\); 1 row\(s\) could not be merged/);
  });
});
