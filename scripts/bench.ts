// The performance bench: `npm run bench [-- --sizes 5000,25000,50000 --runs 5 --edits 30 --keys 10 --no-lsp --no-editor]`.
//
// 1. Full check of Intune files of synthetic devices with valid hashes (50,000 devices is about 200 MB), each
//    contender in its own child process that starts the same way for all (the CLI's bundle loaded, the file's first
//    block read), timed inside the child:
//      - the CLI (`check` of the bundled dist/cli.js),
//      - csv-parse merely parsing the file (sync and streaming; the faster is the baseline),
//      - the bare lower bound: read the file as the CLI does, find each hash, base64-decode it, SHA-256 its block.
//    The check and the lower bound run back to back in alternating order, and their ratio is taken run by run.
//    And the CLI as a user runs it (`node dist/cli.js check FILE`): its wall time including the process start, and
//    its peak memory (maxRSS) against the file size and against an empty `node -e 0`.
// 2. The language server over its protocol (dist/server.js --stdio): didOpen of a 5,000-device file to its
//    diagnostics, one-cell edits to the new diagnostics, and hovers sent while a 50,000-device file is validated.
// 3. `fix` of a file followed by many blank lines (one fix each: 100,000 and 300,000 by default, `--fix-lines`),
//    against `check` of the same file in the same round; the ratio of the two sizes shows fix-all stays linear
//    (`--no-fix` skips it).
// 4. The editor: keystrokes in a 5,000-device file in code-server, against the same file as plain text
//    (test/e2e/typingBench.mjs; needs the e2e tools, scripts/install-e2e-tools.sh).
// Files are generated once into a cache folder (os.tmpdir()/autopilot-csv-bench) and reused.
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startTestClient } from '../test/unit/support/lspClient';
import { intuneCsv } from './lib/hashGenerator';
import { seededRandom } from './lib/random';

const GROUP_TAG = 'Microsoft365Managed_Autopilot';
/** Below this size the command line has no targets: a fresh Node process's start and JIT dominate there. */
const CLI_TARGETS_FROM = 25_000;
/** The file typed into in the workbench. */
const EDITOR_DEVICES = 5000;
/** Bytes per read: what the CLI reads at a time (server/src/cli/files.ts). */
const BLOCK = 1 << 20;
const CACHE_DIR = path.join(os.tmpdir(), 'autopilot-csv-bench');
/** Bump when the generated files change, so stale cached files are not reused. */
const FILE_VERSION = 1;

type Contender = 'cli' | 'csv-parse-sync' | 'csv-parse-stream' | 'lower-bound';
const CONTENDERS: readonly Contender[] = ['cli', 'csv-parse-sync', 'csv-parse-stream', 'lower-bound'];

interface ChildResult {
  /** Milliseconds inside the child, from after start-up to the end of the work. */
  ms: number;
  /** Peak resident memory of the child, KiB. */
  maxRssKb: number;
  /** What the work found (rows, hashes, exit code): a sanity check that it did the work. */
  count: number;
}

interface Measured extends ChildResult {
  wallMs: number;
}

// ---------------------------------------------------------------------------------------------------- children

async function runChild(contender: Contender, file: string): Promise<ChildResult> {
  const load = createRequire(path.resolve('package.json'));
  // Every contender's process starts the same way (the CLI loaded, the file's first block read), so what is timed
  // is the work alone, and no contender pays for a cold start the others do not.
  const cli = load(path.resolve('dist/cli.js')) as {
    main(argv: string[], io: { stdout(text: string): void; stderr(text: string): void }): Promise<number>;
  };
  const warm = openSync(file, 'r');
  readSync(warm, Buffer.allocUnsafe(BLOCK), 0, BLOCK, 0);
  closeSync(warm);
  let work: () => Promise<number>;
  switch (contender) {
    case 'cli': {
      let output = 0;
      work = () => cli.main(['check', file], { stdout: (text) => (output += text.length), stderr: (text) => process.stderr.write(text) });
      break;
    }
    case 'csv-parse-sync': {
      const { parse } = load('csv-parse/sync') as typeof import('csv-parse/sync');
      work = async () => (parse(readFileSync(file), { relax_column_count: true }) as unknown[]).length;
      break;
    }
    case 'csv-parse-stream': {
      const { parse } = load('csv-parse') as typeof import('csv-parse');
      work = () =>
        new Promise((resolve, reject) => {
          let rows = 0;
          createReadStream(file)
            .pipe(parse({ relax_column_count: true }))
            .on('data', () => rows++)
            .on('end', () => resolve(rows))
            .on('error', reject);
        });
      break;
    }
    case 'lower-bound':
      work = async () => lowerBound(file);
      break;
  }
  const started = performance.now();
  const count = await work();
  const ms = performance.now() - started;
  return { ms, maxRssKb: process.resourceUsage().maxRSS, count };
}

