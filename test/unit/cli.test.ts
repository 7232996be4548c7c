// The `autopilot-csv` command as a user runs it: output shapes, exit codes, files rewritten in place.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { LineIndex } from '../../server/src/core/lines';
import { validate } from '../../server/src/core/validate';

const CLI = path.resolve('dist/cli.js');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(): string {
  return mkdtempSync(path.join(tmpdir(), 'autopilot-cli-'));
}

function deviceRow(index: number, tag = 'Microsoft365Managed_Autopilot'): string {
  const device = syntheticDevice(index, 11);
  return `${device.serialNumber},,${generateHardwareHash(device, 11)},${tag}`;
}

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';

describe('autopilot-csv check', () => {
  it('exits 0 and reports nothing on a clean file', () => {
    const dir = workspace();
    const file = path.join(dir, 'clean.csv');
    writeFileSync(file, `${HEADER}\r\n${deviceRow(1)}\r\n${deviceRow(2)}\r\n`);
    const result = run('check', file);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Checked 1 file: 0 error\(s\), 0 warning\(s\)/);
  });

  it('prints compiler-style lines and exits 1 on an error', () => {
    const dir = workspace();
    const file = path.join(dir, 'tags.csv');
    writeFileSync(file, `${HEADER}\r\n${deviceRow(1)}\r\n${deviceRow(2, 'Microsoft365Manged_Autopilot')}\r\n`);
    const result = run('check', file);
    assert.equal(result.code, 1);
    const column = `${deviceRow(2)}`.lastIndexOf(',') + 2;
    assert.ok(result.stdout.includes(`${file}:3:${column}: error group-tag-misspelled: `), result.stdout);
  });

  it('prints JSON findings with 1-based positions', () => {
    const dir = workspace();
    const file = path.join(dir, 'ws.csv');
    writeFileSync(file, `${HEADER}\n${deviceRow(3, ' Microsoft365Managed_Kiosk')}\n`);
    const result = run('check', '--format', 'json', file);
    assert.equal(result.code, 0, 'a warning alone does not fail the check');
    const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
    const column = deviceRow(3).lastIndexOf(',') + 2;
    assert.deepEqual(findings, [
      {
        file,
        line: 2,
        column,
        endLine: 2,
        endColumn: column + ' Microsoft365Managed_Kiosk'.length,
        severity: 'warning',
        code: 'whitespace',
        message: findings[0]?.message,
      },
    ]);
    assert.match(String(findings[0]?.message), /leading/);
  });

  it('searches directories for CSV files and honours --target', () => {
    const dir = workspace();
    mkdirSync(path.join(dir, 'nested'));
    writeFileSync(path.join(dir, 'nested', 'a.csv'), `${HEADER}\n${deviceRow(4)}\n`);
    writeFileSync(path.join(dir, 'notes.txt'), 'not a csv');
    const result = run('check', '--format', 'json', '--target', 'partner-center', dir);
    const findings = JSON.parse(result.stdout) as { file: string; code: string }[];
    assert.ok(findings.every((finding) => finding.file.endsWith(path.join('nested', 'a.csv'))));
    assert.ok(
      findings.some((finding) => finding.code === 'column-unsupported'),
      'Group Tag is not a Partner Center column',
    );
    assert.equal(result.code, 1);
  });

  it('reports rows across its read pieces as validate() does: long lines, quoted line breaks, repeats far apart', () => {
    const dir = workspace();
    const file = path.join(dir, 'large.csv');
    const rows = Array.from({ length: 60 }, (_, index) => deviceRow(index + 1));
    // Far apart: the first row's piece is long gone when its repeat comes; the checker reads it again to compare.
    rows.push(
      rows[0] ?? '',
      `${rows[1]}x`,
      `"quoted\nserial",,,"Microsoft365Managed_Autopilot"`,
      `LONG,,${'A'.repeat(300_000)},`,
      'é;ü,,,',
    );
    const text = `\uFEFF${HEADER}\n${rows.join('\n')}`;
    writeFileSync(file, text);
    const result = run('check', '--format', 'json', file);
    const reported = (JSON.parse(result.stdout) as Array<{ line: number; column: number; code: string; message: string }>).map(
      ({ line, column, code, message }) => `${line}:${column} ${code} ${message}`,
    );
    const body = text.slice(1);
    const lines = new LineIndex(body);
    const expected = validate({ text: body, encoding: 'utf8bom' }).findings.map((finding) => {
      const at = lines.positionAt(finding.start);
      return `${at.line + 1}:${at.character + 1} ${finding.code} ${finding.message}`;
    });
    assert.deepEqual(reported, expected);
    assert.ok(reported.some((finding) => finding.includes('duplicate-hash This row repeats line 2')));
  });

  it('exits 2 with a clear message on usage and file errors', () => {
    const dir = workspace();
    const missing = run('check', path.join(dir, 'nope.csv'));
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /nope\.csv: error file-unreadable: no such file or folder/);
    const empty = run('check', dir);
    assert.equal(empty.code, 2);
    assert.match(empty.stdout, /the folder holds no \.csv files/);
    const binary = path.join(dir, 'image.csv');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0, 4, 5]));
    const binaryResult = run('check', binary);
    assert.equal(binaryResult.code, 2);
    assert.match(binaryResult.stdout, /error file-not-csv: this is a binary file/);
    assert.equal(run('check').code, 2);
    assert.equal(run('check', '--format', 'xml', binary).code, 2);
    assert.equal(run('frobnicate').code, 2);
  });

  it('prints the usage and exits 0 when asked for help, before or after the command, checking nothing', () => {
    const missing = path.join(workspace(), 'nope.csv');
    for (const args of [['--help'], ['-h'], ['help'], ['check', '--help', missing], ['fix', '-h']]) {
      const result = run(...args);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, /^Usage:\n {2}autopilot-csv check /, args.join(' '));
      assert.equal(result.stderr, '', args.join(' '));
    }
  });
});

describe('autopilot-csv fix', () => {
  it('prints the fixed text without --write and leaves the file alone', () => {
    const dir = workspace();
    const file = path.join(dir, 'order.csv');
    const device = syntheticDevice(5, 11);
    const hash = generateHardwareHash(device, 11);
    const original = `Hardware Hash,Device Serial Number,Windows Product ID\r\n${hash},${device.serialNumber},\r\n`;
    writeFileSync(file, original);
    const result = run('fix', file);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `Device Serial Number,Windows Product ID,Hardware Hash\r\n${device.serialNumber},,${hash}\r\n`);
    assert.equal(readFileSync(file, 'utf8'), original);
    assert.match(result.stderr, /fixed column-order x1/);
  });

  it('rewrites a UTF-16 file in UTF-16 with --write', () => {
    const dir = workspace();
    const file = path.join(dir, 'utf16.csv');
    const text = `${HEADER}\r\n${deviceRow(6, 'Microsoft365Managed_autopilot')}\r\n`;
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const result = run('fix', '--write', file);
    assert.equal(result.code, 0, result.stderr);
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.equal(bytes.subarray(2).toString('utf16le'), text.replace('Microsoft365Managed_autopilot', 'Microsoft365Managed_Autopilot'));
  });

  it('drops a UTF-8 byte-order mark when that is what it fixes', () => {
    const dir = workspace();
    const file = path.join(dir, 'bom.csv');
    const text = `${HEADER}\r\n${deviceRow(7)}\r\n`;
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    assert.equal(run('fix', '--write', file).code, 0);
    assert.equal(readFileSync(file).toString('utf8'), text);
    assert.equal(run('check', file).code, 0);
  });
});
