// Every quick fix of the rule catalogue, applied the way an editor applies it: a codeAction request to the
// bundled language server, its WorkspaceEdit applied to the text, and the resulting file checked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { generateHardwareHash, intuneCsv, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { startTestClient, type TestClient } from './support/lspClient';
import { applyWorkspaceEdit } from './support/workspaceEdit';

const SEED = 21;
const INTUNE = 'Device Serial Number,Windows Product ID,Hardware Hash';
const INTUNE_TAG = `${INTUNE},Group Tag`;
const PARTNER = `${INTUNE},Manufacturer name,Device model`;
const AUTOPILOT = 'Microsoft365Managed_Autopilot';

interface Device {
  serial: string;
  pkid: string;
  hash: string;
  manufacturer: string;
  model: string;
}

/** 0 HP, 1 LENOVO, 2 Dell, 3 Surface (serial with a leading zero), then again. */
function device(index: number): Device {
  const synthetic = syntheticDevice(index, SEED);
  return {
    serial: synthetic.serialNumber,
    pkid: synthetic.productKeyId ?? '',
    hash: generateHardwareHash(synthetic, SEED),
    manufacturer: synthetic.manufacturer,
    model: synthetic.model,
  };
}

const file = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const tagRow = (d: Device, tag = AUTOPILOT) => `${d.serial},,${d.hash},${tag}`;