/**
 * The least any checker must do: read the bytes, find each row's hash (third field), decode it and hash its OA
 * block. Read as the CLI reads (blocks of 1 MiB into one reused buffer), on the bytes (no decoded text), one reused
 * decode buffer, one-shot SHA-256.
 */
function lowerBound(file: string): number {
  const scratch = Buffer.allocUnsafe(8192);
  const sha256 =
    typeof crypto.hash === 'function'
      ? (data: Buffer) => crypto.hash('sha256', data, 'hex')
      : (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
  const hashOf = (bytes: Buffer, start: number, end: number): number => {
    const first = bytes.indexOf(44, start);
    const second = first === -1 || first >= end ? -1 : bytes.indexOf(44, first + 1);
    if (second === -1 || second >= end) return 0;
    let hashEnd = bytes.indexOf(44, second + 1);
    if (hashEnd === -1 || hashEnd > end) hashEnd = bytes[end - 1] === 13 ? end - 1 : end;
    const written = scratch.write(bytes.toString('latin1', second + 1, hashEnd), 0, 'base64');
    if (written < 4) return 0;
    const block = Math.min(scratch.readUInt16LE(2), written);
    return sha256(scratch.subarray(0, block)).length === 64 ? 1 : 0;
  };
  const descriptor = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(BLOCK);
    let hashes = 0;
    let header = true;
    let carried = 0;
    let position = 0;
    for (;;) {
      const read = readSync(descriptor, buffer, carried, buffer.length - carried, position);
      position += read;
      const filled = carried + read;
      const bytes = buffer.subarray(0, filled);
      let at = 0;
      for (let lineEnd = bytes.indexOf(10, at); lineEnd !== -1; lineEnd = bytes.indexOf(10, at)) {
        if (header) header = false;
        else hashes += hashOf(bytes, at, lineEnd);
        at = lineEnd + 1;
      }
      if (read === 0) {
        if (at < filled && !header) hashes += hashOf(bytes, at, filled);
        return hashes;
      }
      carried = filled - at;
      buffer.copy(buffer, 0, at, filled);
      if (carried === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
    }
  } finally {
    closeSync(descriptor);
  }
}

function measure(contender: Contender, file: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [process.argv[1] ?? '', '--child', contender, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const line = output.trim().split('\n').pop() ?? '';
      try {
        resolve({ ...(JSON.parse(line) as ChildResult), wallMs });
      } catch {
        reject(new Error(`${contender} child exited with ${code}: ${output}`));
      }
    });
  });
}

/** What a whole process cost: from spawn to exit, and its peak memory. */
interface ProcessUsage {
  wallMs: number;
  maxRssKb: number;
  exitCode: number | null;
}

/**
 * Runs `node ARGS` with a preload that reports the process's own maxRSS on fd 3 as it exits, so the process
 * measured is exactly the command (no harness loaded into it).
 */
function measureProcess(args: readonly string[]): Promise<ProcessUsage> {
  const reporter = path.join(CACHE_DIR, 'report-usage.cjs');
  if (!existsSync(reporter)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(reporter, "process.on('exit', () => require('node:fs').writeSync(3, String(process.resourceUsage().maxRSS)));\n");
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', reporter, ...args], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
    let reported = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (reported += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const maxRssKb = Number.parseInt(reported, 10);
      if (Number.isNaN(maxRssKb)) reject(new Error(`node ${args.join(' ')} reported no memory use (exit ${String(exitCode)})`));
      else resolve({ wallMs: performance.now() - started, maxRssKb, exitCode });
    });
  });
}

