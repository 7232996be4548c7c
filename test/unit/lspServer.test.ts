// The bundled language server over stdio, driven the way an editor drives it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { DeviceRowsRequest } from '../../server/src/protocol/extensionProtocol';
import { startTestClient, type TestClient } from './support/lspClient';

function deviceLine(index: number, tag: string): string {
  const device = syntheticDevice(index, 7);
  return `${device.serialNumber},,${generateHardwareHash(device, 7)},${tag}`;
}

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code).sort();

describe('language server over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startTestClient({});
  });
  after(async () => {
    await client.stop();
  });

  it('publishes a misspelled tag at its cell, with a link to the rule and a preferred fix', async () => {
    const text = [HEADER, deviceLine(1, 'Microsoft365Managed_Autopilot'), deviceLine(2, 'microsoft365managed_autopilot'), ''].join('\r\n');
    const uri = client.open('tags.csv', text);
    const diagnostics = await client.diagnostics(uri, (list) => list.length > 0);
    assert.deepEqual(codes(diagnostics), ['group-tag-misspelled']);
    const [tag] = diagnostics;
    assert.ok(tag);
    assert.equal(tag.source, 'autopilot-csv');
    assert.equal(tag.range.start.line, 2);
    const lines = text.split('\r\n');
    const tagColumn = (lines[2] ?? '').lastIndexOf(',') + 1;
    assert.deepEqual(tag.range, { start: { line: 2, character: tagColumn }, end: { line: 2, character: tagColumn + 29 } });
    assert.match(tag.codeDescription?.href ?? '', /docs\/rules\.md#group-tag-misspelled$/);

    const actions = await client.codeActions(uri, tag.range, [tag], ['quickfix']);
    const preferred = actions.find((action) => action.isPreferred);
    assert.ok(preferred, 'a preferred quick fix');
    assert.deepEqual(preferred.edit?.changes?.[uri], [{ range: tag.range, newText: 'Microsoft365Managed_Autopilot' }]);
  });

  it('re-validates after an incremental edit', async () => {
    const text = [HEADER, deviceLine(3, 'Microsoft365Managed-Autopilot'), ''].join('\n');
    const uri = client.open('edit.csv', text);
    const before = await client.diagnostics(uri, (list) => list.length > 0);
    const tag = before.find((diagnostic) => diagnostic.code === 'group-tag-misspelled');
    assert.ok(tag);
    client.change(uri, 2, [{ range: tag.range, text: 'Microsoft365Managed_Autopilot' }]);
    const afterEdit = await client.diagnostics(uri, (_list, version) => version === 2);
    assert.deepEqual(afterEdit, []);
  });

  it("answers the upload's request with the rows and problem counts the Problems panel shows, for the latest version", async () => {
    const text = [HEADER, deviceLine(6, 'Microsoft365Managed_Kiosk'), deviceLine(7, 'Microsoft365Managed_Kiosk '), ''].join('\r\n');
    const uri = client.open('rows.csv', text);
    const published = await client.diagnostics(uri, (list) => list.length > 0);
    const first = await client.request<DeviceRowsRequest.Result | null>(DeviceRowsRequest.method, { uri });
    assert.ok(first);
    assert.equal(first.version, 1);
    assert.equal(first.format, 'intune');
    assert.equal(first.warnings, published.filter((diagnostic) => diagnostic.severity === 2).length);
    assert.equal(first.warnings, 1, 'the trailing space');
    assert.deepEqual(
      first.rows.map((row) => [row.line, row.serialNumber, row.groupTag]),
      [
        [1, syntheticDevice(6, 7).serialNumber, 'Microsoft365Managed_Kiosk'],
        [2, syntheticDevice(7, 7).serialNumber, 'Microsoft365Managed_Kiosk'],
      ],
    );
    // The edit is answered in the edited version, without waiting for the diagnostics.
    client.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' }]);
    const second = await client.request<DeviceRowsRequest.Result | null>(DeviceRowsRequest.method, { uri });
    assert.deepEqual([second?.version, second?.warnings, second?.rows.length], [2, 0, 1]);

    const other = client.open('prices.csv', 'Name,Price\r\nApple,1\r\n', 'csv');
    assert.equal(await client.request(DeviceRowsRequest.method, { uri: other }), null);
  });

  it('stays silent on a CSV file that is not an Autopilot file, unless it is opened as Autopilot CSV', async () => {
    const other = client.open('inventory.csv', 'Name,Price\r\nApple,1\r\n', 'csv');
    assert.deepEqual(await client.diagnostics(other), []);
    const autopilot = client.open('empty.csv', 'Name,Price\r\nApple,1\r\n', 'autopilot-csv');
    assert.deepEqual(codes(await client.diagnostics(autopilot)), ['header-unknown']);
  });

  it('validates a plain CSV document whose header is an Autopilot header', async () => {
    const uri = client.open('plain.csv', [HEADER, deviceLine(4, 'Microsoft365Managed_Kiosk '), ''].join('\r\n'), 'plaintext');
    assert.deepEqual(codes(await client.diagnostics(uri, (list) => list.length > 0)), ['whitespace']);
  });

  it('applies rule settings without a restart', async () => {
    client.settings = { onlyListedGroupTags: true };
    const uri = client.open('settings.csv', [HEADER, deviceLine(5, 'Contoso_Sales'), ''].join('\r\n'));
    assert.deepEqual(codes(await client.diagnostics(uri, (list) => list.length > 0)), ['group-tag-unknown']);
    client.settings = { onlyListedGroupTags: true, rules: { 'group-tag-unknown': 'off' } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics(uri, (list) => list.length === 0), []);
    client.settings = { onlyListedGroupTags: true, groupTags: ['Contoso_Sales'] };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics(uri, (list) => list.length === 0), []);
    client.settings = {};
  });

  it('uses the encoding the client reports for the document', async () => {
    const uri = client.open('bom.csv', [HEADER, deviceLine(6, 'Microsoft365Managed_Autopilot'), ''].join('\r\n'));
    await client.diagnostics(uri, (list) => list.length === 0);
    void client.connection.sendNotification('autopilot/documentEncoding', { uri, encoding: 'utf8bom' });
    const diagnostics = await client.diagnostics(uri, (list) => list.length > 0);
    assert.deepEqual(codes(diagnostics), ['encoding-bom']);
    assert.equal(diagnostics[0]?.range.start.line, 0);
  });

  it('offers fix-all as a source action that repairs column order and tags in one edit', async () => {
    const device = syntheticDevice(8, 7);
    const hash = generateHardwareHash(device, 7);
    const text = `Hardware Hash,Device Serial Number,Windows Product ID,Group Tag\r\n${hash},${device.serialNumber},,microsoft365managed_autopilot\r\n`;
    const uri = client.open('fixall.csv', text);
    const diagnostics = await client.diagnostics(uri, (list) => list.length > 0);
    assert.deepEqual(codes(diagnostics), ['column-order', 'group-tag-misspelled']);
    const actions = await client.codeActions(
      uri,
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      [],
      ['source.fixAll.autopilot-csv'],
    );
    assert.equal(actions.length, 1);
    const edits = actions[0]?.edit?.changes?.[uri] ?? [];
    assert.equal(edits.length, 1);
    const fixed = applyLspEdit(text, edits[0]!);
    assert.equal(fixed, `${HEADER}\r\n${device.serialNumber},,${hash},Microsoft365Managed_Autopilot\r\n`);
  });
});

function applyLspEdit(text: string, edit: { range: Diagnostic['range']; newText: string }): string {
  const lines = text.split(/(?<=\r\n)/);
  const offset = (position: { line: number; character: number }) =>
    lines.slice(0, position.line).reduce((sum, line) => sum + line.length, 0) + position.character;
  return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
}
