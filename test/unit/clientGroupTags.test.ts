// The client's side of group tags: what it tells the language server about the workspace's other Autopilot CSV files
// and a customer's batch names (client/src/groupTags/knownGroupTags.ts), and where "Add to autopilot.groupTags"
// writes the setting (client/src/groupTags/addGroupTagsCommand.ts), against a workspace of real files.
import { fakeWorkspace, memento, ConfigurationTarget } from '../doubles/fakeWorkspaceVscode';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { addGroupTags } from '../../client/src/groupTags/addGroupTagsCommand';
import { CustomerBatches } from '../../client/src/upload/customerBatches';
import { KnownGroupTags } from '../../client/src/groupTags/knownGroupTags';
import type { KnownGroupTagsNotification } from '../../server/src/protocol/extensionProtocol';
import { Uri } from '../doubles/fakeVscode';
import { fakeLogChannel } from '../doubles/fakeVscode';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';

function csv(...tags: string[]): string {
  const rows = tags.map((tag, index) => {
    const device = syntheticDevice(index, 3);
    return `${device.serialNumber},,${generateHardwareHash(device, 3)},${tag}`;
  });
  return `${[HEADER, ...rows].join('\r\n')}\r\n`;
}

type Sent = KnownGroupTagsNotification.Params;

/** The scanner, with what it sends to the server collected; `next()` resolves with the next notification. */
function scanner(customers = new CustomerBatches(memento() as never, memento() as never)) {
  const sent: Sent[] = [];
  let waiting: ((params: Sent) => void) | undefined;
  const known = new KnownGroupTags(
    customers,
    async (params) => {
      sent.push(params);
      waiting?.(params);
    },
    fakeLogChannel() as never,
  );
  const next = () => new Promise<Sent>((resolve) => (waiting = resolve));
  return { known, sent, next };
}

const entries = (params: Sent | undefined) => params?.tags.map((entry) => `${entry.tag} @ ${entry.detail}`);