// ------------------------------------------------------------------------------------------------------ files

function benchFile(devices: number): string {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `intune-${devices}-v${FILE_VERSION}.csv`);
  if (existsSync(file)) return file;
  process.stdout.write(`generating ${devices.toLocaleString('en-US')} devices... `);
  const started = performance.now();
  // Written under another name and renamed: a file present in the cache is always complete.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, intuneCsv(devices, { seed: 1, groupTag: GROUP_TAG }));
  renameSync(partial, file);
  console.log(`${Math.round(performance.now() - started)} ms -> ${file}`);
  return file;
}

/** A clean two-device file followed by `lines` blank lines: one empty-row fix per line. */
function blankLinesFile(lines: number): string {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `blank-lines-${lines}-v${FILE_VERSION}.csv`);
  if (!existsSync(file)) writeFileSync(file, intuneCsv(2, { seed: 1 }) + '\r\n'.repeat(lines));
  return file;
}

// ---------------------------------------------------------------------------------------------------- helpers

/** Reads a file once, a block at a time (to have it in the page cache). */
function readThrough(file: string): void {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(BLOCK);
    for (let position = 0, read = 1; read > 0; position += read) read = readSync(descriptor, buffer, 0, BLOCK, position);
  } finally {
    closeSync(descriptor);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function spread(values: readonly number[], digits = 0): string {
  return `${fmt(Math.min(...values), digits)}-${fmt(Math.max(...values), digits)}`;
}

function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function stat(values: readonly number[], digits = 0): string {
  return `${fmt(median(values), digits)} (${spread(values, digits)})`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

// -------------------------------------------------------------------------------------------------- full check

interface SizeResult {
  devices: number;
  bytes: number;
  results: Map<Contender, Measured[]>;
  /** `node dist/cli.js check FILE`, run after the contenders of each round. */
  cliProcess: ProcessUsage[];
}

async function benchCheck(sizes: readonly number[], runs: number): Promise<SizeResult[]> {
  const all: SizeResult[] = [];
  for (const devices of sizes) {
    const file = benchFile(devices);
    const results = new Map<Contender, Measured[]>(CONTENDERS.map((contender) => [contender, []]));
    const cliProcess: ProcessUsage[] = [];
    // The file in the page cache before the first run, for every contender alike.
    readThrough(file);
    for (let run = 0; run < runs; run++) {
      // The check and its lower bound one right after the other, in alternating order, so that both see the same
      // machine (cache, clocks, other load) and their ratio is taken run by run; then the two csv-parse modes.
      const order: Contender[] =
        run % 2 === 0
          ? ['cli', 'lower-bound', 'csv-parse-sync', 'csv-parse-stream']
          : ['lower-bound', 'cli', 'csv-parse-stream', 'csv-parse-sync'];
      for (const contender of order) results.get(contender)?.push(await measure(contender, file));
      cliProcess.push(await measureProcess([path.resolve('dist/cli.js'), 'check', file]));
      process.stdout.write('.');
    }
    const cliCounts = new Set(results.get('cli')?.map((result) => result.count));
    const hashes = results.get('lower-bound')?.[0]?.count;
    if (hashes !== devices) throw new Error(`the lower bound found ${String(hashes)} hashes in ${devices} rows`);
    const exitCodes = new Set(cliProcess.map((usage) => usage.exitCode));
    if (cliCounts.size !== 1 || exitCodes.size !== 1 || !cliCounts.has(cliProcess[0]?.exitCode ?? Number.NaN)) {
      throw new Error('the CLI gave different results across runs');
    }
    all.push({ devices, bytes: statSync(file).size, results, cliProcess });
  }
  console.log();
  return all;
}

function checkReport(
  sizes: readonly SizeResult[],
  emptyNode: readonly ProcessUsage[],
): { text: string; ratios: Array<{ devices: number; parse: number; bound: number; memory: number }> } {
  const rows: string[][] = [];
  const memoryRows: string[][] = [];
  const ratios: Array<{ devices: number; parse: number; bound: number; memory: number }> = [];
  for (const { devices, bytes, results, cliProcess } of sizes) {
    const ms = (contender: Contender) => (results.get(contender) ?? []).map((result) => result.ms);
    const cli = ms('cli');
    const syncParse = ms('csv-parse-sync');
    const streamParse = ms('csv-parse-stream');
    const parseName = median(syncParse) <= median(streamParse) ? 'sync' : 'stream';
    const parse = parseName === 'sync' ? syncParse : streamParse;
    const bound = ms('lower-bound');
    const wall = cliProcess.map((usage) => usage.wallMs);
    const rss = cliProcess.map((usage) => usage.maxRssKb / 1024);
    const megabytes = bytes / 1024 / 1024;
    // Ratios run by run (each run measures the check and its baselines back to back), then their median.
    const paired = (baseline: readonly number[]) => median(cli.map((value, run) => value / (baseline[run] ?? Number.NaN)));
    const ratio = { devices, parse: paired(parse), bound: paired(bound), memory: median(rss) / megabytes };
    ratios.push(ratio);
    rows.push([
      fmt(devices),
      fmt(megabytes, 1),
      stat(cli),
      stat(wall),
      `${stat(parse)} ${parseName}`,
      stat(bound),
      fmt(ratio.parse, 2),
      fmt(ratio.bound, 2),
    ]);
    memoryRows.push([
      fmt(devices),
      fmt(megabytes, 1),
      stat(rss),
      fmt(ratio.memory, 2),
      fmt(median(emptyNode.map((usage) => usage.maxRssKb / 1024))),
    ]);
  }
  const text = [
    'Full check (ms; median of runs, min-max in parentheses; timed inside each child process after the same start-up,',
    "but the CLI's wall time: `node dist/cli.js check FILE` from spawn to exit; ratios: the median of each run's ratio):",
    '',
    table(
      [
        'devices',
        'file MB',
        'CLI check',
        'CLI wall incl. start',
        'csv-parse, parse only',
        'lower bound',
        'CLI / csv-parse',
        'CLI / lower bound',
      ],
      rows,
    ),
    '',
    'Peak memory of `node dist/cli.js check FILE` (maxRSS):',
    '',
    table(['devices', 'file MB', 'CLI maxRSS MB', 'maxRSS / file size', '`node -e 0` MB'], memoryRows),
  ].join('\n');
  return { text, ratios };
}

// ------------------------------------------------------------------------------------------------------- LSP

interface LspResult {
  open5k: number[];
  replaceEdits: number[];
  insertEdits: number[];
  request: string;
  firstRequest?: number;
  duringValidation: number[];
  open50k?: number;
  devices50k?: number;
}

async function benchLsp(runs: number, edits: number, bigDevices: number | undefined): Promise<LspResult> {
  const client = await startTestClient({});
  const uriOf = (name: string) => pathToFileURL(path.resolve('/tmp/autopilot-csv-bench-lsp', name)).toString();
  const open = (uri: string, text: string) =>
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'autopilot-csv', version: 1, text } });
  const close = (uri: string) => client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const result: LspResult = { open5k: [], replaceEdits: [], insertEdits: [], request: 'textDocument/hover', duringValidation: [] };
  try {
    // didOpen of 5,000 devices to its diagnostics.
    const smallText = readFileSync(benchFile(5000), 'latin1');
    const lines = smallText.split('\r\n');
    let uri = '';
    for (let run = 0; run < runs; run++) {
      if (uri) await close(uri);
      uri = uriOf(`open-${run}.csv`);
      const started = performance.now();
      const published = client.diagnostics(uri, (_list: Diagnostic[], version?: number) => version === 1, 120_000);
      await open(uri, smallText);
      await published;
      result.open5k.push(performance.now() - started);
    }

    // One-cell edits: one character of one group tag, each waited for (incremental didChange, versioned publish).
    const random = seededRandom(42);
    let version = 1;
    const tagOffset = GROUP_TAG.indexOf('Autopilot');
    for (let edit = 0; edit < edits; edit++) {
      const line = 1 + Math.floor(random() * 5000);
      const lineText = lines[line] ?? '';
      const character = lineText.length - GROUP_TAG.length + tagOffset;
      // Replace a character (the tag becomes misspelled and is then restored), then insert one and delete it.
      const steps = [
        { list: result.replaceEdits, range: { start: { line, character }, end: { line, character: character + 1 } }, text: 'a' },
        { list: result.replaceEdits, range: { start: { line, character }, end: { line, character: character + 1 } }, text: 'A' },
        { list: result.insertEdits, range: { start: { line, character }, end: { line, character } }, text: 'x' },
        { list: result.insertEdits, range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' },
      ];
      for (const step of steps) {
        version++;
        const expected = version;
        const published = client.diagnostics(uri, (_list: Diagnostic[], published?: number) => published === expected, 60_000);
        const started = performance.now();
        await client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: step.range, text: step.text }],
        });
        await published;
        step.list.push(performance.now() - started);
      }
    }
    await close(uri);

    // Requests sent while a big file is being validated.
    if (bigDevices !== undefined) {
      const bigText = readFileSync(benchFile(bigDevices), 'latin1');
      result.devices50k = bigDevices;
      const bigUri = uriOf(`big-${bigDevices}.csv`);
      const hoverAt = { textDocument: { uri: bigUri }, position: { line: 1, character: 100 } };
      let done = false;
      const started = performance.now();
      const published = client
        .diagnostics(bigUri, (_list: Diagnostic[], version?: number) => version === 1, 600_000)
        .then(() => {
          done = true;
          result.open50k = performance.now() - started;
        });
      await open(bigUri, bigText);
      const ask = async (): Promise<number> => {
        const sent = performance.now();
        try {
          await client.request(
            result.request,
            result.request === 'textDocument/hover'
              ? hoverAt
              : { textDocument: { uri: bigUri }, range: { start: hoverAt.position, end: hoverAt.position }, context: { diagnostics: [] } },
          );
        } catch (error) {
          if (result.request !== 'textDocument/hover') throw error;
          // No hover handler: measure a code action request instead (and say so).
          result.request = 'textDocument/codeAction';
          return ask();
        }
        return performance.now() - sent;
      };
      result.firstRequest = await ask();
      while (!done) {
        result.duringValidation.push(await ask());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await published;
      await close(bigUri);
    }
  } finally {
    await client.stop();
  }
  return result;
}

