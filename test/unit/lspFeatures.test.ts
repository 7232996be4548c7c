// Hovers, completions, document symbols, code lenses and code-action hygiene of the bundled language server,
// requested over stdio the way an editor requests them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, CompletionList, DocumentSymbol, Hover, MarkupContent, Position } from 'vscode-languageserver-protocol';
import { generateHardwareHash, syntheticDevice, type SyntheticDevice } from '../../scripts/lib/hashGenerator';
import { MANAGED_DESKTOP_GROUP_TAGS } from '../../server/src/core/groupTagPolicy';
import { startTestClient, type TestClient } from './support/lspClient';
import { applyWorkspaceEdit } from './support/workspaceEdit';

const SEED = 33;
const INTUNE_TAG = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';
const PARTNER = 'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model';
const STANDARD = 'Microsoft365Managed_Standard';

function device(index: number, overrides: Partial<SyntheticDevice> = {}) {
  const synthetic = { ...syntheticDevice(index, SEED), ...overrides };
  return { ...synthetic, hash: generateHardwareHash(synthetic, SEED) };
}

const file = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** The position of the `nth` occurrence of `needle` in `text`, plus `shift` characters. */
function positionOf(text: string, needle: string, shift = 0): Position {
  const offset = text.indexOf(needle) + shift;
  assert.ok(offset >= shift, `"${needle}" in the text`);
  const before = text.slice(0, offset).split('\r\n');
  return { line: before.length - 1, character: (before.at(-1) ?? '').length };
}

const markdownOf = (hover: Hover | null): string => {
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
};

