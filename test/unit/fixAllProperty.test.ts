// Property: on generated files damaged the way people and Excel damage them (columns in any order, misspelled
// tags, stray spaces, quotes), fix-all, in the core and through the server's source action, yields a file
// that checks clean and still holds every device with its hash, serial and tag (in the accepted spelling).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { MANAGED_DESKTOP_GROUP_TAGS } from '../../server/src/core/groupTagPolicy';
import { fixAll } from '../../server/src/core/fix';
import { validate } from '../../server/src/core/validate';
import { startTestClient, type TestClient } from './support/lspClient';
import { applyWorkspaceEdit } from './support/workspaceEdit';
import { seededRandom as seeded, type Random } from '../../scripts/lib/random';

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, probability: number) => random() < probability;

interface ExpectedDevice {
  serial: string;
  hash: string;
  tag: string;
  user: string;
}

interface Case {
  seed: number;
  text: string;
  devices: ExpectedDevice[];
  eol: string;
}

const COLUMNS = ['Device Serial Number', 'Windows Product ID', 'Hardware Hash', 'Group Tag', 'Assigned User'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** What people do to a tag: other case, `_`/`-`/space swapped, one letter wrong, missing, doubled or swapped. */
function misspell(random: Random, tag: string): string {
  const damage = pick(random, ['case', 'separator', 'typo', 'case+separator'] as const);
  let result = tag;
  if (damage.includes('case')) {
    const mode = pick(random, ['lower', 'upper', 'toggle'] as const);
    result =
      mode === 'lower'
        ? result.toLowerCase()
        : mode === 'upper'
          ? result.toUpperCase()
          : [...result]
              .map((char) => (chance(random, 0.3) ? (char.toUpperCase() === char ? char.toLowerCase() : char.toUpperCase()) : char))
              .join('');
  }
  if (damage.includes('separator'))
    result = result.replace(/[_-]/g, (separator) =>
      pick(
        random,
        ['_', '-', ' '].filter((other) => other !== separator),
      ),
    );
  if (damage === 'typo') {
    // Past the common prefix, so the typo lands in the part that tells the tags apart.
    const at = 'Microsoft365Managed_'.length + Math.floor(random() * (result.length - 'Microsoft365Managed_'.length - 1));
    const letter = pick(random, [...LETTERS]);
    const kind = pick(random, ['substitute', 'delete', 'insert', 'transpose'] as const);
    if (kind === 'substitute') result = result.slice(0, at) + (result[at] === letter ? 'q' : letter) + result.slice(at + 1);
    else if (kind === 'delete') result = result.slice(0, at) + result.slice(at + 1);
    else if (kind === 'insert') result = result.slice(0, at) + letter + result.slice(at);
    else if (result[at] !== result[at + 1])
      result = result.slice(0, at) + (result[at + 1] ?? '') + (result[at] ?? '') + result.slice(at + 2);
    else result = result.slice(0, at) + letter + result.slice(at + 1);
  }
  return result === tag ? tag.toLowerCase() : result;
}

/** Spaces around a value, then possibly quotes around the cell (as Excel writes it). */
function damageCell(random: Random, value: string): string {
  if (value === '') return value;
  let cell = value;
  if (chance(random, 0.2)) cell = `${' '.repeat(1 + Math.floor(random() * 2))}${cell}`;
  if (chance(random, 0.2)) cell = `${cell}${' '.repeat(1 + Math.floor(random() * 2))}`;
  if (chance(random, 0.2)) cell = `"${cell}"`;
  return cell;
}

function generateCase(seed: number): Case {
  const random = seeded(seed);
  const columnCount = chance(random, 0.3) ? 5 : 4;
  const order = [...Array(columnCount).keys()];
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  const fileTag = pick(random, MANAGED_DESKTOP_GROUP_TAGS);
  const eol = chance(random, 0.5) ? '\r\n' : '\n';
  const devices: ExpectedDevice[] = [];
  const lines = [order.map((index) => COLUMNS[index]).join(',')];
  const rows = 2 + Math.floor(random() * 6);
  for (let row = 0; row < rows; row++) {
    const synthetic = syntheticDevice(seed * 16 + row, seed);
    const hash = generateHardwareHash(synthetic, seed);
    const tag = chance(random, 0.8) ? fileTag : pick(random, MANAGED_DESKTOP_GROUP_TAGS);
    const user = columnCount === 5 && chance(random, 0.5) ? `user${row}@contoso.com` : '';
    devices.push({ serial: synthetic.serialNumber, hash, tag, user });
    const written = [
      synthetic.serialNumber,
      chance(random, 0.5) ? (synthetic.productKeyId ?? '') : '',
      hash,
      chance(random, 0.5) ? misspell(random, tag) : tag,
      user,
    ];
    lines.push(order.map((index) => damageCell(random, written[index] ?? '')).join(','));
  }
  return { seed, text: lines.join(eol) + eol, devices, eol };
}

/** The file checks clean (several tags are worth an info, nothing else) and holds exactly the expected devices. */
function assertRepaired(fixed: string, generated: Case): void {
  const context = `seed ${generated.seed}:\n${generated.text.replace(/[A-Za-z0-9+/]{3990,}/g, '<hash>')}`;
  const validation = validate({ text: fixed });
  const severalTags = new Set(generated.devices.map((device) => device.tag)).size > 1;
  const left = validation.findings.filter((finding) => !(severalTags && finding.code === 'group-tag-mixed'));
  assert.deepEqual(
    left.map((finding) => `${finding.code}: ${finding.message}`),
    [],
    context,
  );
  const columnCount = generated.text.split(generated.eol)[0]?.split(',').length ?? 0;
  assert.equal(fixed.split(generated.eol)[0], COLUMNS.slice(0, columnCount).join(','), context);
  assert.equal(fixed.split(generated.eol).length, generated.devices.length + 2, `line ends kept: ${context}`);
  assert.deepEqual(
    validation.devices.map((device) => ({
      serial: device.values.serial ?? '',
      hash: device.values.hash ?? '',
      tag: device.values.groupTag ?? '',
      user: device.values.assignedUser ?? '',
    })),
    generated.devices,
    context,
  );
}

const CASES = Array.from({ length: 80 }, (_, index) => generateCase(1000 + index));

describe('fix-all on damaged files', () => {
  it('the generated files are damaged: each needs fixing, and together they cover every kind of damage', () => {
    const codes = new Set<string>();
    for (const generated of CASES) {
      const found = validate({ text: generated.text }).findings.map((finding) => finding.code);
      assert.ok(found.length > 0, `seed ${generated.seed} has something to fix`);
      for (const code of found) codes.add(code);
    }
    for (const code of ['column-order', 'group-tag-misspelled', 'whitespace', 'quotes']) assert.ok(codes.has(code), code);
  });

  it('core fixAll repairs every file and keeps every device', () => {
    for (const generated of CASES) assertRepaired(fixAll(generated.text, 'utf8').text, generated);
  });

  describe('through the language server', () => {
    let client: TestClient;
    before(async () => {
      client = await startTestClient({}, { documentChanges: true });
    });
    after(async () => {
      await client.stop();
    });

    it('the source.fixAll.autopilot-csv action makes the same repair', async () => {
      for (const generated of CASES.slice(0, 30)) {
        const uri = client.open(`property-${generated.seed}.csv`, generated.text);
        await client.diagnostics(uri, (list) => list.length > 0);
        const range = { start: { line: 0, character: 0 }, end: { line: generated.devices.length + 1, character: 0 } };
        const actions: CodeAction[] = await client.codeActions(uri, range, [], ['source.fixAll.autopilot-csv']);
        assert.equal(actions.length, 1, `seed ${generated.seed}`);
        const fixed = applyWorkspaceEdit(generated.text, uri, actions[0]?.edit, 1);
        assert.equal(fixed, fixAll(generated.text, 'utf8').text, `seed ${generated.seed}`);
        assertRepaired(fixed, generated);
      }
    });
  });
});