function lspReport(lsp: LspResult): string {
  const rows: string[][] = [
    ['didOpen of 5,000 devices (20 MB) to its diagnostics', stat(lsp.open5k), String(lsp.open5k.length)],
    ['one-cell edit (replace one character of a group tag) to new diagnostics', stat(lsp.replaceEdits, 1), String(lsp.replaceEdits.length)],
    [
      'one-cell edit (insert or delete one character of a group tag) to new diagnostics',
      stat(lsp.insertEdits, 1),
      String(lsp.insertEdits.length),
    ],
  ];
  if (lsp.devices50k !== undefined) {
    const what = lsp.request === 'textDocument/hover' ? 'hover' : `${lsp.request} (no hover handler)`;
    const devices = fmt(lsp.devices50k);
    rows.push([
      `${what} sent right after didOpen of ${devices} devices (includes the server receiving and parsing the didOpen message)`,
      fmt(lsp.firstRequest ?? Number.NaN),
      '1',
    ]);
    if (lsp.duringValidation.length > 0) {
      rows.push([
        `${what} while the ${devices}-device file is validated, max ${fmt(Math.max(...lsp.duringValidation))}`,
        stat(lsp.duringValidation),
        String(lsp.duringValidation.length),
      ]);
    }
    rows.push([`didOpen of ${devices} devices to its diagnostics`, fmt(lsp.open50k ?? Number.NaN), '1']);
  }
  return ['Language server over stdio (ms; median, min-max in parentheses):', '', table(['measurement', 'ms', 'n'], rows)].join('\n');
}

