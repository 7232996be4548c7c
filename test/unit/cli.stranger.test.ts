// The command line as a stranger meets it: empty files, bad paths among good ones, a workbook saved as .csv, a
// read-only file, several files to fix, --version, the upload's help, split, and files of a size Excel writes.
// Everything runs the bundled command (dist/cli.js) as a user would.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { intuneCsv } from '../../scripts/lib/hashGenerator';
import { splitFile } from '../../server/src/core/conversion';
import { INTUNE_HEADER, intuneRow, testDevice } from './support/builders';

const CLI = path.resolve('dist/cli.js');

function run(args: readonly string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

function workspace(): string {
  return mkdtempSync(path.join(tmpdir(), 'autopilot-stranger-'));
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

const hp = testDevice(0);
const lenovo = testDevice(1);
const CLEAN = `${INTUNE_HEADER}\r\n${intuneRow(hp)}\r\n${intuneRow(lenovo)}\r\n`;

/** The first bytes of an .xlsx (a ZIP archive whose first entry is [Content_Types].xml), as Excel writes them. */
function xlsxBytes(): Buffer {
  const name = Buffer.from('[Content_Types].xml', 'latin1');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(6, 6);
  header.writeUInt16LE(8, 8);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, Buffer.from([0xad, 0x52, 0xcb, 0x6e, 0xc2, 0x30, 0x10, 0xbc, 0x57, 0xea, 0x3f, 0x58, 0x39, 0x01])]);
}

/** Messages say what is wrong in words: no usage under a file problem, no bare error codes. */
function assertInWords(text: string): void {
  assert.doesNotMatch(text, /Usage:/);
  assert.doesNotMatch(text, /\b(ENOENT|EISDIR|EACCES|EPERM|EROFS)\b/);
}

/** Runs `args` as a user who may not write (or read) what root made read-only: root ignores file modes. */
function runAsUser(args: readonly string[]) {
  return typeof process.getuid === 'function' && process.getuid() === 0 ? run(args, { uid: 65534, gid: 65534 }) : run(args);
}

describe('autopilot-csv check, as a stranger meets it', () => {
  it('reports an empty file as an error (file-empty), not as a clean file', () => {
    const dir = workspace();
    const file = path.join(dir, 'empty.csv');
    writeFileSync(file, '');
    const result = run(['check', '--format', 'json', file]);
    assert.equal(result.code, 1);
    assert.deepEqual(
      (JSON.parse(result.stdout) as JsonFinding[]).map((finding) => [finding.code, finding.severity, finding.line]),
      [['file-empty', 'error', 1]],
    );
  });

  it('reports each bad path as a finding of its own, checks the others, exits 2 at the end, and JSON stays an array', () => {
    const dir = workspace();
    const good = path.join(dir, 'a-good.csv');
    const tags = path.join(dir, 'z-tags.csv');
    const missing = path.join(dir, 'missing.csv');
    const binary = path.join(dir, 'image.csv');
    const folder = path.join(dir, 'no-csv-here');
    writeFileSync(good, CLEAN);
    writeFileSync(tags, `${INTUNE_HEADER},Group Tag\r\n${intuneRow(hp, ['Microsoft365Manged_Autopilot'])}\r\n`);
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0, 4, 5]));
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'notes.txt'), 'nothing to check');
    const args = [good, missing, binary, folder, tags];

    const json = run(['check', '--format', 'json', ...args]);
    assert.equal(json.code, 2);
    assertInWords(json.stderr);
    const findings = JSON.parse(json.stdout) as JsonFinding[];
    assert.deepEqual(
      findings.map((finding) => [path.basename(finding.file), finding.code]),
      [
        ['missing.csv', 'file-unreadable'],
        ['image.csv', 'file-not-csv'],
        ['no-csv-here', 'file-unreadable'],
        ['z-tags.csv', 'group-tag-misspelled'],
      ],
    );
    assert.deepEqual(findings[0], {
      file: missing,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      severity: 'error',
      code: 'file-unreadable',
      message: 'no such file or folder',
    });
    assert.equal(findings[2]?.message, 'the folder holds no .csv files');

    const text = run(['check', ...args]);
    assert.equal(text.code, 2);
    assertInWords(text.stdout + text.stderr);
    assert.ok(text.stdout.includes(`${missing}: error file-unreadable: no such file or folder\n`), text.stdout);
    assert.match(text.stdout, /Checked 2 files: 1 error\(s\), 0 warning\(s\), 0 info; 3 paths could not be checked\.\n$/);
  });

  it('says a file it may not read is unreadable, in words, and still checks the rest', () => {
    const dir = workspace();
    chmodSync(dir, 0o755);
    const secret = path.join(dir, 'secret.csv');
    const good = path.join(dir, 'good.csv');
    writeFileSync(secret, CLEAN, { mode: 0o600 });
    writeFileSync(good, CLEAN, { mode: 0o644 });
    chmodSync(secret, 0o000);
    const result = runAsUser(['check', '--format', 'json', secret, good]);
    assert.equal(result.code, 2, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), [
      {
        file: secret,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        severity: 'error',
        code: 'file-unreadable',
        message: 'permission denied: you may not read this file',
      },
    ]);
  });

  it('says an Excel workbook saved with a .csv name is one, and how to save it as CSV', () => {
    const dir = workspace();
    const workbook = path.join(dir, 'devices.csv');
    writeFileSync(workbook, xlsxBytes());
    const legacy = path.join(dir, 'old.csv');
    writeFileSync(legacy, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    const result = run(['check', '--format', 'json', workbook, legacy]);
    assert.equal(result.code, 2);
    const [xlsx, xls] = JSON.parse(result.stdout) as JsonFinding[];
    assert.equal(xlsx?.code, 'file-not-csv');
    assert.match(xlsx?.message ?? '', /Excel workbook \(\.xlsx\).*Save As.*CSV UTF-8 \(Comma delimited\)/);
    assert.match(xls?.message ?? '', /Excel 97-2003 workbook \(\.xls\)/);
    const fixed = run(['fix', workbook]);
    assert.equal(fixed.code, 2);
    assert.equal(fixed.stdout, '');
    assert.match(fixed.stderr, /^.*devices\.csv: this is an Excel workbook \(\.xlsx\)/);
    assertInWords(fixed.stderr);
  });
});

