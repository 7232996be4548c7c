// What the language server gives the editor to make a file readable, requested over stdio as VS Code requests it:
// the device rows with their hash summaries (the collapsed hash cells and the status bar), colours by column
// (semantic tokens), the outline of a document asked for before it was opened, the header's lenses, and what the
// hash and group tag hovers say (the verdict first, each problem once).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeLens,
  DocumentSymbol,
  Hover,
  MarkupContent,
  Position,
  SemanticTokens,
  SemanticTokensDelta,
} from 'vscode-languageserver-protocol';
import { generateHardwareHash, syntheticDevice, type SyntheticDevice } from '../../scripts/lib/hashGenerator';
import { RowSummariesRequest } from '../../server/src/protocol/extensionProtocol';
import { startTestClient, type TestClient } from './support/lspClient';

const SEED = 71;
const INTUNE_TAG = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';
const INTUNE_USER = `${INTUNE_TAG},Assigned User`;
const STANDARD = 'Microsoft365Managed_Standard';

function device(index: number, overrides: Partial<SyntheticDevice> = {}) {
  const synthetic = { ...syntheticDevice(index, SEED), ...overrides };
  return { ...synthetic, hash: generateHardwareHash(synthetic, SEED) };
}

const file = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

function positionOf(text: string, needle: string, shift = 0): Position {
  const offset = text.indexOf(needle) + shift;
  assert.ok(offset >= shift, `"${needle}" in the text`);
  const before = text.slice(0, offset).split('\r\n');
  return { line: before.length - 1, character: (before.at(-1) ?? '').length };
}

/** Semantic tokens decoded to `[line, character, text, type]`. */
function decodeTokens(text: string, data: readonly number[], legend: readonly string[]): Array<[number, number, string, string]> {
  const lines = text.split('\r\n');
  const tokens: Array<[number, number, string, string]> = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine = 0, deltaStart = 0, length = 0, type = 0] = data.slice(i, i + 4);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    tokens.push([line, character, (lines[line] ?? '').slice(character, character + length), legend[type] ?? `#${type}`]);
  }
  return tokens;
}

/** Applies semantic-token edits to the previous data, as the editor does. */
function applyTokenEdits(previous: readonly number[], delta: SemanticTokensDelta): number[] {
  const data = [...previous];
  for (const edit of [...delta.edits].sort((a, b) => b.start - a.start)) data.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return data;
}