// ------------------------------------------------------------------------------------------------------ fix-all

interface FixResult {
  lines: number;
  fix: ProcessUsage[];
  check: ProcessUsage[];
}

async function benchFix(lineCounts: readonly number[], runs: number): Promise<FixResult[]> {
  const all: FixResult[] = [];
  for (const lines of lineCounts) {
    const file = blankLinesFile(lines);
    const result: FixResult = { lines, fix: [], check: [] };
    for (let run = 0; run < runs; run++) {
      // `fix` without --write prints the fixed file (to nowhere here): the file stays as generated.
      result.fix.push(await measureProcess([path.resolve('dist/cli.js'), 'fix', file]));
      result.check.push(await measureProcess([path.resolve('dist/cli.js'), 'check', file]));
      process.stdout.write('.');
    }
    if (result.fix.some((usage) => usage.exitCode !== 0)) throw new Error(`fix of ${file} failed`);
    all.push(result);
  }
  console.log();
  return all;
}

function fixReport(results: readonly FixResult[]): string {
  const rows = results.map((result) => {
    const fix = result.fix.map((usage) => usage.wallMs);
    const check = result.check.map((usage) => usage.wallMs);
    return [fmt(result.lines), `${stat(fix)} ms`, `${stat(check)} ms`, fmt(median(fix) / median(check), 1)];
  });
  const text = [
    'fix-all: `node dist/cli.js fix FILE` on a file followed by blank lines (one fix each), wall time median (min-max)',
    table(['blank lines', 'fix', 'check', 'fix / check'], rows),
  ];
  const [small, large] = results;
  if (small && large) {
    const growth = median(large.fix.map((usage) => usage.wallMs)) / median(small.fix.map((usage) => usage.wallMs));
    text.push(`fix time ${fmt(large.lines)} / ${fmt(small.lines)} lines: ${fmt(growth, 1)} (linear: ${fmt(large.lines / small.lines, 1)})`);
  }
  return text.join('\n');
}

