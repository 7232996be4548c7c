// The CLI's piecewise check against a full validate(): files cut into pieces anywhere (inside a CRLF, a quoted cell,
// the header) must give exactly the findings validate() gives the whole text, at the same lines and columns.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { seededRandom, type Random } from '../../scripts/lib/random';
import { LineIndex } from '../../server/src/core/lines';
import { PiecewiseValidation } from '../../server/src/core/piecewise';
import type { Encoding, Finding } from '../../server/src/core/types';
import { validate } from '../../server/src/core/validate';
import { INTUNE_TAG_HEADER, PARTNER_HEADER, testDevice } from './support/builders';

const TAG = 'Microsoft365Managed_Autopilot';
const devices = Array.from({ length: 5 }, (_, index) => testDevice(index + 1));

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const HEADERS = [
  INTUNE_TAG_HEADER,
  INTUNE_TAG_HEADER,
  PARTNER_HEADER,
  'Hardware Hash,Device Serial Number,Group Tag,Windows Product ID',
  'Device Serial Number;Windows Product ID;Hardware Hash;Group Tag',
  'Device serial number,Windows Product ID,Hardware Hash,Group tag',
  '"Device Serial Number","Windows Product ID","Hardware Hash","Group Tag"',
  'Name,Value',
];

/** Rows of every kind the rules tell apart, including quoted line breaks and a quote nothing closes. */
function randomRow(random: Random, earlier: readonly string[]): string {
  const device = pick(random, devices);
  switch (Math.floor(random() * 16)) {
    case 0:
      return `${device.serialNumber},,${device.hash},microsoft365managed_autopilot`;
    case 1:
      return `${device.serialNumber},,${device.hash},`;
    case 2:
      return `${device.serialNumber},,${device.hash.slice(0, 1500)},${TAG}`;
    case 3:
      return `"${device.serialNumber}",,"${device.hash}",${TAG}`;
    case 4:
      return ` ${device.serialNumber} ,,${device.hash},"two\r\nlines"`;
    case 5:
      return 'R9-ZNP67,,,Sample';
    case 6:
      return pick(random, ['', ',,,', ' ']);
    case 7:
      return `${device.serialNumber},,${device.hash.replace(/\+/g, '-')},Ünïcode`;
    case 8:
      return `${device.serialNumber},,${device.hash}`;
    case 9:
      return earlier.length > 0 ? pick(random, earlier) : `${device.serialNumber},,${device.hash},${TAG}`;
    case 10:
      return `${device.serialNumber},,${pick(random, devices).hash},${TAG}`;
    case 11:
      return random() < 0.3 ? `${device.serialNumber},"unclosed,${device.hash},${TAG}` : `${device.serialNumber},,${device.hash},${TAG}"`;
    case 12:
      return `${device.serialNumber},,${device.hash},${TAG},extra`;
    default:
      return `${device.serialNumber},${device.productKeyId ?? ''},${device.hash},${TAG}`;
  }
}

function randomFile(random: Random): string {
  if (random() < 0.03) return pick(random, ['', INTUNE_TAG_HEADER, `${INTUNE_TAG_HEADER}\n`]);
  const lineEnding = pick(random, ['\r\n', '\n', '\r\n', '\r']);
  const rows: string[] = [];
  const count = Math.floor(random() * 14);
  for (let index = 0; index < count; index++) rows.push(randomRow(random, rows));
  return [pick(random, HEADERS), ...rows].join(lineEnding) + (random() < 0.8 ? lineEnding : '');
}