describe('the editor view from the language server', () => {
  let client: TestClient;
  let legend: string[] = [];
  let opened = 0;
  before(async () => {
    client = await startTestClient({}, { documentChanges: true });
    legend = client.initializeResult.capabilities.semanticTokensProvider?.legend.tokenTypes ?? [];
  });
  after(async () => {
    await client.stop();
  });

  async function open(text: string, languageId?: string): Promise<string> {
    const uri = client.open(`editor-view-${++opened}.csv`, text, languageId);
    await client.diagnostics(uri);
    return uri;
  }
  const rowsOf = (uri: string) => client.request<RowSummariesRequest.Result | null>(RowSummariesRequest.method, { uri });
  const hoverAt = async (uri: string, position: Position) => {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.ok(hover, 'a hover');
    return (hover.contents as MarkupContent).value;
  };
  const lensesOf = (uri: string) => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });

  describe('row summaries (autopilot/rowSummaries)', () => {
    it("gives each device row its hash cell's range and a label: the model, intact or not, the length", async () => {
      const hp = device(0, { manufacturer: 'HP', model: 'HP EliteBook 840 G8 Notebook PC' });
      const lenovo = device(1, { manufacturer: 'LENOVO', model: '21G2001VUS' });
      const vm = device(2, { manufacturer: 'QEMU', model: 'Standard PC (Q35 + ICH9, 2009)', virtualMachine: 'qemu', tpm: false });
      const cut = device(3, { manufacturer: 'Microsoft Corporation', model: 'Surface Laptop' }).hash.slice(0, 1452);
      const text = file(
        INTUNE_TAG,
        `${hp.serialNumber},,${hp.hash},${STANDARD}`,
        '',
        `${lenovo.serialNumber},,${lenovo.hash},${STANDARD}`,
        `${vm.serialNumber},,${vm.hash},`,
        `CUT-1,,${cut},`,
        'NOHASH-1,3556252499682,,',
      );
      const uri = await open(text);
      const result = await rowsOf(uri);
      assert.ok(result);
      assert.equal(result.version, 1);
      assert.equal(result.format, 'intune');
      assert.deepEqual(result.columns, ['Device Serial Number', 'Windows Product ID', 'Hardware Hash', 'Group Tag']);
      // The empty line is no device: device 2 is on line 3.
      assert.deepEqual(
        result.rows.map((row) => row.line),
        [1, 3, 4, 5, 6],
      );
      const summaryOf = (row: RowSummariesRequest.Row | undefined) => (row?.hash ? result.summaries[row.hash.summary] : undefined);
      const labels = result.rows.map((row) => summaryOf(row)?.label);
      assert.deepEqual(labels, [
        '⟨HP EliteBook 840 G8 ✓ 4000⟩',
        '⟨LENOVO 21G2001VUS ✓ 4000⟩',
        '⟨QEMU Standard PC (Q35 + ICH… ⚠ VM, no TPM⟩',
        // The records before the cut still name the device.
        '⟨Microsoft Surface Laptop ✗ cut off · 1452⟩',
        undefined,
      ]);
      assert.deepEqual(
        result.rows.map((row) => summaryOf(row)?.verdict),
        ['intact', 'intact', 'attention', 'damaged', undefined],
      );
      assert.equal(summaryOf(result.rows[0])?.model, 'HP EliteBook 840 G8 Notebook PC');
      // The cell, as characters on the row's line.
      const first = result.rows[0]?.hash;
      assert.deepEqual(
        [first?.start, first?.end],
        [positionOf(text, hp.hash).character, positionOf(text, hp.hash, hp.hash.length).character],
      );
      assert.equal(first?.endLine, undefined);
    });

    it('follows edits: the rows are of the version asked about', async () => {
      const hp = device(4);
      const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`);
      const uri = await open(text);
      client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'X' }]);
      const result = await rowsOf(uri);
      assert.equal(result?.version, 2);
      assert.equal(result?.rows[0]?.hash?.start, hp.serialNumber.length + 3);
    });

    it('places the hash cell of a row that spans lines (a quoted serial with a line break)', async () => {
      const hp = device(24);
      const text = file(INTUNE_TAG, `"SER\r\nIAL",,${hp.hash},${STANDARD}`);
      const uri = await open(text);
      const hash = (await rowsOf(uri))?.rows[0]?.hash;
      assert.deepEqual(hash && [hash.startLine, hash.start, hash.endLine, hash.end], [2, 6, 2, 6 + hp.hash.length]);
    });

    it('sends the summary of devices of one model and verdict once', async () => {
      const devices = [0, 1, 2, 3].map((index) => device(20 + index, { manufacturer: 'HP', model: 'HP EliteBook 840 G8 Notebook PC' }));
      const uri = await open(file(INTUNE_TAG, ...devices.map((d) => `${d.serialNumber},,${d.hash},${STANDARD}`)));
      const result = await rowsOf(uri);
      assert.equal(result?.summaries.length, 1);
      assert.deepEqual(
        result?.rows.map((row) => row.hash?.summary),
        [0, 0, 0, 0],
      );
    });

    it('answers null for a CSV file that is not an Autopilot file', async () => {
      const uri = await open(file('Name,Email', 'Ada,ada@example.com'), 'csv');
      assert.equal(await rowsOf(uri), null);
    });
  });

  describe('semantic tokens: a colour per column', () => {
    it('colours serial, Product ID, hash, tag and user by column, and sample rows as comments', async () => {
      assert.deepEqual(legend.slice(0, 7), ['enumMember', 'number', 'string', 'type', 'function', 'keyword', 'comment']);
      const hp = device(5);
      const text = file(
        INTUNE_USER,
        `${hp.serialNumber},3556252499682,${hp.hash}, ${STANDARD} ,user@contoso.com`,
        'Line 2 illustrates the tuple - Providing the Serial Number and Manufacturer Name and Device Model together,,,,',
      );
      const uri = await open(text);
      const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
      const decoded = decodeTokens(text, tokens.data, legend).map(([line, , value, type]) => [line, value.slice(0, 24), type]);
      assert.deepEqual(decoded, [
        [0, 'Device Serial Number', 'enumMember'],
        [0, 'Windows Product ID', 'number'],
        [0, 'Hardware Hash', 'string'],
        [0, 'Group Tag', 'type'],
        [0, 'Assigned User', 'function'],
        [1, hp.serialNumber, 'enumMember'],
        [1, '3556252499682', 'number'],
        [1, hp.hash.slice(0, 24), 'string'],
        // Without the spaces around it.
        [1, STANDARD.slice(0, 24), 'type'],
        [1, 'user@contoso.com', 'function'],
        // Microsoft's explanation row is a comment, not a header or a device.
        [2, 'Line 2 illustrates the t', 'comment'],
      ]);
    });

    it('sends an edit of a few numbers after a keystroke, which gives the same tokens as a full result', async () => {
      const devices = [device(6), device(7), device(8)];
      const text = file(INTUNE_TAG, ...devices.map((d) => `${d.serialNumber},,${d.hash},${STANDARD}`));
      const uri = await open(text);
      const first = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
      assert.ok(first.resultId);
      // The second device's tag loses a character.
      const tagStart = positionOf(text, STANDARD, 0);
      const secondTag = { line: 2, character: tagStart.character };
      client.change(uri, 2, [{ range: { start: secondTag, end: { line: 2, character: secondTag.character + 1 } }, text: '' }]);
      await client.diagnostics(uri, (_diagnostics, version) => version === 2);
      const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', {
        textDocument: { uri },
        previousResultId: first.resultId,
      });
      assert.ok('edits' in delta, 'an edit, not a full result');
      assert.ok(delta.edits.reduce((sum, edit) => sum + (edit.data?.length ?? 0), 0) <= 10, JSON.stringify(delta.edits));
      const full = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
      assert.deepEqual(applyTokenEdits(first.data, delta), full.data);
    });

    it('colours only the rows of the range asked for', async () => {
      const devices = [device(9), device(10), device(11)];
      const text = file(INTUNE_TAG, ...devices.map((d) => `${d.serialNumber},,${d.hash},${STANDARD}`));
      const uri = await open(text);
      const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/range', {
        textDocument: { uri },
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } },
      });
      const decoded = decodeTokens(text, tokens.data, legend);
      assert.deepEqual(new Set(decoded.map(([line]) => line)), new Set([2]));
      assert.equal(decoded[0]?.[2], devices[1]?.serialNumber);
    });
  });

  describe('navigation on a document asked about before it is open', () => {
    it('answers Go to Symbol asked before didOpen (VS Code sends didOpen late) with the devices, not nothing', async () => {
      const devices = [device(12), device(13)];
      const text = file(INTUNE_TAG, ...devices.map((d) => `${d.serialNumber},,${d.hash},${STANDARD}`));
      const name = `editor-view-early-${++opened}.csv`;
      const uri = pathToFileURL(path.resolve('/tmp/autopilot-csv-test', name)).toString();
      const symbols = client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      client.open(name, text);
      assert.deepEqual(
        (await symbols).map((symbol) => symbol.name),
        devices.map((d) => d.serialNumber),
      );
    });
  });

  describe('header lenses', () => {
    it('offer the automatic fix, and no upload, while the file has errors', async () => {
      const hp = device(14);
      const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},microsoft365managed_standard`);
      const uri = await open(text);
      const lenses = await lensesOf(uri);
      assert.deepEqual(
        lenses.map((lens) => lens.command?.command),
        ['workbench.actions.view.problems', 'autopilot.fixAll', 'autopilot.openDeviceTable'],
      );
      assert.match(lenses[0]?.command?.title ?? '', /1 error/);
    });

    it('offer the upload once no error is left, and do not count a hint (UTF-16) as a problem', async () => {
      const hp = device(15);
      const uri = client.open(`editor-view-utf16-${++opened}.csv`, file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`));
      await client.connection.sendNotification('autopilot/documentEncoding', { uri, encoding: 'utf16le' });
      const diagnostics = await client.diagnostics(uri, (all) => all.some((d) => d.code === 'encoding-utf16'));
      // A hint: faint dots in VS Code, not a squiggle.
      assert.equal(diagnostics.find((d) => d.code === 'encoding-utf16')?.severity, 4);
      const lenses = await lensesOf(uri);
      assert.equal(lenses[0]?.command?.title, 'Intune format · 1 device · no problems');
      assert.deepEqual(
        lenses.map((lens) => lens.command?.command),
        ['', 'autopilot.openDeviceTable', 'autopilot.upload', 'autopilot.uploadToIntune'],
      );
    });
  });

  describe('the hash hover', () => {
    it("starts with the verdict, names the OS's Windows build and the hash tool's apart, and does not repeat the problem", async () => {
      const hp = device(16, { windowsBuild: '10.0.26200.7840', hashToolBuild: '10.0.26100.7705' });
      const flipped = hp.hash.slice(0, 300) + (hp.hash[300] === 'A' ? 'B' : 'A') + hp.hash.slice(301);
      const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`, `DAMAGED-1,,${flipped},${STANDARD}`);
      const uri = await open(text);
      const intact = await hoverAt(uri, positionOf(text, hp.hash, 100));
      const labels = [...intact.matchAll(/^\| ([^|]+) \|/gm)].map((match) => match[1]?.trim()).filter((label) => label !== '');
      assert.deepEqual(labels.slice(0, 3), ['Checksum', 'Length', 'Virtual machine'], intact);
      assert.match(intact, /\| Windows build \| 10\.0\.26200\.7840 \(x64\) \|/);
      assert.match(intact, /\| Hash tool build \| 10\.0\.26100\.7705 \|/);

      const damaged = await hoverAt(uri, positionOf(text, flipped, 100));
      assert.match(damaged, /\| Checksum \| \*\*does not match\*\*/);
      // The diagnostic's message shows beside the hover: the hover does not say it again.
      assert.doesNotMatch(damaged, /Problem|Copy it again/, damaged);
    });
  });

  describe('the group tag hover', () => {
    const MISSPELLED = 'Microsoft365Managed_Standrd';
    const POWER_USER_SHARED = 'Microsoft365Managed_PowerUser-Shared';

    it('leaves the problem to the diagnostic and shows the dynamic-group rule with the corrected tag', async () => {
      const [hp, lenovo] = [device(30), device(31)];
      const text = file(
        INTUNE_TAG,
        `${hp.serialNumber},,${hp.hash},${MISSPELLED}`,
        `${lenovo.serialNumber},,${lenovo.hash},${POWER_USER_SHARED}`,
      );
      const uri = client.open(`editor-view-${++opened}.csv`, text);
      const diagnostics = await client.diagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'group-tag-invalid'));
      const misspelling = diagnostics.find((diagnostic) => diagnostic.code === 'group-tag-misspelled');
      assert.match(
        typeof misspelling?.message === 'string' ? misspelling.message : '',
        /misspelling of the known tag "Microsoft365Managed_Standard"/,
      );

      const misspelled = await hoverAt(uri, positionOf(text, MISSPELLED, 3));
      assert.match(misspelled, /`\(device\.devicePhysicalIds -any \(_ -eq "\[OrderID\]:Microsoft365Managed_Standard"\)\)`/, misspelled);
      assert.doesNotMatch(misspelled, /\[OrderID\]:Microsoft365Managed_Standrd/, 'the rule of the misspelled tag selects nothing');
      assert.doesNotMatch(misspelled, /misspell/i, 'said once, by the diagnostic');
      assert.match(misspelled, /Managed Desktop profile Standard/);

      const invalid = await hoverAt(uri, positionOf(text, POWER_USER_SHARED, 3));
      assert.doesNotMatch(invalid, /cannot work|no shared-device mode/i, invalid);
    });

    it('says the problem itself when its rule is turned off (no diagnostic says it)', async () => {
      client.settings = { rules: { 'group-tag-misspelled': 'off' } };
      try {
        const hp = device(32);
        const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${MISSPELLED}`);
        const uri = await open(text);
        const hover = await hoverAt(uri, positionOf(text, MISSPELLED, 3));
        assert.match(hover, /\*\*Misspelled\?\*\* It looks like a misspelling of `Microsoft365Managed_Standard`/, hover);
        assert.match(hover, /\[OrderID\]:Microsoft365Managed_Standard"/);
      } finally {
        client.settings = {};
      }
    });
  });
});