// ------------------------------------------------------------------------------------------------------- main

function machine(): string {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
  const memory = Math.round(os.totalmem() / 1024 ** 3);
  return `${os.cpus().length} cores, ${model}, ${memory} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, ${new Date().toISOString().slice(0, 10)}`;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    const result = await runChild(process.argv[3] as Contender, process.argv[4] ?? '');
    console.log(JSON.stringify(result));
    return;
  }
  const sizes = option('sizes', '5000,25000,50000')
    .split(',')
    .map((size) => Number.parseInt(size, 10))
    .filter((size) => size > 0);
  const runs = Math.max(1, Number.parseInt(option('runs', '5'), 10));
  const edits = Math.max(1, Number.parseInt(option('edits', '30'), 10));
  const withLsp = !process.argv.includes('--no-lsp');
  const withEditor = !process.argv.includes('--no-editor');
  const keys = Math.max(1, Number.parseInt(option('keys', '10'), 10));
  const fixLines = process.argv.includes('--no-fix')
    ? []
    : option('fix-lines', '100000,300000')
        .split(',')
        .map((count) => Number.parseInt(count, 10))
        .filter((count) => count > 0);

  // Measure what the sources say now.
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  console.log(`Machine: ${machine()}`);
  console.log(`Sizes ${sizes.join(', ')}; ${runs} runs each; files in ${CACHE_DIR}`);

  const emptyNode: ProcessUsage[] = [];
  for (let run = 0; run < 3; run++) emptyNode.push(await measureProcess(['-e', '0']));
  const check = checkReport(await benchCheck(sizes, runs), emptyNode);
  console.log();
  console.log(check.text);
  if (fixLines.length > 0) {
    const fixes = await benchFix(fixLines, runs);
    console.log();
    console.log(fixReport(fixes));
  }

  const targets: string[] = [];
  for (const ratio of check.ratios) {
    if (ratio.devices < CLI_TARGETS_FROM) continue;
    targets.push(
      `- ${fmt(ratio.devices)} devices: check / csv-parse ${fmt(ratio.parse, 2)} (target <= 0.2, aim 0.1) ${met(ratio.parse <= 0.2)}; check / lower bound ${fmt(ratio.bound, 2)} (target <= 2) ${met(ratio.bound <= 2)}; maxRSS / file ${fmt(ratio.memory, 2)} (target < 3) ${met(ratio.memory < 3)}`,
    );
  }
  if (withLsp) {
    const big = sizes.includes(50000) ? 50000 : sizes.length > 0 ? Math.max(...sizes) : undefined;
    const lsp = await benchLsp(runs, edits, big);
    console.log();
    console.log(lspReport(lsp));
    const edit = median([...lsp.replaceEdits, ...lsp.insertEdits]);
    const open = median(lsp.open5k);
    const worst = lsp.duringValidation.reduce((max, ms) => Math.max(max, ms), Number.NaN);
    targets.push(
      `- one-cell edit in 5,000 devices: median ${fmt(edit, 1)} ms (target < 30) ${met(edit < 30)}, ${fmt(edit / open, 3)} of a full open (${fmt(open)} ms; target <= 0.1) ${met(edit / open <= 0.1)}`,
    );
    if (!Number.isNaN(worst)) targets.push(`- requests while validating: max ${fmt(worst)} ms (target <= 100) ${met(worst <= 100)}`);
  }
  if (withEditor) {
    const typing = editorBench(benchFile(EDITOR_DEVICES), keys);
    console.log();
    if (typeof typing === 'string') {
      console.log(`Editor (code-server): not measured (${typing})`);
      targets.push(`- a keystroke on ${fmt(EDITOR_DEVICES)} devices in code-server: not measured (${typing})`);
    } else {
      console.log(editorReport(typing));
      targets.push(
        `- a keystroke on ${fmt(typing.devices)} devices in code-server: the extension adds ${fmt(typing.added)} ms (median; target <= 100) ${met(typing.added <= 100)}`,
      );
    }
  }
  console.log();
  console.log(`Targets (the command line's at ${fmt(CLI_TARGETS_FROM)} devices and more):`);
  for (const line of targets) console.log(line);
}

