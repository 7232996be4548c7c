// `autopilot-csv upload` checks the file with the settings `check` uses (--config FILE, else the nearest
// .vscode/settings.json): a group tag outside an allow-list (autopilot.onlyListedGroupTags) never reaches the
// customer's tenant. The built command, against the fake Partner Center.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { settingsFor } from '../../server/src/cli/configFile';
import { runUpload } from '../../server/src/cli/uploadCommand';
import { rowsFromFile } from '../../server/src/cli/uploadRows';
import { FakePartnerCenter } from '../doubles/fakePartnerCenter';
import { mintAccessToken } from '../doubles/jwt';

const CLI = path.resolve('dist/cli.js');
const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';
const ALLOW_LIST = JSON.stringify({ 'autopilot.groupTags': ['SP001_STD01'], 'autopilot.onlyListedGroupTags': true });

/** A folder holding devices.csv (one device per tag) and the other files given. */
function folder(seed: number, tags: string[], files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'autopilot-upload-config-'));
  const rows = tags.map((tag, index) => {
    const device = syntheticDevice(index, seed);
    return `${device.serialNumber},,${generateHardwareHash(device, seed)},${tag}`;
  });
  writeFileSync(path.join(root, 'devices.csv'), `${[HEADER, ...rows].join('\r\n')}\r\n`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('autopilot-csv upload with the settings of check', () => {
  let pc: FakePartnerCenter;
  let token: string;

  before(async () => {
    pc = await FakePartnerCenter.start();
    token = mintAccessToken({ tenantId: pc.settings.partnerTenantId });
  });
  after(() => pc.stop());

  async function upload(root: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string; customer: string }> {
    const customer = randomUUID();
    pc.customers.push({ id: customer, name: 'Contoso', domain: 'contoso.example' });
    const child = spawn(
      process.execPath,
      [CLI, 'upload', path.join(root, 'devices.csv'), '--customer', customer, '--endpoint', pc.baseUrl, ...extra],
      { env: { ...process.env, LC_ALL: 'C.UTF-8', AUTOPILOT_ACCESS_TOKEN: token } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number];
    return { code, stdout, stderr, customer };
  }

  const sentTo = (customer: string) => pc.requests.filter((request) => request.path.includes(customer)).length;

  it('--config FILE: a tag outside the allow-list stops the upload before anything is sent (exit 2)', async () => {
    const root = folder(401, ['SP001_STD01', 'Kiosk-Hamburg'], { 'autopilot.json': ALLOW_LIST });
    const result = await upload(root, '--config', path.join(root, 'autopilot.json'));
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /devices\.csv: 1 row\(s\) have a group tag outside the allow-list, so nothing was uploaded; line 3: Group tag "Kiosk-Hamburg" is not in the allow-list/,
    );
    assert.match(result.stderr, /settings from .*autopilot\.json/);
    assert.equal(sentTo(result.customer), 0, 'nothing reached Partner Center');
  });

  it('reads the nearest .vscode/settings.json without --config, as check does', async () => {
    const root = folder(402, ['Kiosk-Hamburg'], { '.vscode/settings.json': `{\n  // the team's tags\n  ${ALLOW_LIST.slice(1, -1)}\n}` });
    const result = await upload(root);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /settings from .*\.vscode[/\\]settings\.json/);
    assert.match(result.stderr, /line 2: Group tag "Kiosk-Hamburg" is not in the allow-list/);
    assert.equal(sentTo(result.customer), 0);
  });

  it('uploads when every tag is listed, one batch per tag (exit 0)', async () => {
    // In-process, wired as main.ts wires it, to poll the fake quickly.
    const both = JSON.stringify({ 'autopilot.groupTags': ['SP001_STD01', 'Kiosk-Hamburg'], 'autopilot.onlyListedGroupTags': true });
    const root = folder(403, ['SP001_STD01', 'Kiosk-Hamburg'], { 'autopilot.json': both });
    const customer = randomUUID();
    pc.customers.push({ id: customer, name: 'Contoso', domain: 'contoso.example' });
    let stdout = '';
    let stderr = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
    const code = await runUpload(
      [path.join(root, 'devices.csv'), '--customer', customer, '--endpoint', pc.baseUrl, '--config', path.join(root, 'autopilot.json')],
      {
        ...io,
        env: { AUTOPILOT_ACCESS_TOKEN: token },
        locale: 'en',
        readFile: (file) => readFile(file),
        rowsFromFile: (bytes, source) => rowsFromFile(bytes, settingsFor(source, io)(source.file)),
        timing: { pollIntervalMs: 1, maxPollIntervalMs: 1 },
      },
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /devices\.csv:2: \S+: registered in batch "SP001_STD01"/);
    assert.match(stdout, /devices\.csv:3: \S+: registered in batch "Kiosk-Hamburg"/);
    assert.ok(pc.batch(customer, 'Kiosk-Hamburg'));
  });

  it('refuses a --config file that is not JSON, before anything is sent (exit 2)', async () => {
    const root = folder(404, ['SP001_STD01'], { 'autopilot.json': '{ "autopilot.groupTags": [' });
    const result = await upload(root, '--config', path.join(root, 'autopilot.json'));
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /autopilot\.json:\d+:\d+: \w+: the settings file is not valid JSON/);
    assert.equal(sentTo(result.customer), 0);
  });
});