describe('known group tags from the workspace and the customer', () => {
  let root: string;
  const write = (name: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
    return Uri.file(path.join(root, name));
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'autopilot-known-tags-'));
    fakeWorkspace.reset(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('tells the server the tags the Autopilot CSV files stand by, with the file they are in', async () => {
    const hamburg = write('hamburg/devices.csv', csv('Kiosk-Hamburg', 'Kiosk-Hamburg', 'kiosk-hamburg'));
    // Written by Windows PowerShell: UTF-16 with a byte-order mark.
    write('berlin.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv('Berlin-Sales'), 'utf16le')]));
    write('contacts.csv', 'Name,Group Tag\r\nAnna,Not-An-Autopilot-File\r\n');
    const { known, sent } = scanner();
    await known.start();
    assert.deepEqual(
      sent.map((params) => params.source),
      ['workspace'],
    );
    // The misspelling inside hamburg/devices.csv is not a tag it stands by; the contacts file is no Autopilot file.
    assert.deepEqual(entries(sent[0]), ['Berlin-Sales @ berlin.csv', 'Kiosk-Hamburg @ hamburg/devices.csv']);
    assert.equal(sent[0]?.tags[1]?.uri, hamburg.toString());
    known.dispose();
  });

  it('scans a file again when it changes, and forgets it when it is deleted', async () => {
    const file = write('devices.csv', csv('SP001_STD01'));
    const { known, sent, next } = scanner();
    await known.start();
    assert.deepEqual(entries(sent.at(-1)), ['SP001_STD01 @ devices.csv']);

    write('devices.csv', csv('SP001_KIOSK'));
    const changed = next();
    fakeWorkspace.changed.fire(file);
    assert.deepEqual(entries(await changed), ['SP001_KIOSK @ devices.csv']);

    rmSync(file.fsPath);
    const deleted = next();
    fakeWorkspace.deleted.fire(file);
    assert.deepEqual(entries(await deleted), []);
    known.dispose();
  });

  it('reads only the first 4 MiB of a big file: the tags of its whole rows', async () => {
    const device = syntheticDevice(1, 3);
    const row = `${device.serialNumber},,${generateHardwareHash(device, 3)},Big-Batch\r\n`;
    const rows = Math.ceil((4 * 1024 * 1024) / row.length);
    write('big.csv', `${HEADER}\r\n${row.repeat(rows)}${row.replace('Big-Batch', 'Beyond-The-Head')}`);
    const { known, sent } = scanner();
    await known.start();
    assert.deepEqual(entries(sent[0]), ['Big-Batch @ big.csv']);
    known.dispose();
  });

  it('tells the server the batch names of the customer chosen for an upload from a folder, and again in the next session', async () => {
    const workspaceState = memento();
    const customers = () => new CustomerBatches(workspaceState as never, memento() as never);
    const uploads = customers();
    const first = scanner(uploads);
    await first.known.start();
    const folder = Uri.file(path.join(root, 'contoso'));
    const told = first.next();
    // What the upload does once it has read the chosen customer's batches.
    await uploads.remember(folder.toString(), {
      customerId: 'c-1',
      customerName: 'Contoso Ltd',
      batchNames: ['Contoso_Std', ' Contoso_Kiosk ', 'Contoso_Std', ''],
      readAt: new Date().toISOString(),
    });
    await told;
    const expected: Sent = {
      source: 'customer',
      folder: folder.toString(),
      tags: [
        { tag: 'Contoso_Std', detail: 'Contoso Ltd' },
        { tag: 'Contoso_Kiosk', detail: 'Contoso Ltd' },
      ],
    };
    assert.deepEqual(first.sent.at(-1), expected);
    first.known.dispose();

    const second = scanner(customers());
    await second.known.start();
    assert.deepEqual(
      second.sent.find((params) => params.source === 'customer'),
      expected,
    );
    second.known.dispose();
  });
});

describe('adding tags to autopilot.groupTags', () => {
  const root = path.join(tmpdir(), 'autopilot-add-tags');
  const inFolder = Uri.file(path.join(root, 'devices.csv'));
  beforeEach(() => fakeWorkspace.reset(root));

  it("writes the workspace folder's settings, keeping the tags listed and not repeating any", async () => {
    fakeWorkspace.settings.set('autopilot.groupTags', { workspaceFolderValue: ['SP001_STD01'] });
    const result = await addGroupTags(inFolder as never, ['SP001_KIOSK', 'SP001_STD01', 'SP001_KIOSK']);
    assert.deepEqual(result, { added: ['SP001_KIOSK'], where: '.vscode/settings.json' });
    assert.deepEqual(fakeWorkspace.updates, [
      { key: 'autopilot.groupTags', value: ['SP001_STD01', 'SP001_KIOSK'], target: ConfigurationTarget.WorkspaceFolder },
    ]);
  });

  it('starts the folder list from the tags listed in the user settings, which it replaces for the folder', async () => {
    fakeWorkspace.settings.set('autopilot.groupTags', { globalValue: ['Everywhere'] });
    await addGroupTags(inFolder as never, ['SP001_STD01']);
    assert.deepEqual(fakeWorkspace.updates.at(-1)?.value, ['Everywhere', 'SP001_STD01']);
    assert.equal(fakeWorkspace.updates.at(-1)?.target, ConfigurationTarget.WorkspaceFolder);
  });

  it('adds to the .code-workspace list where a multi-root workspace keeps it, and to the user settings outside folders', async () => {
    fakeWorkspace.workspaceFile = Uri.file(path.join(root, 'all.code-workspace'));
    fakeWorkspace.settings.set('autopilot.groupTags', { workspaceValue: ['Shared'] });
    await addGroupTags(inFolder as never, ['SP001_STD01']);
    assert.deepEqual(fakeWorkspace.updates.at(-1), {
      key: 'autopilot.groupTags',
      value: ['Shared', 'SP001_STD01'],
      target: ConfigurationTarget.Workspace,
    });

    fakeWorkspace.reset(undefined);
    const result = await addGroupTags(Uri.file('/elsewhere/devices.csv') as never, ['SP001_STD01']);
    assert.equal(result.where, 'user settings: the file is in no workspace folder');
    assert.equal(fakeWorkspace.updates.at(-1)?.target, ConfigurationTarget.Global);
  });

  it('changes nothing when every tag is listed already', async () => {
    fakeWorkspace.settings.set('autopilot.groupTags', { workspaceFolderValue: ['SP001_STD01'] });
    assert.deepEqual(await addGroupTags(inFolder as never, ['SP001_STD01']), { added: [], where: '.vscode/settings.json' });
    assert.deepEqual(fakeWorkspace.updates, []);
  });
});