function met(yes: boolean): string {
  return yes ? 'met' : 'NOT met';
}

// ---------------------------------------------------------------------------------------------------- editor

/** What test/e2e/typingBench.mjs reports (its --json output). */
interface TypingResult {
  devices: number;
  keystrokes: number;
  notesOpenMs: number;
  serversAfterText: number;
  serversAfterAutopilot: number;
  activation?: { ms: number; event: string };
  plainRender: number[];
  plainProblems: number[];
  autopilotRender: number[];
  autopilotProblems: number[];
  added: number;
}

/** Types into a big file in the real workbench (code-server), as plain text and as an Autopilot file. */
/** The typing bench's result, or why there is none (the other sections' results and targets still print). */
function editorBench(file: string, keys: number): TypingResult | string {
  if (!existsSync(path.join(os.homedir(), '.cache', 'autopilot-csv-e2e', 'code-server')))
    return 'the e2e tools are missing: npm run e2e:install';
  const output = path.join(CACHE_DIR, `typing-${process.pid}.json`);
  const run = spawnSync(process.execPath, ['test/e2e/typingBench.mjs', '--file', file, '--keys', String(keys), '--json', output], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0 || !existsSync(output)) return `test/e2e/typingBench.mjs failed (exit ${String(run.status)}), see above`;
  return JSON.parse(readFileSync(output, 'utf8')) as TypingResult;
}

function editorReport(typing: TypingResult): string {
  const rows = [
    [`keystroke in the plain-text copy: to the character on screen`, stat(typing.plainRender), String(typing.plainRender.length)],
    [
      `keystroke in the plain-text copy: to the new problem count (a probe extension's round trip)`,
      stat(typing.plainProblems),
      String(typing.plainProblems.length),
    ],
    [`keystroke in the Autopilot file: to the character on screen`, stat(typing.autopilotRender), String(typing.autopilotRender.length)],
    [`keystroke in the Autopilot file: to the new problem count`, stat(typing.autopilotProblems), String(typing.autopilotProblems.length)],
    ['opening a small plain-text file in a fresh window: to its text on screen', fmt(typing.notesOpenMs), '1'],
    [
      `the extension's activation for it (${typing.activation?.event ?? '?'}), from the extension host's log`,
      typing.activation ? fmt(typing.activation.ms) : 'not found',
      '1',
    ],
  ];
  return [
    `Editor: code-server, ${fmt(typing.devices)} devices (ms; median, min-max in parentheses; timed in the page from the keydown):`,
    '',
    table(['measurement', 'ms', 'n'], rows),
    '',
    `Language servers running after opening the plain-text file: ${typing.serversAfterText}; once the Autopilot file is open: ${typing.serversAfterAutopilot}.`,
    `The extension adds ${fmt(typing.added)} ms to a keystroke (problem count in the Autopilot file minus the probe's in the plain-text copy, medians).`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