/** Cut points anywhere, more of them near line breaks and quotes, where cutting matters. */
function cut(random: Random, text: string): string[] {
  const points = new Set<number>();
  const count = Math.floor(random() * 12);
  for (let index = 0; index < count; index++) {
    let at = Math.floor(random() * (text.length + 1));
    if (random() < 0.5) {
      const near = text.slice(at).search(/[\r\n"]/);
      if (near !== -1) at += near + Math.floor(random() * 2);
    }
    points.add(Math.min(at, text.length));
  }
  const sorted = [...points].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of sorted) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** What a report shows of a finding: piecewise findings have no fixes. */
function reported(finding: Finding) {
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    start: finding.start,
    end: finding.end,
    related: finding.related,
  };
}

function checkInPieces(pieces: readonly string[], encoding: Encoding = 'utf8') {
  const text = pieces.join('');
  const engine = new PiecewiseValidation({ encoding }, (start, end) => text.slice(start, end));
  for (const piece of pieces) engine.push(piece);
  return { engine, findings: engine.finish() };
}

describe('piecewise validation (CLI check)', () => {
  it('finds exactly what validate() finds in the whole text, wherever the pieces are cut', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = seededRandom(seed);
      const text = randomFile(random);
      const pieces = cut(random, text);
      const encoding = pick(random, ['utf8', 'utf8', 'utf8bom'] as const);
      const { engine, findings } = checkInPieces(pieces, encoding);
      const whole = validate({ text, encoding });
      assert.deepEqual(
        findings.map(reported),
        whole.findings.map(reported),
        `seed ${seed}: ${JSON.stringify(pieces.map((piece) => piece.length))}`,
      );
      assert.ok(findings.every((finding) => finding.fixes.length === 0));
      const lines = new LineIndex(text);
      for (const offset of [...findings.flatMap((finding) => [finding.start, finding.end]), Math.floor(random() * text.length)]) {
        assert.deepEqual(engine.positionAt(offset), lines.positionAt(offset), `seed ${seed}, offset ${offset}`);
      }
    }
  });

  it('points the findings of a long file at the rows and cells validate() points at, the earliest rows included', () => {
    // Thousands of devices (the check keeps them in chunks), quoted cells among them, and rows at the end that
    // repeat, point back to or leave out the tag of rows throughout the file.
    const random = seededRandom(7);
    const many = Array.from({ length: 5000 }, (_, index) => testDevice(index + 1));
    const rows = many.map((device, index) =>
      index % 7 === 3
        ? `"${device.serialNumber}",,"${device.hash}",${TAG}`
        : `${device.serialNumber},${index % 11 === 5 ? ' ' : ''},${device.hash},${index % 13 === 0 ? '' : TAG}`,
    );
    for (let index = 0; index < 40; index++) rows.push(pick(random, rows));
    const text = [INTUNE_TAG_HEADER, ...rows, ''].join('\r\n');
    const pieces = text.match(/[^]{1,65536}/g) ?? [];
    const { findings } = checkInPieces(pieces);
    const whole = validate({ text, encoding: 'utf8' });
    assert.ok(findings.filter((finding) => finding.code === 'duplicate-hash').length >= 40);
    assert.ok(findings.some((finding) => finding.code === 'group-tag-missing' && finding.start < 65536));
    assert.deepEqual(findings.map(reported), whole.findings.map(reported));
  });

  it('tells a repeated row from a repeated hash by reading the rows again, not from pieces it has let go', () => {
    const [first, second] = devices;
    assert.ok(first && second);
    const row = `${first.serialNumber},,${first.hash},${TAG}`;
    const text = [
      INTUNE_TAG_HEADER,
      row,
      `${second.serialNumber},,${second.hash},${TAG}`,
      row,
      `${first.serialNumber}X,,${first.hash},${TAG}`,
      '',
    ].join('\n');
    const asked: Array<[number, number]> = [];
    const engine = new PiecewiseValidation({}, (start, end) => {
      asked.push([start, end]);
      return text.slice(start, end);
    });
    for (const line of text.split(/(?<=\n)/)) engine.push(line);
    const messages = engine
      .finish()
      .filter((finding) => finding.code === 'duplicate-hash')
      .map((finding) => finding.message);
    assert.match(messages[0] ?? '', /^This row repeats line 2/);
    assert.match(messages[1] ?? '', /^This hardware hash is already on line 2/);
    assert.ok(asked.length > 0);
  });
});
