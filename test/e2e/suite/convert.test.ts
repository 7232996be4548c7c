// "Convert to Partner Center Format" and "Split File at the Row Limit" as a partner runs them on the open file: a new
// unsaved editor in the other format, or part files beside the original in its own encoding; the original untouched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { copyFixture, fixtureUri, openAndWaitForPublication, ownDiagnostics, revertAndClose, tempFolder } from './helpers';

const rows = (text: string): string[] => text.split(/\r?\n/).filter((line) => line !== '');

describe('convert and split', () => {
  it('converts the open Intune file to a new Partner Center editor that checks clean, the file unchanged', async () => {
    const folder = tempFolder('convert');
    try {
      const source = copyFixture('upload.csv', folder.uri);
      const original = fs.readFileSync(source.fsPath, 'utf8');
      const { editor } = await openAndWaitForPublication(source);

      await vscode.commands.executeCommand('autopilot.convertToPartnerCenter');

      const converted = vscode.window.activeTextEditor?.document;
      assert.ok(converted && converted !== editor.document, 'the converted file opens in a new editor');
      assert.equal(converted.isUntitled, true);
      assert.equal(converted.languageId, 'autopilot-csv');
      const [header, ...devices] = rows(converted.getText());
      assert.equal(header, 'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model');
      const originalDevices = rows(original)
        .slice(1)
        .map((line) => line.split(','));
      const convertedDevices = devices.map((line) => line.split(','));
      // Serial, Product ID and hash carried over exactly, in order; manufacturer and model read from each hash.
      assert.deepEqual(
        convertedDevices.map((cells) => cells.slice(0, 3)),
        originalDevices.map((cells) => cells.slice(0, 3)),
      );
      for (const cells of convertedDevices)
        assert.ok(cells[3] && cells[4], `manufacturer and model filled: ${cells.join(',').slice(0, 60)}…`);

      // The language server checks the new editor too, and finds nothing: manufacturer and model equal to the
      // hash's values are harmless. Its lens, which waits for the check, says so.
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', converted.uri);
      assert.equal(lenses[0]?.command?.title, `Partner Center format · ${devices.length} devices · no problems`);
      assert.deepEqual(ownDiagnostics(converted.uri), []);

      assert.equal(editor.document.isDirty, false);
      assert.equal(fs.readFileSync(source.fsPath, 'utf8'), original);
      await revertAndClose(converted);
      await revertAndClose(editor.document);
    } finally {
      folder.remove();
    }
  });

  it('splits a UTF-16 file from Get-WindowsAutopilotInfo into UTF-16 part files of at most N devices', async () => {
    const folder = tempFolder('split');
    try {
      const text = fs.readFileSync(fixtureUri('upload.csv').fsPath, 'utf8');
      const source = vscode.Uri.joinPath(folder.uri, 'harvest.csv');
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      fs.writeFileSync(source.fsPath, utf16);
      const { editor } = await openAndWaitForPublication(source);

      await vscode.commands.executeCommand('autopilot.splitFile', source, 3);

      const [header, ...devices] = rows(text);
      const partTexts = ['harvest-part1.csv', 'harvest-part2.csv'].map((name) => {
        const bytes = fs.readFileSync(vscode.Uri.joinPath(folder.uri, name).fsPath);
        assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], `${name} is UTF-16LE with its byte-order mark, like the original`);
        return bytes.subarray(2).toString('utf16le');
      });
      assert.equal(fs.existsSync(vscode.Uri.joinPath(folder.uri, 'harvest-part3.csv').fsPath), false);
      // Every part starts with the header; together they hold every device once, in order.
      assert.deepEqual(
        partTexts.map((part) => rows(part)[0]),
        [header, header],
      );
      assert.deepEqual(
        partTexts.map((part) => rows(part).slice(1)),
        [devices.slice(0, 3), devices.slice(3)],
      );
      assert.deepEqual(fs.readFileSync(source.fsPath), utf16, 'the original file is unchanged');
      await revertAndClose(editor.document);
    } finally {
      folder.remove();
    }
  });
});
