// Neovim as a second real LSP client: for every UTF-8 fixture, the diagnostics Neovim receives from the bundled
// language server (dist/server.js over stdio, test/e2e/neovim/check.lua) must be exactly the findings of the CLI
// (`node dist/cli.js check --format json FILE`), line for line: same positions, severities, codes and messages.
// Except for CSV files that are not Autopilot files: the CLI was asked to check them and says why they are not,
// while the editor must stay silent on someone's unrelated spreadsheet, so Neovim must receive no diagnostic.
// Skipped when `nvim` is not installed (scripts/install-e2e-tools.sh installs it). Needs dist/ (npm test builds it).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

// Compiled to out/test/unit/: the repository root is three levels up.
const root = path.resolve(__dirname, '..', '..', '..');
const server = path.join(root, 'dist', 'server.js');
const cli = path.join(root, 'dist', 'cli.js');
const checkLua = path.join(root, 'test', 'e2e', 'neovim', 'check.lua');
/** Fixtures with a header of no Autopilot format (test/e2e/workspace), on which the language server says nothing. */
const NOT_AUTOPILOT = new Set(['contacts.csv']);

interface CliFinding {
  line: number;
  column: number;
  severity: string;
  code?: string;
  message: string;
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Fixtures Neovim reads byte-for-byte like the CLI: UTF-8 without a BOM, no NUL. (Neovim decodes UTF-16 and strips
 * a BOM itself before the server sees the text, so encoding findings legitimately differ there.)
 */
function fixtures(): string[] {
  const dirs = [path.join(root, 'test', 'e2e', 'workspace'), path.join(root, 'samples')];
  return dirs
    .filter((dir) => existsSync(dir))
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => name.endsWith('.csv'))
        .map((name) => path.join(dir, name)),
    )
    .filter((file) => {
      const bytes = readFileSync(file);
      if (bytes.includes(0) || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return false;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return true;
      } catch {
        return false;
      }
    })
    .sort();
}

const flatten = (message: string): string => message.replace(/\r?\n/g, ' ');

function sortLines(lines: string[]): string[] {
  const key = (line: string): [number, number, string] => {
    const match = /^(\d+):(\d+): (.*)$/.exec(line);
    return match ? [Number(match[1]), Number(match[2]), match[3] ?? ''] : [0, 0, line];
  };
  return [...lines].sort((a, b) => {
    const [la, ca, ra] = key(a);
    const [lb, cb, rb] = key(b);
    return la - lb || ca - cb || ra.localeCompare(rb);
  });
}

function cliLines(file: string): string[] {
  const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.error, undefined, String(result.error));
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    assert.fail(`the CLI printed no JSON (exit ${result.status}): ${result.stdout}${result.stderr}`);
  }
  // An array of findings; tolerate an object wrapping one.
  const list = Array.isArray(parsed) ? parsed : Object.values(parsed as object).find((value) => Array.isArray(value));
  assert.ok(Array.isArray(list), `unexpected CLI JSON: ${result.stdout.slice(0, 200)}`);
  return sortLines(
    (list as CliFinding[]).map((f) => `${f.line}:${f.column}: ${f.severity}${f.code ? ` ${f.code}` : ''}: ${flatten(f.message)}`),
  );
}

function neovimLines(file: string, home: string): string[] {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'), // lsp.log goes here
    XDG_STATE_HOME: path.join(home, 'state'),
    XDG_RUNTIME_DIR: path.join(home, 'runtime'),
    AUTOPILOT_CSV_SERVER: server,
    AUTOPILOT_CSV_NODE: process.execPath,
    LSP_WAIT_MS: '20000',
  };
  const result = spawnSync('nvim', ['--headless', '--clean', '-i', 'NONE', '-n', '-c', `luafile ${checkLua}`, file], {
    cwd: path.dirname(file),
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.error, undefined, String(result.error));
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  assert.equal(result.status, 0, `nvim exited ${result.status}: ${result.stdout}${result.stderr}`);
  return sortLines(lines);
}

test('Neovim receives the same diagnostics as the CLI reports', async (t) => {
  if (!onPath('nvim')) {
    t.skip('neovim not installed');
    return;
  }
  assert.ok(existsSync(server) && existsSync(cli), 'dist/server.js and dist/cli.js exist (run node esbuild.mjs)');
  const files = fixtures();
  assert.ok(files.length > 0, 'there are fixtures to compare');
  const home = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-nvim-'));
  try {
    for (const file of files) {
      await t.test(path.relative(root, file), () => {
        const expected = NOT_AUTOPILOT.has(path.basename(file)) ? [] : cliLines(file);
        assert.deepEqual(neovimLines(file, home), expected);
      });
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
