// Group tags through the language server, as VS Code meets them: the quick fixes (a replacement preferred only for a
// misspelling; "Add 'X' to autopilot.groupTags" as the client command that edits settings), the settings change that
// follows, and the tags the client tells the server (the workspace's other files, a customer's batch names).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { startTestClient, type TestClient } from './support/lspClient';
import { applyWorkspaceEdit } from './support/workspaceEdit';

const SEED = 41;
const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';
const ADD_GROUP_TAGS = 'autopilot.addGroupTags';

const row = (index: number, tag: string) => {
  const device = syntheticDevice(index, SEED);
  return `${device.serialNumber},,${generateHardwareHash(device, SEED)},${tag}`;
};
const file = (...tags: string[]) => `${[HEADER, ...tags.map((tag, index) => row(index, tag))].join('\r\n')}\r\n`;
const messageOf = (diagnostic: Diagnostic | undefined) => (typeof diagnostic?.message === 'string' ? diagnostic.message : '');
/** Where the test client opens documents (support/lspClient.ts). */
const folderUri = (name: string) => pathToFileURL(path.resolve('/tmp/autopilot-csv-test', name)).toString();

describe('group tags through the language server', () => {
  let client: TestClient;
  let opened = 0;
  before(async () => {
    // Declares the settings command, as the VS Code client does (client/src/languageClient.ts).
    client = await startTestClient({}, { documentChanges: true, initializationOptions: { clientCommands: [ADD_GROUP_TAGS] } });
  });
  after(async () => {
    await client.stop();
  });

  async function openWith(text: string, accept: (diagnostics: Diagnostic[]) => boolean, name = `tags-${++opened}.csv`) {
    const uri = client.open(name, text);
    const diagnostics = await client.diagnostics(uri, accept);
    return { uri, diagnostics };
  }
  const having = (code: string) => (diagnostics: Diagnostic[]) => diagnostics.some((diagnostic) => diagnostic.code === code);
  const none = (diagnostics: Diagnostic[]) => diagnostics.length === 0;

  async function quickFixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
  }

  /** What VS Code does when the user picks the command action: run it; the client's command edits the settings. */
  async function runAddGroupTags(action: CodeAction | undefined): Promise<void> {
    assert.equal(action?.command?.command, ADD_GROUP_TAGS);
    const [, tags] = action.command.arguments as [string, string[]];
    const listed = (client.settings['groupTags'] as string[] | undefined) ?? [];
    client.settings = { ...client.settings, groupTags: [...listed, ...tags] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  it('offers no preferred replacement for an unrelated tag; "Add to autopilot.groupTags" accepts it and the warning goes', async () => {
    client.settings = { onlyListedGroupTags: true, groupTags: ['SP001_STD01'] };
    try {
      const text = file('Kiosk-Hamburg', 'Kiosk-Hamburg', 'Berlin-Sales');
      const { uri, diagnostics } = await openWith(text, having('group-tag-unknown'));
      const unknown = diagnostics.filter((diagnostic) => diagnostic.code === 'group-tag-unknown');
      assert.equal(unknown.length, 3);
      const actions = await quickFixes(uri, unknown[0] as Diagnostic);
      assert.deepEqual(
        actions.map((action) => [action.title, action.isPreferred ?? false]),
        // The menu focuses its first entry: a replacement of a tag that may be right is not it.
        [
          ['Add "Kiosk-Hamburg" to autopilot.groupTags', false],
          ['Add all 2 tags of this file to autopilot.groupTags', false],
          ['Change the group tag to "SP001_STD01"', false],
        ],
      );
      const add = actions.find((action) => action.title.startsWith('Add "Kiosk-Hamburg"'));
      assert.deepEqual(add?.command?.arguments, [uri, ['Kiosk-Hamburg']]);
      assert.equal(add?.edit, undefined, 'the settings change is the client command, not an edit of the file');
      await runAddGroupTags(add);
      const after = await client.diagnostics(
        uri,
        (list) => !list.some((diagnostic) => diagnostic.range.start.line < 3 && diagnostic.code === 'group-tag-unknown'),
      );
      assert.deepEqual(
        after.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
        [
          ['group-tag-mixed', 0],
          ['group-tag-unknown', 3],
        ],
      );
      const addAll = (await quickFixes(uri, after[1] as Diagnostic)).find((action) => action.title.startsWith('Add all'));
      assert.equal(addAll, undefined, 'only one tag of the file is left to add');
    } finally {
      client.settings = {};
    }
  });

  it('prefers the replacement for a misspelling, and offers both directions against the file’s own majority', async () => {
    const text = file('SP001_STD01', 'SP001_STD01', 'SP001_STD01', 'SP001_STD1');
    const { uri, diagnostics } = await openWith(text, having('group-tag-misspelled'));
    const misspelled = diagnostics.find((diagnostic) => diagnostic.code === 'group-tag-misspelled') as Diagnostic;
    assert.equal(misspelled.range.start.line, 4);
    const actions = await quickFixes(uri, misspelled);
    assert.deepEqual(
      actions.map((action) => [action.title, action.isPreferred ?? false]),
      [
        ['Change the group tag to "SP001_STD01"', true],
        ['Keep "SP001_STD1" as a tag of its own: add it and "SP001_STD01" to autopilot.groupTags', false],
      ],
    );
    assert.equal(applyWorkspaceEdit(text, uri, actions[0]?.edit, 1), file('SP001_STD01', 'SP001_STD01', 'SP001_STD01', 'SP001_STD01'));
    await runAddGroupTags(actions[1]);
    try {
      // Two tags of their own now: the file is "mixed", nothing more.
      await client.diagnostics(uri, (list) => list.length === 1 && list[0]?.code === 'group-tag-mixed');
    } finally {
      client.settings = {};
    }
  });

  it('checks tags against the tags of the workspace’s other files, but not against the file’s own', async () => {
    const uri = folderUri('workspace-a.csv');
    await client.connection.sendNotification('autopilot/knownGroupTags', {
      source: 'workspace',
      tags: [
        { tag: 'Kiosk-Hamburg', detail: 'hamburg/devices.csv', uri: folderUri('hamburg/devices.csv') },
        // The file's own tag, as the workspace scan reports it: no reason to accept its misspelling in itself.
        { tag: 'Berlin-Salse', detail: 'workspace-a.csv', uri },
      ],
    });
    const text = file('Kiosk-Hambrug', 'Berlin-Sales', 'Berlin-Sales', 'Berlin-Salse');
    const { diagnostics } = await openWith(text, having('group-tag-misspelled'), 'workspace-a.csv');
    const misspelled = diagnostics.filter((diagnostic) => diagnostic.code === 'group-tag-misspelled');
    assert.deepEqual(
      misspelled.map((diagnostic) => diagnostic.range.start.line),
      [1, 4],
    );
    assert.match(messageOf(misspelled[0]), /the known tag "Kiosk-Hamburg" \(used in hamburg\/devices\.csv\)/);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: misspelled[0]?.range.start });
    // The diagnostic says why; the hover shows the group rule of the tag meant.
    assert.match((hover.contents as MarkupContent).value, /\[OrderID\]:Kiosk-Hamburg"/);

    // The workspace scan forgets the other file (deleted): the misspelling is no misspelling of anything known.
    await client.connection.sendNotification('autopilot/knownGroupTags', { source: 'workspace', tags: [] });
    const after = await client.diagnostics(
      uri,
      (list) => list.filter((diagnostic) => diagnostic.code === 'group-tag-misspelled').length === 1,
    );
    assert.equal(after.find((diagnostic) => diagnostic.code === 'group-tag-misspelled')?.range.start.line, 4);
  });

  it('checks the files of a folder against the batch names of the customer chosen for an upload from it, and says so', async () => {
    await client.connection.sendNotification('autopilot/knownGroupTags', {
      source: 'customer',
      folder: folderUri('contoso'),
      tags: [{ tag: 'Contoso_Std', detail: 'Contoso Ltd' }],
    });
    const text = file('CONTOSO_STD');
    const inFolder = await openWith(text, having('group-tag-misspelled'), 'contoso/new-devices.csv');
    assert.match(messageOf(inFolder.diagnostics[0]), /"Contoso_Std" \(a device batch of Contoso Ltd\)/);
    // Elsewhere the customer's batches are no reason to report anything.
    await openWith(text, none, 'fabrikam/new-devices.csv');

    const known = file('Contoso_Std');
    const { uri } = await openWith(known, none, 'contoso/more-devices.csv');
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: row(0, 'Contoso_Std').length - 2 },
    });
    const markdown = (hover.contents as MarkupContent).value;
    assert.match(markdown, /\*\*Known\*\*: a device batch of Contoso Ltd\./);
    assert.match(markdown, /\[OrderID\]:Contoso_Std/);
  });

  it('says in the hover of an accepted tag that nothing else knows it', async () => {
    const text = file('SP001_STD01', 'SP001_STD01');
    const { uri } = await openWith(text, none);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: row(1, 'SP001_STD01').length - 1 },
    });
    const markdown = (hover.contents as MarkupContent).value;
    assert.match(markdown, /\*\*Accepted\*\*: any well-formed tag is .* no setting, other file or customer batch knows this one/);
    assert.match(markdown, /2 rows of this file carry it\./);
    assert.match(markdown, /\(device\.devicePhysicalIds -any \(_ -eq "\[OrderID\]:SP001_STD01"\)\)/);
    assert.doesNotMatch(markdown, /Managed Desktop/);
  });
});
