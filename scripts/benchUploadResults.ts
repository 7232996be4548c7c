// What keeping upload results on their rows costs the editor (server/src/core/rowFingerprints.ts), against a full
// check of the same file measured in the same run (the language server does one per edit before it goes
// incremental): `node scripts/run-ts.mjs scripts/benchUploadResults.ts [--rows 5000] [--runs 9]`.
// Reading every row when a file with results opens, following a one-line edit, and matching 5,000 results to rows.
import { parseArgs } from 'node:util';
import { RowFingerprints, type LineSource } from '../server/src/core/rowFingerprints';
import { validate } from '../server/src/core/validate';
import { intuneCsv } from './lib/hashGenerator';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '5000' }, runs: { type: 'string', default: '9' } } });
const rows = Number(values.rows);
const runs = Number(values.runs);

const text = intuneCsv(rows, { seed: 3, groupTag: 'Sales' });
const lines = text.split(/\r?\n/);
const source: LineSource = { lineCount: lines.length, lineText: (line) => lines[line] ?? '' };

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(work: () => void): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const check = time(() => void validate({ text, encoding: 'utf8' }));
const open = time(() => void new RowFingerprints(source));
const tracked = new RowFingerprints(source);
const middle = Math.floor(lines.length / 2);
const edit = time(() => {
  // A key typed into a cell of the middle row, as VS Code reports it.
  tracked.applyChanges([{ startLine: middle, endLine: middle, text: lines[middle] ?? '' }]);
});
const results = new Map([...tracked.entries()].map(([line, fingerprint]) => [fingerprint, line]));
const match = time(() => {
  let found = 0;
  for (const [, fingerprint] of tracked.entries()) if (results.has(fingerprint)) found++;
  if (found !== rows) throw new Error(`matched ${found} of ${rows} rows`);
});

const ms = (value: number): string => `${value.toFixed(2)} ms`;
console.log(`${rows} devices (${(text.length / 1e6).toFixed(1)} MB), median of ${runs} runs`);
const row = (label: string, value: number, ratio?: number): void =>
  console.log(`  ${label.padEnd(40)}${ms(value).padStart(12)}${ratio === undefined ? '' : `  (${ratio.toPrecision(2)} x the check)`}`);
row('full check (validate), the baseline', check);
row("read every row's fingerprint (open)", open, open / check);
row('follow a one-line edit', edit, edit / check);
row(`match ${rows} results to their rows`, match, match / check);