describe('autopilot-csv fix, as a stranger meets it', () => {
  it('refuses to print several fixed files one after another on standard output, and says what to do', () => {
    const dir = workspace();
    const first = path.join(dir, 'a.csv');
    const second = path.join(dir, 'b.csv');
    writeFileSync(first, `${CLEAN}\r\n`);
    writeFileSync(second, `${CLEAN}\r\n`);
    const result = run(['fix', first, second]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /takes one file.*--write to fix the files in place/);
    assert.equal(readFileSync(first, 'utf8'), `${CLEAN}\r\n`);
    const written = run(['fix', '--write', first, second]);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(readFileSync(second, 'utf8'), CLEAN);
  });

  it('on a file it may not write: says so once, never "fixed", leaves the file as it was, exits 2', () => {
    const dir = workspace();
    chmodSync(dir, 0o755);
    const file = path.join(dir, 'read-only.csv');
    const text = `${CLEAN}\r\n`;
    writeFileSync(file, text);
    chmodSync(file, 0o444);
    const result = runAsUser(['fix', '--write', file]);
    assert.equal(result.code, 2);
    assert.doesNotMatch(result.stderr, /: fixed /);
    assert.equal(result.stderr, `${file}: cannot write the fixed file: permission denied; the file is unchanged\n`);
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  it('reports a missing file in words, fixes the others, and exits 2', () => {
    const dir = workspace();
    const file = path.join(dir, 'blank-lines.csv');
    writeFileSync(file, `${CLEAN}\r\n\r\n`);
    const missing = path.join(dir, 'nope.csv');
    const result = run(['fix', '--write', missing, file]);
    assert.equal(result.code, 2);
    assertInWords(result.stderr);
    assert.equal(result.stderr.split('\n')[0], `${missing}: no such file or folder`);
    assert.equal(readFileSync(file, 'utf8'), CLEAN);
  });

  it('keeps a UTF-16 file without a byte-order mark without one', () => {
    const dir = workspace();
    const file = path.join(dir, 'utf16-no-bom.csv');
    writeFileSync(file, Buffer.from(`${CLEAN}\r\n`, 'utf16le'));
    const result = run(['fix', '--write', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /fixed empty-row x1/);
    assert.deepEqual(readFileSync(file), Buffer.from(CLEAN, 'utf16le'));
  });
});

describe('convert, merge and split, as a stranger meets them', () => {
  it('say a file they cannot read once, in words, without the usage, and exit 2', () => {
    const dir = workspace();
    const missing = path.join(dir, 'nope.csv');
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, CLEAN);
    for (const args of [
      ['convert', '--to', 'partner-center', missing],
      ['split', missing],
      ['merge', good, missing],
    ]) {
      const result = run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      assertInWords(result.stderr);
      assert.equal(result.stderr.split('\n')[0], `${missing}: no such file or folder`, args.join(' '));
    }
  });
});

describe('autopilot-csv --version and upload --help', () => {
  it('prints the version of the package', () => {
    const result = run(['--version']);
    assert.equal(result.code, 0);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    assert.equal(result.stdout, `autopilot-csv ${version}\n`);
  });

  it('upload --help shows the upload options, not the list of commands', () => {
    for (const flag of ['--help', '-h']) {
      const result = run(['upload', flag]);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^Usage: autopilot-csv upload FILE --customer/);
      assert.match(result.stdout, /--batch/);
      assert.match(result.stdout, /--client-id/);
    }
  });
});

describe('autopilot-csv split', () => {
  it('splits a file over the limit beside it, as the editor does, in its own encoding; the file is unchanged', () => {
    const dir = workspace();
    const file = path.join(dir, 'devices.csv');
    const text = intuneCsv(1001, { seed: 5 });
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    writeFileSync(file, bytes);
    const result = run(['split', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /split into 3 files of at most 500 devices: devices-part1\.csv, devices-part2\.csv, devices-part3\.csv/);
    const expected = splitFile(text, 500);
    assert.equal(expected.length, 3);
    expected.forEach((part, index) => {
      const written = readFileSync(path.join(dir, `devices-part${index + 1}.csv`));
      assert.deepEqual(written, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(part, 'utf16le')]));
    });
    assert.deepEqual(readFileSync(file), bytes);
    assert.equal(run(['check', path.join(dir, 'devices-part1.csv')]).code, 0);

    const again = run(['split', '--rows', '600', file]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exist.*--force/);
    const forced = run(['split', '--rows', '600', '--force', file]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(path.join(dir, 'devices-part2.csv'), 'utf16le').slice(1), splitFile(text, 600)[1]);
  });

  it('has nothing to split under the limit, and needs --rows where the format has no limit', () => {
    const dir = workspace();
    const small = path.join(dir, 'small.csv');
    writeFileSync(small, CLEAN);
    const result = run(['split', small]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /nothing to split/);
    assert.equal(existsSync(path.join(dir, 'small-part1.csv')), false);
    const partner = path.join(dir, 'partner.csv');
    writeFileSync(partner, `${INTUNE_HEADER},Manufacturer name,Device model\r\n${intuneRow(hp, [hp.manufacturer, hp.model])}\r\n`);
    const noLimit = run(['split', partner]);
    assert.equal(noLimit.code, 2);
    assert.match(noLimit.stderr, /Partner Center format has no row limit: give the number of devices per file with --rows N/);
  });
});

