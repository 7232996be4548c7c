// The language server while a user types and pastes, over stdio as an editor drives it: big pastes, ranges past the
// end of the document, and bursts of keystrokes that arrive faster than a file can be validated.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { startTestClient, type TestClient } from './support/lspClient';

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';

function deviceLine(index: number, tag: string): string {
  return `${syntheticDevice(index, 7).serialNumber},,${generateHardwareHash(syntheticDevice(index, 7), 7)},${tag}`;
}

const at = (line: number, character: number) => ({ line, character });

describe('language server under typing and pasting', () => {
  let client: TestClient;
  before(async () => {
    client = await startTestClient({});
  });
  after(async () => {
    await client.stop();
  });

  it('publishes diagnostics for a paste of 130,000 rows (Excel writes ,,, for formatted empty rows)', async () => {
    const uri = client.open('paste.csv', `${HEADER}\r\n${deviceLine(1, 'Microsoft365Managed_Autopilot')}\r\n`);
    assert.deepEqual(await client.diagnostics(uri, (_list, version) => version === 1), []);
    client.change(uri, 2, [{ range: { start: at(2, 0), end: at(2, 0) }, text: ',,,\r\n'.repeat(130_000) }]);
    const diagnostics = await client.diagnostics(uri, (_list, version) => version === 2, 60_000);
    const empty = diagnostics.filter((diagnostic) => diagnostic.code === 'empty-row');
    assert.equal(empty.length, 130_000, 'one empty-row finding per pasted row');
    assert.deepEqual(empty.at(-1)?.range.start, at(130_001, 0));
  });

  it('places diagnostics at numbers after an edit whose range lies past the last line', async () => {
    const uri = client.open('past-end.csv', `${HEADER}\r\n${deviceLine(2, 'microsoft365managed_autopilot')}\r\n`);
    await client.diagnostics(uri, (_list, version) => version === 1);
    // An editor that thinks the document is longer: the position means the end of the text.
    client.change(uri, 2, [{ range: { start: at(9, 0), end: at(10, 0) }, text: `${deviceLine(3, 'microsoft365managed_autopilot')}\r\n` }]);
    const diagnostics = await client.diagnostics(uri, (_list, version) => version === 2);
    const tags = diagnostics.filter((diagnostic) => diagnostic.code === 'group-tag-misspelled');
    assert.deepEqual(
      tags.map((diagnostic) => diagnostic.range.start.line),
      [1, 2],
      'the appended row is line 2',
    );
    for (const diagnostic of diagnostics) {
      for (const position of [diagnostic.range.start, diagnostic.range.end]) {
        assert.ok(
          Number.isInteger(position.line) && Number.isInteger(position.character),
          `${diagnostic.code}: ${JSON.stringify(position)}`,
        );
      }
    }
  });
});

/** The server's resident memory now and at its peak, in MB (Linux: /proc), or undefined elsewhere. */
function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return undefined;
  const status = readFileSync(file, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

describe('language server while a user types fast in a file with thousands of findings', () => {
  it('keeps its memory bounded and publishes the last version', async () => {
    // 3,000 rows over 300 hashes, each repeated ten times, with a misspelled tag: 8,700 findings.
    const hashes = Array.from({ length: 300 }, (_, index) => generateHardwareHash(syntheticDevice(index, 7), 7));
    const rows = Array.from({ length: 3000 }, (_, index) => `SER${index},,${hashes[index % 300]},microsoft365managed_autopilot`);
    const client = await startTestClient({});
    try {
      const uri = client.open('typing.csv', `${HEADER}\r\n${rows.join('\r\n')}\r\n`);
      const opened = await client.diagnostics(uri, (_list, version) => version === 1, 60_000);
      assert.ok(opened.length > 6500, `${opened.length} findings`);
      let peak = memoryOf(client.pid)?.rss ?? 0;
      // 300 one-character inserts 33 ms apart (a fast typist), into the serial of row 1,500.
      let version = 1;
      for (let key = 0; key < 300; key++) {
        version++;
        client.change(uri, version, [{ range: { start: at(1500, 3), end: at(1500, 3) }, text: 'x' }]);
        await sleep(33);
        peak = Math.max(peak, memoryOf(client.pid)?.rss ?? 0);
        // Fail early, while the machine is still usable: the server used to climb past 4 GB and die.
        assert.ok(peak < 1536, `the server's memory reached ${Math.round(peak)} MB after ${key + 1} keystrokes`);
      }
      const last = await client.diagnostics(uri, (_list, published) => published === version, 60_000);
      assert.equal(last.length, opened.length, 'the same findings, at the edited version');
      const mismatch = last.find((diagnostic) => diagnostic.range.start.line === 1500 && diagnostic.code === 'serial-mismatch');
      assert.match(
        typeof mismatch?.message === 'string' ? mismatch.message : '',
        new RegExp(`"SER${'x'.repeat(300)}1499"`),
        'the serial as typed',
      );
      const memory = memoryOf(client.pid);
      if (memory) assert.ok(memory.peak < 1536, `peak ${Math.round(memory.peak)} MB`);
    } finally {
      await client.stop();
    }
  });
});
