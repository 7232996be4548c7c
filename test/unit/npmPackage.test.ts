// The npm package as a partner installs it (`npm install --global autopilot-csv`): the command and nothing else,
// working without dependencies. Packed from the bundles the test run built (`--ignore-scripts`: the prepack build
// would rewrite dist/ while other test files run it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(path.join(tmpdir(), 'autopilot-npm-'));

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8', shell: process.platform === 'win32' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the npm package', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  const packed = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
  const [tarball] = packed.code === 0 ? (JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[]) : [];

  it('holds the command, its README and licence, and no sources, tests or extension bundles', () => {
    assert.equal(packed.code, 0, packed.stderr);
    assert.deepEqual(tarball?.files.map((file) => file.path).sort(), [
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/cliUpload.js',
      'package.json',
    ]);
  });

  it('installs offline as the autopilot-csv command, which checks files and loads its upload part', () => {
    assert.ok(tarball, packed.stderr);
    const prefix = path.join(work, 'prefix');
    const installed = run(npm, [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--offline',
      '--no-audit',
      '--no-fund',
      path.join(work, tarball.filename),
    ]);
    assert.equal(installed.code, 0, installed.stderr);
    const command = process.platform === 'win32' ? path.join(prefix, 'autopilot-csv.cmd') : path.join(prefix, 'bin', 'autopilot-csv');

    const clean = run(command, ['check', 'samples/clean-intune.csv']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /Checked 1 file: 0 error\(s\), 0 warning\(s\)/);
    const broken = run(command, ['check', 'samples/broken-hashes.csv']);
    assert.equal(broken.code, 1, broken.stderr);
    assert.match(broken.stdout, /broken-hashes\.csv:\d+:\d+: error hash-/);
    // `upload` lives in dist/cliUpload.js: without a customer it stops with its own usage message.
    const upload = run(command, ['upload', 'samples/clean-intune.csv']);
    assert.equal(upload.code, 2);
    assert.match(upload.stderr, /--customer/);
  });
});