describe('quick fixes through the language server', () => {
  let client: TestClient;
  let opened = 0;
  before(async () => {
    client = await startTestClient({}, { documentChanges: true });
  });
  after(async () => {
    await client.stop();
  });

  async function open(text: string, code: string, encoding?: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = client.open(`fix-${code}-${++opened}.csv`, text);
    if (encoding) void client.connection.sendNotification('autopilot/documentEncoding', { uri, encoding });
    const diagnostics = await client.diagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === code));
    return { uri, diagnostics: diagnostics.filter((diagnostic) => diagnostic.code === code) };
  }

  async function actionsFor(
    text: string,
    code: string,
    nth = 0,
    encoding?: string,
  ): Promise<{ uri: string; actions: CodeAction[]; diagnostic: Diagnostic }> {
    const { uri, diagnostics } = await open(text, code, encoding);
    const diagnostic = diagnostics[nth];
    assert.ok(diagnostic, `diagnostic ${nth} of ${code}`);
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
    for (const action of actions) assert.deepEqual(action.diagnostics, [diagnostic], `"${action.title}" is linked to its diagnostic`);
    return { uri, actions, diagnostic };
  }

  /** Applies the quick fix `choose` picks (default: the preferred one) and returns the new text. */
  async function fix(
    text: string,
    code: string,
    choose: (actions: CodeAction[]) => CodeAction | undefined = preferred,
    nth = 0,
  ): Promise<string> {
    const { uri, actions } = await actionsFor(text, code, nth);
    const action = choose(actions);
    assert.ok(action, `a quick fix for ${code} among ${JSON.stringify(actions.map((candidate) => candidate.title))}`);
    return applyWorkspaceEdit(text, uri, action.edit, 1);
  }

  const preferred = (actions: CodeAction[]) => {
    const chosen = actions.filter((action) => action.isPreferred);
    assert.equal(chosen.length, 1, `exactly one preferred fix among ${JSON.stringify(actions.map((action) => action.title))}`);
    return chosen[0];
  };
  const only = (actions: CodeAction[]) => {
    assert.equal(actions.length, 1, JSON.stringify(actions.map((action) => action.title)));
    return actions[0];
  };
  const replacingWith = (newText: string) => (actions: CodeAction[]) =>
    actions.find((action) =>
      action.edit?.documentChanges?.some(
        (change) => 'edits' in change && change.edits.length === 1 && (change.edits[0] as { newText?: string }).newText === newText,
      ),
    );
  const forWholeFile = (actions: CodeAction[]) => actions.find((action) => /\ball \d+\b/.test(action.title));

  describe('header', () => {
    it('column-order: reorders every row, keeping every cell value and the CRLF line ends', async () => {
      const [a, b] = [device(0), device(1)];
      const text = file(
        `Hardware Hash,Group Tag,Device Serial Number,Windows Product ID`,
        `${a.hash},${AUTOPILOT},${a.serial},${a.pkid}`,
        `${b.hash},,${b.serial},`,
      );
      assert.equal(
        await fix(text, 'column-order'),
        file(INTUNE_TAG, `${a.serial},${a.pkid},${a.hash},${AUTOPILOT}`, `${b.serial},,${b.hash},`),
      );
    });

    it('header-case: writes the column name as the format spells it', async () => {
      const a = device(0);
      const text = file('device serial number,Windows Product ID,Hardware Hash', `${a.serial},,${a.hash}`);
      assert.equal(await fix(text, 'header-case'), file(INTUNE, `${a.serial},,${a.hash}`));
    });

    it('header-misspelled: renames the column to the known name', async () => {
      const a = device(0);
      const text = file('Device Serial Number,Windows Product ID,Hardware Hashes', `${a.serial},,${a.hash}`);
      assert.equal(await fix(text, 'header-misspelled'), file(INTUNE, `${a.serial},,${a.hash}`));
    });

    it('header-unknown: replaces the header with the canonical header of the format that fits', async () => {
      const a = device(0);
      const text = file('Serial,Key,Blob', `${a.serial},,${a.hash}`);
      assert.equal(await fix(text, 'header-unknown'), file(INTUNE, `${a.serial},,${a.hash}`));
    });

    it('column-unsupported: removes an extra column from every row', async () => {
      const [a, b] = [device(0), device(1)];
      const text = file(`${INTUNE},Notes`, `${a.serial},,${a.hash},first batch`, `${b.serial},,${b.hash},`);
      assert.equal(await fix(text, 'column-unsupported', only), file(INTUNE, `${a.serial},,${a.hash}`, `${b.serial},,${b.hash}`));
    });

    it('column-unsupported: renames the legacy OrderID column to Group Tag', async () => {
      const a = device(0);
      const text = file(`${INTUNE},OrderID`, tagRow(a));
      assert.equal(await fix(text, 'column-unsupported'), file(INTUNE_TAG, tagRow(a)));
    });
  });

  describe('group tags', () => {
    const [a, b, c, d] = [device(0), device(1), device(2), device(3)];
    const misspelled = file(
      INTUNE_TAG,
      tagRow(a, 'microsoft365managed_autopilot'),
      tagRow(b, AUTOPILOT),
      tagRow(c, 'Microsoft365Manged_Autopilot'),
      tagRow(d, 'Microsoft365Managed-Kiosk'),
    );

    it("group-tag-misspelled: the preferred fix replaces this row's tag with the accepted spelling", async () => {
      const fixed = await fix(misspelled, 'group-tag-misspelled');
      assert.equal(
        fixed,
        file(
          INTUNE_TAG,
          tagRow(a, AUTOPILOT),
          tagRow(b, AUTOPILOT),
          tagRow(c, 'Microsoft365Manged_Autopilot'),
          tagRow(d, 'Microsoft365Managed-Kiosk'),
        ),
      );
    });

    it('group-tag-misspelled: "all occurrences" fixes every misspelling of the same tag, and only those', async () => {
      const fixed = await fix(misspelled, 'group-tag-misspelled', forWholeFile);
      assert.equal(
        fixed,
        file(INTUNE_TAG, tagRow(a, AUTOPILOT), tagRow(b, AUTOPILOT), tagRow(c, AUTOPILOT), tagRow(d, 'Microsoft365Managed-Kiosk')),
      );
    });

    it('group-tag-misspelled: a tag misspelled once gets no "all occurrences" action', async () => {
      const { actions } = await actionsFor(misspelled, 'group-tag-misspelled', 2);
      assert.equal(actions.filter((action) => /\ball \d+\b/.test(action.title)).length, 0);
      assert.equal(actions.length, 1);
    });

    it('group-tag-missing: fills in the tag the other rows carry', async () => {
      const text = file(INTUNE_TAG, tagRow(a, 'Microsoft365Managed_Standard'), tagRow(b, ''), tagRow(c, 'Microsoft365Managed_Standard'));
      assert.equal(
        await fix(text, 'group-tag-missing'),
        file(
          INTUNE_TAG,
          tagRow(a, 'Microsoft365Managed_Standard'),
          tagRow(b, 'Microsoft365Managed_Standard'),
          tagRow(c, 'Microsoft365Managed_Standard'),
        ),
      );
    });

    it('group-tag-unknown: offers the tags of the allow-list, none preferred', async () => {
      client.settings = { onlyListedGroupTags: true, groupTags: ['Contoso_Kiosk', 'Contoso_Std'] };
      try {
        const text = file(INTUNE_TAG, tagRow(a, 'Contoso_Sales'));
        const { actions } = await actionsFor(text, 'group-tag-unknown');
        // This client runs no settings commands: only the replacements are offered to it.
        assert.deepEqual(
          actions.map((action) => action.title),
          ['Change the group tag to "Contoso_Kiosk"', 'Change the group tag to "Contoso_Std"'],
        );
        assert.equal(actions.filter((action) => action.isPreferred).length, 0);
        assert.equal(await fix(text, 'group-tag-unknown', replacingWith('Contoso_Std')), file(INTUNE_TAG, tagRow(a, 'Contoso_Std')));
      } finally {
        client.settings = {};
      }
    });
  });

  describe('cells and rows', () => {
    const [a, b, c] = [device(0), device(1), device(2)];

    it('whitespace: trims the spaces around a value, inner spaces kept', async () => {
      const text = file(INTUNE_TAG, `  ${a.serial} ,,${a.hash},${AUTOPILOT}`);
      assert.equal(await fix(text, 'whitespace'), file(INTUNE_TAG, tagRow(a)));
    });

    it('whitespace: "all occurrences" trims every cell at once', async () => {
      const text = file(INTUNE_TAG, `${a.serial} ,,${a.hash},${AUTOPILOT}`, `${b.serial},,${b.hash}, ${AUTOPILOT}`);
      assert.equal(await fix(text, 'whitespace', forWholeFile), file(INTUNE_TAG, tagRow(a), tagRow(b)));
    });

    it('quotes: strips the quotation marks', async () => {
      const text = file(INTUNE_TAG, `"${a.serial}",,${a.hash},${AUTOPILOT}`);
      assert.equal(await fix(text, 'quotes'), file(INTUNE_TAG, tagRow(a)));
    });

    it('delimiter: converts semicolon separators to commas', async () => {
      const text = file(INTUNE.replaceAll(',', ';'), `${a.serial};;${a.hash}`, `${b.serial};;${b.hash}`);
      assert.equal(await fix(text, 'delimiter'), file(INTUNE, `${a.serial},,${a.hash}`, `${b.serial},,${b.hash}`));
    });

    it('empty-row: deletes a blank line and a line of only commas', async () => {
      const text = file(INTUNE_TAG, tagRow(a), ',,,', tagRow(b));
      assert.equal(await fix(text, 'empty-row'), file(INTUNE_TAG, tagRow(a), tagRow(b)));
    });

    it("sample-row: deletes a row left from Microsoft's sample file", async () => {
      const text = file(INTUNE, `${a.serial},,${a.hash}`, 'R9-ZNP67,,', `${b.serial},,${b.hash}`);
      assert.equal(await fix(text, 'sample-row'), file(INTUNE, `${a.serial},,${a.hash}`, `${b.serial},,${b.hash}`));
    });

    it('field-count: removes trailing empty fields', async () => {
      const text = file(INTUNE_TAG, `${tagRow(a)},,`, tagRow(b));
      assert.equal(await fix(text, 'field-count'), file(INTUNE_TAG, tagRow(a), tagRow(b)));
    });

    it('control-character: removes a NUL inside a value', async () => {
      const text = file(INTUNE_TAG, `${a.serial}\u0000,,${a.hash},${AUTOPILOT}`);
      assert.equal(await fix(text, 'control-character'), file(INTUNE_TAG, tagRow(a)));
    });

    it('non-ascii: replaces a typographic dash with its ASCII look-alike', async () => {
      const text = file(INTUNE_TAG, tagRow(a, 'Microsoft365Managed_Standard\u2013Shared'));
      assert.equal(await fix(text, 'non-ascii'), file(INTUNE_TAG, tagRow(a, 'Microsoft365Managed_Standard-Shared')));
    });

    it('duplicate-hash: deletes the repeated row, keeping the first', async () => {
      const text = file(INTUNE_TAG, tagRow(a), tagRow(b), tagRow(a), tagRow(c));
      assert.equal(await fix(text, 'duplicate-hash'), file(INTUNE_TAG, tagRow(a), tagRow(b), tagRow(c)));
    });
  });

  describe('hardware hash', () => {
    const a = device(0);

    it('hash-base64: removes spaces inside the hash', async () => {
      const broken = `${a.hash.slice(0, 1000)} ${a.hash.slice(1000, 2000)}  ${a.hash.slice(2000)}`;
      const text = file(INTUNE, `${a.serial},,${broken}`);
      assert.equal(await fix(text, 'hash-base64'), file(INTUNE, `${a.serial},,${a.hash}`));
    });

    it("hash-base64: restores the '=' padding", async () => {
      const padded = Buffer.concat([Buffer.from(a.hash, 'base64'), Buffer.alloc(1)]).toString('base64');
      assert.ok(padded.endsWith('=='));
      const text = file(INTUNE, `${a.serial},,${padded.slice(0, -2)}`);
      assert.equal(await fix(text, 'hash-base64'), file(INTUNE, `${a.serial},,${padded}`));
    });

    it('hash-base64url: converts the hash to standard base64', async () => {
      const url = a.hash.replaceAll('+', '-').replaceAll('/', '_');
      assert.notEqual(url, a.hash);
      const text = file(INTUNE, `${a.serial},,${url}`);
      assert.equal(await fix(text, 'hash-base64url'), file(INTUNE, `${a.serial},,${a.hash}`));
    });
  });

  describe('values taken from the hash', () => {
    const [hp, lenovo, surface] = [device(0), device(1), device(3)];
    const fromHash = (actions: CodeAction[]) => actions.find((action) => /from the hash/.test(action.title));

    it('serial-mismatch: takes the serial number from the hash', async () => {
      const text = file(INTUNE, `WRONG123,,${hp.hash}`);
      assert.equal(await fix(text, 'serial-mismatch', fromHash), file(INTUNE, `${hp.serial},,${hp.hash}`));
    });

    it('serial-leading-zeros: restores the zeros Excel dropped', async () => {
      assert.match(surface.serial, /^0/);
      const text = file(INTUNE, `${surface.serial.replace(/^0+/, '')},,${surface.hash}`);
      assert.equal(await fix(text, 'serial-leading-zeros'), file(INTUNE, `${surface.serial},,${surface.hash}`));
    });

    it('serial-scientific: replaces scientific notation with the serial from the hash', async () => {
      const text = file(INTUNE, `8.753E+10,,${surface.hash}`);
      assert.equal(await fix(text, 'serial-scientific'), file(INTUNE, `${surface.serial},,${surface.hash}`));
    });

    for (const [code, cell] of [
      ['product-id-format', '12345'],
      ['product-id-is-key', 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY'],
      ['product-id-scientific', '3.3054E+12'],
      ['product-id-mismatch', '1234567890123'],
    ] as const) {
      it(`${code}: takes the Product Key ID from the hash`, async () => {
        const text = file(INTUNE, `${hp.serial},${cell},${hp.hash}`);
        assert.equal(await fix(text, code, fromHash), file(INTUNE, `${hp.serial},${hp.pkid},${hp.hash}`));
      });
    }

    it('tuple-mismatch: takes manufacturer and model exactly as the hash has them', async () => {
      const text = file(PARTNER, `${lenovo.serial},,${lenovo.hash},Lenovo,${lenovo.model.toLowerCase()}`);
      const manufacturerFixed = await fix(text, 'tuple-mismatch');
      assert.equal(manufacturerFixed, file(PARTNER, `${lenovo.serial},,${lenovo.hash},LENOVO,${lenovo.model.toLowerCase()}`));
      assert.equal(
        await fix(manufacturerFixed, 'tuple-mismatch'),
        file(PARTNER, `${lenovo.serial},,${lenovo.hash},LENOVO,${lenovo.model}`),
      );
    });

    it('redundant-tuple: clears a model the hash cannot confirm (it carries none)', async () => {
      const synthetic = { ...syntheticDevice(1, SEED), model: '' };
      const hash = generateHardwareHash(synthetic, SEED);
      const text = file(PARTNER, `${synthetic.serialNumber},,${hash},${synthetic.manufacturer},ThinkPad`);
      assert.equal(
        await fix(text, 'redundant-tuple', only),
        file(PARTNER, `${synthetic.serialNumber},,${hash},${synthetic.manufacturer},`),
      );
    });
  });

  describe('fixes that are editor commands', () => {
    it('encoding-bom: re-saves the file as UTF-8 without BOM', async () => {
      const a = device(0);
      const { uri, actions } = await actionsFor(file(INTUNE, `${a.serial},,${a.hash}`), 'encoding-bom', 0, 'utf8bom');
      assert.deepEqual(only(actions)?.command, { title: only(actions)?.title, command: 'autopilot.saveAsUtf8', arguments: [uri] });
    });

    it('encoding-utf16: re-saves the file as UTF-8 without BOM', async () => {
      const a = device(0);
      const { uri, actions } = await actionsFor(file(INTUNE, `${a.serial},,${a.hash}`), 'encoding-utf16', 0, 'utf16le');
      assert.equal(only(actions)?.command?.command, 'autopilot.saveAsUtf8');
      assert.deepEqual(only(actions)?.command?.arguments, [uri]);
    });

    it('row-limit: splits the file (the client command autopilot.splitFile)', async () => {
      const { uri, actions } = await actionsFor(intuneCsv(501, { seed: SEED }), 'row-limit');
      const split = only(actions);
      assert.equal(split?.command?.command, 'autopilot.splitFile');
      assert.deepEqual(split?.command?.arguments, [uri]);
      assert.match(split?.title ?? '', /500/);
    });
  });
});
