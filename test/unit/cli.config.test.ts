// The command line reads the editor's settings, as a pipeline uses it: `--config FILE`, else the nearest
// .vscode/settings.json above each file (JSON with comments, as VS Code writes it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';

const CLI = path.resolve('dist/cli.js');
const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function csv(...tags: string[]): string {
  const rows = tags.map((tag, index) => {
    const device = syntheticDevice(index, 17);
    return `${device.serialNumber},,${generateHardwareHash(device, 17)},${tag}`;
  });
  return `${[HEADER, ...rows].join('\r\n')}\r\n`;
}

/** A folder with files at the given relative paths. */
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'autopilot-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const codes = (stdout: string) => [...stdout.matchAll(/: (?:error|warning|info|hint) ([a-z0-9-]+):/g)].map((match) => match[1]);

describe('autopilot-csv settings', () => {
  it('--config FILE: an allow-list of group tags reports the others, and says how to list them', () => {
    const root = folder({
      'devices.csv': csv('SP001_STD01', 'Kiosk-Hamburg'),
      'autopilot.json': JSON.stringify({ 'autopilot.groupTags': ['SP001_STD01'], 'autopilot.onlyListedGroupTags': true }),
    });
    const file = path.join(root, 'devices.csv');
    assert.deepEqual(codes(run('check', file).stdout), ['group-tag-mixed']);
    const result = run('check', '--config', path.join(root, 'autopilot.json'), file);
    assert.equal(result.code, 0, 'a warning is no error');
    assert.deepEqual(codes(result.stdout), ['group-tag-mixed', 'group-tag-unknown']);
    assert.match(result.stdout, /devices\.csv:3:\d+: warning group-tag-unknown: Group tag "Kiosk-Hamburg" is not in the allow-list/);
    assert.match(result.stdout, /\.vscode\/settings\.json or --config FILE/);
    assert.match(result.stderr, /settings from .*autopilot\.json/);
  });

  it('--config FILE takes rules, format, maxRows and requireGroupTag like the editor', () => {
    const root = folder({
      'devices.csv': csv('', '', ''),
      'autopilot.json': `{
        // comments are fine, as in VS Code's settings
        "autopilot.requireGroupTag": true,
        "autopilot.rules": { "group-tag-missing": "error" },
        "autopilot.maxRows": 2,
      }`,
      'partner.json': '{ "autopilot.format": "partner-center" }',
    });
    const file = path.join(root, 'devices.csv');
    assert.deepEqual(codes(run('check', file).stdout), []);
    const result = run('check', '--format', 'json', '--config', path.join(root, 'autopilot.json'), file);
    assert.equal(result.code, 1);
    const findings = JSON.parse(result.stdout) as { code: string; severity: string }[];
    assert.deepEqual(
      findings.map((finding) => `${finding.code} ${finding.severity}`),
      ['row-limit error', 'group-tag-missing error', 'group-tag-missing error', 'group-tag-missing error'],
    );
    assert.ok(codes(run('check', '--config', path.join(root, 'partner.json'), file).stdout).includes('column-unsupported'));
  });

  it('--config FILE that is missing, not JSON or not an object is a usage error (exit 2)', () => {
    const root = folder({ 'devices.csv': csv('A'), 'broken.json': '{ "autopilot.groupTags": [ }', 'list.json': '["SP001_STD01"]' });
    const file = path.join(root, 'devices.csv');
    const missing = run('check', '--config', path.join(root, 'none.json'), file);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /none\.json: cannot read the settings \(ENOENT\)/);
    const broken = run('check', '--config', path.join(root, 'broken.json'), file);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.json:1:\d+: ValueExpected: the settings file is not valid JSON/);
    const list = run('check', '--config', path.join(root, 'list.json'), file);
    assert.equal(list.code, 2);
    assert.match(list.stderr, /the settings must be a JSON object such as \{"autopilot\.groupTags": \["SP001_STD01"\]\}/);
  });

  it('--config FILE: a value of the wrong type or an unknown key is named on stderr and ignored', () => {
    const root = folder({
      'devices.csv': csv('Kiosk-Hamburg'),
      'autopilot.json': JSON.stringify({
        'autopilot.groupTags': 'SP001_STD01',
        'autopilot.onlyListedGroupTags': 'yes',
        'autopilot.groupTag': ['x'],
        'autopilot.rules': { 'no-such-rule': 'off' },
      }),
    });
    const result = run('check', '--config', path.join(root, 'autopilot.json'), path.join(root, 'devices.csv'));
    assert.equal(result.code, 0);
    assert.deepEqual(codes(result.stdout), []);
    assert.match(result.stderr, /"autopilot\.groupTags": must be an array of strings; ignored/);
    assert.match(result.stderr, /"autopilot\.onlyListedGroupTags": must be true or false; ignored/);
    assert.match(result.stderr, /unknown setting "autopilot\.groupTag"; ignored/);
    assert.match(result.stderr, /"autopilot\.rules": "no-such-rule" is not a rule code; ignored/);
  });

  it('reads the nearest .vscode/settings.json above each file (with comments), as the editor does', () => {
    const root = folder({
      '.vscode/settings.json': `{
        // Contoso's tags
        "editor.tabSize": 2,
        "autopilot.groupTags": ["Contoso_Std"],
        "autopilot.onlyListedGroupTags": true, // allow-list
      }`,
      'contoso/devices.csv': csv('Contoso_Std', 'Kiosk'),
      'fabrikam/.vscode/settings.json': '{ "autopilot.groupTags": ["Fabrikam_Std"], "autopilot.onlyListedGroupTags": true }',
      'fabrikam/devices.csv': csv('Fabrikam_Std', 'Contoso_Std'),
    });
    const result = run('check', root);
    const lines = result.stdout.split('\n').filter((line) => line.includes('group-tag-unknown'));
    assert.equal(lines.length, 2, result.stdout);
    assert.match(lines[0] ?? '', /contoso[/\\]devices\.csv:3:.*"Kiosk"/);
    assert.match(lines[1] ?? '', /fabrikam[/\\]devices\.csv:3:.*"Contoso_Std"/);
    assert.match(result.stderr, new RegExp(`settings from ${escape(path.join(root, '.vscode', 'settings.json'))}`));
    assert.match(result.stderr, new RegExp(`settings from ${escape(path.join(root, 'fabrikam', '.vscode', 'settings.json'))}`));
    // --config wins over the settings found.
    const config = path.join(root, 'open.json');
    writeFileSync(config, '{}');
    assert.deepEqual(codes(run('check', '--config', config, root).stdout), ['group-tag-mixed', 'group-tag-mixed']);
  });

  it('reads a settings.json with an error as far as it can, saying where the error is', () => {
    const root = folder({
      '.vscode/settings.json': '{ "autopilot.groupTags": ["Contoso_Std"], "autopilot.onlyListedGroupTags": true, "x": }',
      'devices.csv': csv('Kiosk'),
    });
    const result = run('check', path.join(root, 'devices.csv'));
    assert.match(result.stderr, /settings\.json:1:\d+: ValueExpected; its settings are read as far as they could be/);
    assert.deepEqual(codes(result.stdout), ['group-tag-unknown']);
  });

  it('fix applies the settings too: a misspelling of a listed tag is fixed, an unknown tag is left alone', () => {
    const root = folder({
      '.vscode/settings.json': '{ "autopilot.groupTags": ["SP001_STD01"] }',
      'devices.csv': csv('sp001_std01', 'SP001-STD01', 'Kiosk-Hamburg'),
    });
    const file = path.join(root, 'devices.csv');
    const result = run('fix', '--write', file);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /fixed group-tag-misspelled x2/);
    assert.equal(readFileSync(file, 'utf8'), csv('SP001_STD01', 'SP001_STD01', 'Kiosk-Hamburg'));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
