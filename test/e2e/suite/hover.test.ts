// Hovering a hardware hash shows which device it belongs to, read from inside the hash (not from the other cells).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { copyFixture, openAndWaitForPublication, tempFolder } from './helpers';

/** Markdown (or plain) text of every part of the hovers. */
function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((part) => (typeof part === 'string' ? part : part.value))
    .join('\n');
}

describe('hover', () => {
  const temp = tempFolder('hover');
  after(() => temp.remove());

  it('names the device of a hardware hash: serial number, manufacturer and model', async () => {
    // clean.csv, line 3: serial PFPWXOFV, a Lenovo whose hash says model 20XW0055US (scripts/lib/hashGenerator.ts).
    // A fresh copy, so the hover is asked only after the language server has the document (its diagnostics came).
    const uri = copyFixture('clean.csv', temp.uri);
    const { editor } = await openAndWaitForPublication(uri);
    const line = editor.document.lineAt(2).text;
    assert.match(line, /^PFPWXOFV,/);
    const hashStart = line.split(',', 2).join(',').length + 1;
    const hashEnd = line.lastIndexOf(',');
    const inHash = new vscode.Position(2, hashStart + 100);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, inHash);
    const markdown = hoverText(hovers ?? []);
    assert.match(markdown, /Hardware hash/i, markdown);
    assert.match(markdown, /Serial number[^\n]*`PFPWXOFV`/, markdown);
    assert.match(markdown, /Manufacturer[^\n]*`LENOVO`/, markdown);
    assert.match(markdown, /Model[^\n]*`20XW0055US`/, markdown);
    // The hover belongs to the whole hash cell.
    const range = hovers?.find((hover) => hover.range)?.range;
    assert.deepEqual(range && [range.start.line, range.start.character, range.end.line, range.end.character], [2, hashStart, 2, hashEnd]);
  });
});