describe('language features', () => {
  let client: TestClient;
  let opened = 0;
  before(async () => {
    client = await startTestClient({}, { documentChanges: true });
  });
  after(async () => {
    await client.stop();
  });

  async function open(text: string, languageId?: string): Promise<string> {
    const uri = client.open(`feature-${++opened}.csv`, text, languageId);
    await client.diagnostics(uri);
    return uri;
  }
  const hoverAt = (uri: string, position: Position) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  const completeAt = (uri: string, position: Position, triggerCharacter?: string) =>
    client.request<CompletionList | null>('textDocument/completion', {
      textDocument: { uri },
      position,
      context: triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 },
    });
  const symbolsOf = (uri: string) => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const lensesOf = (uri: string) => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });

  describe('hover', () => {
    it('on a hash names the device: serial, manufacturer, model, PKID, TPM, Windows build, adapters, checksum, length', async () => {
      const lenovo = device(1);
      const text = file(INTUNE_TAG, `${lenovo.serialNumber},,${lenovo.hash},${STANDARD}`);
      const uri = await open(text);
      const markdown = markdownOf(await hoverAt(uri, positionOf(text, lenovo.hash, 100)));
      assert.match(markdown, new RegExp(`Hardware hash\\*\\* of ${lenovo.model}, serial \`${lenovo.serialNumber}\``));
      assert.match(markdown, /\| Manufacturer \| `LENOVO` \|/);
      assert.match(markdown, new RegExp(`\\| Product Key ID \\| \`${lenovo.productKeyId}\` \\|`));
      assert.match(markdown, /\| TPM \| TPM 2\.0/);
      assert.match(markdown, /\| Windows build \| 10\.0\.26100\.3323 \(x64\) \|/);
      assert.match(markdown, /\| Network adapters \| Bluetooth `[0-9A-F:]{17}` \(BTH\); Ethernet `[0-9A-F:]{17}` \(PCI\); Wi-Fi/);
      assert.match(markdown, /\| Virtual machine \| no \|/);
      assert.match(markdown, /\| Checksum \| verified/);
      assert.match(markdown, /\| Length \| 4000 characters \(complete\) \|/);
    });

    it('on the hash of a virtual machine without TPM says so', async () => {
      const vm = device(4, { manufacturer: 'QEMU', model: 'Standard PC (Q35 + ICH9, 2009)', virtualMachine: 'qemu', tpm: false });
      const text = file(INTUNE_TAG, `${vm.serialNumber},,${vm.hash},`);
      const uri = await open(text);
      const markdown = markdownOf(await hoverAt(uri, positionOf(text, vm.hash, 10)));
      assert.match(markdown, /\| Virtual machine \| yes: manufacturer QEMU/);
      assert.match(markdown, /\| TPM \| none: self-deploying mode and pre-provisioning will not work \|/);
    });

    it('on a damaged hash says the checksum does not match', async () => {
      const hp = device(0);
      const flipped = hp.hash.slice(0, 200) + (hp.hash[200] === 'A' ? 'B' : 'A') + hp.hash.slice(201);
      const text = file(INTUNE_TAG, `${hp.serialNumber},,${flipped},`);
      const uri = await open(text);
      const markdown = markdownOf(await hoverAt(uri, positionOf(text, flipped, 10)));
      assert.match(markdown, /\| Checksum \| \*\*does not match\*\*/);
    });

    it('on a header cell says what the column means in this format', async () => {
      const hp = device(0);
      const intune = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`);
      const intuneUri = await open(intune);
      const groupTag = markdownOf(await hoverAt(intuneUri, positionOf(intune, 'Group Tag', 2)));
      assert.match(groupTag, /\*\*Group Tag\*\* \(Intune format\)/);
      assert.match(groupTag, /Optional column/);
      assert.match(groupTag, /`\[OrderID\]:<tag>`/);

      const partner = file(PARTNER, `${hp.serialNumber},,${hp.hash},,`);
      const partnerUri = await open(partner);
      const manufacturer = markdownOf(await hoverAt(partnerUri, positionOf(partner, 'Manufacturer name', 3)));
      assert.match(manufacturer, /\*\*Manufacturer name\*\* \(Partner Center format\)/);
      assert.match(manufacturer, /Required column/);
      assert.match(manufacturer, /case-exactly/);
      assert.match(manufacturer, /batch\) when you upload becomes the group tag/);
    });

    it('on an extra header cell says the format does not take it', async () => {
      const hp = device(0);
      const text = file(`${INTUNE_TAG},Notes`, `${hp.serialNumber},,${hp.hash},${STANDARD},x`);
      const uri = await open(text);
      assert.match(markdownOf(await hoverAt(uri, positionOf(text, 'Notes', 1))), /not a column of the Intune format/);
    });

    it('on a group tag cell says what it selects, and whether and why the tag is known', async () => {
      const [a, b] = [device(0), device(1)];
      const text = file(INTUNE_TAG, `${a.serialNumber},,${a.hash},${STANDARD}`, `${b.serialNumber},,${b.hash},microsoft365managed_kiosk`);
      const uri = await open(text);
      const known = markdownOf(await hoverAt(uri, positionOf(text, STANDARD, 3)));
      assert.match(known, /\*\*Known\*\*: a Managed Desktop tag\./);
      assert.match(known, /Managed Desktop profile Standard\. Microsoft Managed Desktop ended service on 2024-07-31/);
      assert.match(known, /\[OrderID\]:Microsoft365Managed_Standard/);
      const misspelled = markdownOf(await hoverAt(uri, positionOf(text, 'microsoft365managed_kiosk', 3)));
      // The diagnostic beside the hover says what is wrong; the hover does not say it again.
      assert.doesNotMatch(misspelled, /differs only in case or separators/);
      // The dynamic-group example is the rule the group has: the corrected tag.
      assert.match(misspelled, /Corrected to `Microsoft365Managed_Kiosk`, .*\[OrderID\]:Microsoft365Managed_Kiosk"/);
      assert.doesNotMatch(misspelled, /\[OrderID\]:microsoft365managed_kiosk/);
    });

    it('on a serial cell shows nothing', async () => {
      const hp = device(0);
      const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`);
      const uri = await open(text);
      assert.equal(await hoverAt(uri, positionOf(text, hp.serialNumber, 1)), null);
    });
  });

  describe('completion', () => {
    it('offers the listed group tags first, from settings, in the Group Tag column, and the Managed Desktop tags last', async () => {
      const custom = await startTestClient({ groupTags: ['Contoso_Sales', 'Contoso_Kiosk'] });
      try {
        const hp = device(0);
        const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},`);
        const uri = custom.open('complete-tags.csv', text);
        await custom.diagnostics(uri);
        const position = { line: 1, character: `${hp.serialNumber},,${hp.hash},`.length };
        const list = await custom.request<CompletionList>('textDocument/completion', {
          textDocument: { uri },
          position,
          context: { triggerKind: 2, triggerCharacter: ',' },
        });
        const labels = [...list.items].sort((x, y) => (x.sortText ?? '').localeCompare(y.sortText ?? '')).map((item) => item.label);
        assert.deepEqual(labels.slice(0, 2), ['Contoso_Sales', 'Contoso_Kiosk']);
        assert.deepEqual(labels.slice(2), [...MANAGED_DESKTOP_GROUP_TAGS]);
        const edited = applyWorkspaceEdit(text, uri, { changes: { [uri]: [list.items[0]?.textEdit as never] } });
        assert.equal(edited, file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},Contoso_Sales`));
      } finally {
        await custom.stop();
      }
    });

    it('replaces a partly typed tag with a known one', async () => {
      const hp = device(0);
      const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},Microsoft365Managed_Kio`);
      const uri = await open(text);
      const list = await completeAt(uri, { line: 1, character: text.split('\r\n')[1]?.length ?? 0 });
      assert.ok(list);
      assert.equal(list.items.length, 8);
      const kiosk = list.items.find((item) => item.label === 'Microsoft365Managed_Kiosk');
      assert.equal(kiosk?.detail, 'Managed Desktop profile Kiosk (ended 2024-07-31)');
      assert.equal(
        applyWorkspaceEdit(text, uri, { changes: { [uri]: [kiosk?.textEdit as never] } }),
        file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},Microsoft365Managed_Kiosk`),
      );
    });

    it('offers column names on line 1: the canonical header and each known column', async () => {
      const hp = device(0);
      const text = file('Device Serial Number,Windows Product ID,Hardware Hash,Gro', `${hp.serialNumber},,${hp.hash},${STANDARD}`);
      const uri = await open(text);
      const list = await completeAt(uri, { line: 0, character: text.indexOf('\r\n') });
      assert.ok(list);
      const labels = list.items.map((item) => item.label);
      assert.ok(labels.includes(INTUNE_TAG), 'the canonical Intune header');
      for (const column of [
        'Device Serial Number',
        'Windows Product ID',
        'Hardware Hash',
        'Group Tag',
        'Assigned User',
        'Manufacturer name',
        'Device model',
        'Serial Number',
      ]) {
        assert.ok(labels.includes(column), column);
      }
      const groupTag = list.items.find((item) => item.label === 'Group Tag');
      assert.equal(
        applyWorkspaceEdit(text, uri, { changes: { [uri]: [groupTag?.textEdit as never] } }),
        file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`),
      );
      const header = list.items.find((item) => item.label === INTUNE_TAG);
      assert.equal(
        applyWorkspaceEdit(text, uri, { changes: { [uri]: [header?.textEdit as never] } }),
        file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`),
      );
    });

    it('offers nothing in a serial number cell', async () => {
      const hp = device(0);
      const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`);
      const uri = await open(text);
      const list = await completeAt(uri, { line: 1, character: 2 });
      assert.deepEqual(list?.items ?? [], []);
    });
  });

  describe('navigation', () => {
    it('lists one symbol per device, named by serial number, with the model as detail', async () => {
      const devices = [device(0), device(1), device(2)];
      const text = file(INTUNE_TAG, ...devices.map((d) => `${d.serialNumber},,${d.hash},${STANDARD}`), ',,,');
      const uri = await open(text);
      const symbols = await symbolsOf(uri);
      assert.deepEqual(
        symbols.map((symbol) => [symbol.name, symbol.detail]),
        devices.map((d) => [d.serialNumber, `${d.model} · ${STANDARD}`]),
      );
      assert.deepEqual(symbols[1]?.selectionRange, {
        start: { line: 2, character: 0 },
        end: { line: 2, character: devices[1]?.serialNumber.length ?? 0 },
      });
    });

    it('puts the format, device count and problem count on the header, with fix-all, device table and upload lenses', async () => {
      const devices = [device(0), device(1), device(2)];
      const text = file(
        INTUNE_TAG,
        `${devices[0]?.serialNumber},,${devices[0]?.hash}, ${STANDARD}`,
        ...devices.slice(1).map((d) => `${d.serialNumber},,${d.hash},Contoso`),
      );
      const uri = await open(text);
      const lenses = await lensesOf(uri);
      assert.ok(lenses.every((lens) => lens.range.start.line === 0));
      const titles = lenses.map((lens) => lens.command?.title);
      assert.equal(titles[0], 'Intune format · 3 devices · 2 problems (1 warning, 1 info)');
      const fixAll = lenses.find((lens) => lens.command?.command === 'autopilot.fixAll');
      assert.equal(fixAll?.command?.title, 'Fix 1 problem automatically');
      const upload = lenses.find((lens) => lens.command?.command === 'autopilot.upload');
      assert.deepEqual(upload?.command?.arguments, [{ uri }]);
      const intune = lenses.find((lens) => lens.command?.command === 'autopilot.uploadToIntune');
      assert.equal(intune?.command?.title, 'Upload to Intune…');
      assert.deepEqual(intune?.command?.arguments, [{ uri }]);
      const table = lenses.find((lens) => lens.command?.command === 'autopilot.openDeviceTable');
      assert.equal(table?.command?.title, 'Open Device Table');
      assert.deepEqual(table?.command?.arguments, [{ uri }]);
    });

    it('counts problems of one severity once, so that the header line keeps room for its lenses', async () => {
      const hp = device(4);
      const uri = await open(file(INTUNE_TAG, `${hp.serialNumber} ,,${hp.hash},${STANDARD}`));
      const titles = (await lensesOf(uri)).map((lens) => lens.command?.title);
      assert.equal(titles[0], 'Intune format · 1 device · 1 warning');
      assert.ok(titles.includes('Upload to Intune…'), String(titles));
    });

    it('offers the upload to Intune on an Intune-format file only', async () => {
      const hp = device(3);
      const uri = await open(file(PARTNER, `${hp.serialNumber},,${hp.hash},,`));
      const commands = (await lensesOf(uri)).map((lens) => lens.command?.command);
      assert.ok(commands.includes('autopilot.upload'), String(commands));
      assert.ok(!commands.includes('autopilot.uploadToIntune'), String(commands));
    });

    it('says "no problems" on a clean file and offers no fix-all lens', async () => {
      const hp = device(0);
      const uri = await open(file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`));
      const lenses = await lensesOf(uri);
      assert.equal(lenses[0]?.command?.title, 'Intune format · 1 device · no problems');
      assert.deepEqual(
        lenses.map((lens) => lens.command?.command),
        ['', 'autopilot.openDeviceTable', 'autopilot.upload', 'autopilot.uploadToIntune'],
      );
    });
  });

  describe('code actions', () => {
    const wholeFile = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };

    it('clean files get no code actions but source actions, and no source action has anything to do', async () => {
      const hp = device(0);
      const uri = await open(file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`));
      assert.deepEqual(await client.codeActions(uri, wholeFile, []), []);
      assert.deepEqual(await client.codeActions(uri, wholeFile, [], ['quickfix']), []);
      assert.deepEqual(await client.codeActions(uri, wholeFile, [], ['source']), []);
    });

    it('the light bulb request (no kind asked) does not carry fix-all; asking for source actions does', async () => {
      const hp = device(0);
      const text = file(INTUNE_TAG, `${hp.serialNumber} ,,${hp.hash},${STANDARD}`);
      const uri = await open(text);
      assert.deepEqual(await client.codeActions(uri, wholeFile, []), []);
      const [fixAll, ...others] = await client.codeActions(uri, wholeFile, [], ['source']);
      assert.equal(others.length, 0);
      assert.equal(fixAll?.kind, 'source.fixAll.autopilot-csv');
      assert.equal(applyWorkspaceEdit(text, uri, fixAll?.edit, 1), file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`));
    });

    it('fix-all is versioned: its edit names the document version it was computed for', async () => {
      const hp = device(0);
      const text = file(INTUNE_TAG, `${hp.serialNumber},,${hp.hash},${STANDARD}`);
      const uri = await open(text);
      client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: ' ' }]);
      await client.diagnostics(uri, (_list, version) => version === 2);
      const [fixAll] = await client.codeActions(uri, wholeFile, [], ['source.fixAll.autopilot-csv']);
      const change = fixAll?.edit?.documentChanges?.[0];
      assert.ok(change && 'textDocument' in change);
      assert.equal(change.textDocument.version, 2);
      assert.throws(() => applyWorkspaceEdit(text, uri, fixAll?.edit, 1), /version 2/);
    });

    it('a CSV file that is not an Autopilot file gets no actions, hovers, symbols or lenses', async () => {
      const text = file('Name,Price', ' Apple ,"1"');
      const uri = await open(text, 'csv');
      const actions: CodeAction[] = await client.codeActions(uri, wholeFile, [], ['source']);
      assert.deepEqual(actions, []);
      assert.equal(await hoverAt(uri, { line: 0, character: 1 }), null);
      assert.deepEqual(await symbolsOf(uri), []);
      assert.deepEqual(await lensesOf(uri), []);
    });
  });
});