describe('autopilot-csv convert --to partner-center', () => {
  it('writes a file that checks clean', () => {
    const dir = workspace();
    const file = path.join(dir, 'intune.csv');
    writeFileSync(file, intuneCsv(6, { seed: 9, groupTag: 'Microsoft365Managed_Standard' }));
    const converted = run(['convert', '--to', 'partner-center', file]);
    assert.equal(converted.code, 0, converted.stderr);
    const output = path.join(dir, 'partner.csv');
    writeFileSync(output, converted.stdout);
    const check = run(['check', '--format', 'json', output]);
    assert.equal(check.code, 0);
    assert.deepEqual(JSON.parse(check.stdout), []);
  });
});

describe('the command line on files of the size Excel and other tools write', () => {
  it('checks a clean file followed by 130,000 rows of commas (Excel formatted empty rows) and prints valid JSON', () => {
    const dir = workspace();
    const file = path.join(dir, 'formatted.csv');
    writeFileSync(file, CLEAN + ',,\r\n'.repeat(130_000));
    const result = run(['check', '--format', 'json', file]);
    assert.equal(result.code, 0, result.stderr.slice(0, 500));
    const findings = JSON.parse(result.stdout) as JsonFinding[];
    assert.equal(findings.length, 130_000);
    assert.ok(findings.every((finding) => finding.code === 'empty-row'));
  });

  it('fixes a 35,000-row file separated by semicolons (140,000 separators), every device kept', () => {
    const dir = workspace();
    const file = path.join(dir, 'semicolons.csv');
    const [header = '', ...rows] = intuneCsv(35_000, { seed: 3, groupTag: 'Microsoft365Managed_Standard' }).split('\r\n');
    const text = [`${header},Assigned User`, ...rows.map((row, index) => (row === '' ? row : `${row},user${index}@contoso.com`))].join(
      '\r\n',
    );
    writeFileSync(file, text.replaceAll(',', ';'));
    const result = run(['fix', '--write', file]);
    // What is left is the row limit: the next step is split.
    assert.equal(result.code, 1, result.stderr.slice(0, 500));
    assert.match(result.stderr, /fixed delimiter x1; 1 finding\(s\) left/);
    assert.equal(readFileSync(file, 'utf8'), text);
  });
});
