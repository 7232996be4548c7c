#!/usr/bin/env node
/* global window, document, MutationObserver, getComputedStyle -- the functions given to page.evaluate run in the workbench page */
// Typing in the real workbench (code-server + headless Chromium, see harness.mjs), timed in the page: what the
// extension adds to a keystroke on a big Autopilot file, against the same keystroke on the same text opened as plain
// text in the same workbench. A measurement, not a test: it prints numbers (the bench, scripts/bench.ts, runs it).
//
// For each keystroke (a character typed into a group tag, then deleted), in the page's own clock:
//   - render: from the keydown to the first change of the editor's lines (the character on screen);
//   - problems: from the keydown to the change of the status bar's problem count. On the Autopilot file the edit
//     makes the tag misspelled and the deletion makes it right again: the language server's round trip. On the
//     plain-text copy a probe extension (roundTripProbe/) changes the count from the extension host at once: the
//     round trip any extension pays in this workbench on a 20 MB document (VS Code's built-in merge-conflict
//     extension reads the whole text after each change, whatever the language).
// The extension's cost is `problems` on the Autopilot file minus `problems` on the plain-text file.
// Also: opening a plain-text file, with the extension installed, until its text is on screen.
//
//   node test/e2e/typingBench.mjs --file DEVICES.csv [--keys N] [--settle MS] [--json FILE] [--timeout MS] [--keep]
//     [--profile FILE.cpuprofile]  CPU profiles of the extension host (FILE) and the language server
//                                  (FILE.server.cpuprofile) while typing in the Autopilot file (needs a Node with a
//                                  global WebSocket, e.g. the e2e tools' Node 24)
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extensionEnvironment, goToLine, log, openFile, outputDir, parseArgs, withCodeServer } from './harness.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 600_000 });
const source = options.rest.file ? path.resolve(String(options.rest.file)) : undefined;
const keys = Number(options.rest.keys ?? 20);
const jsonOut = options.rest.json ? path.resolve(String(options.rest.json)) : undefined;
if (!source) throw new Error('--file DEVICES.csv is required (an Intune file with a group tag on every row)');

const AUTOPILOT = 'devices.csv';
const PLAIN = 'devices.txt';
const NOTES = 'notes.txt';
const TAG = 'Microsoft365Managed_Autopilot';
/** What the file's first line shows once it is open. */
const HEADER_TEXT = 'Device Serial Number';
const SETTLE_MS = Number(options.rest.settle ?? 2500);
/** More workspace settings, as JSON: e.g. '{"merge-conflict.decorators.enabled": false}' to see VS Code's own share. */
const extraSettings = options.rest.settings ? JSON.parse(String(options.rest.settings)) : {};
const profileOut = options.rest.profile ? path.resolve(String(options.rest.profile)) : undefined;
const INSPECT_PORT = 9339;

/**
 * Starts the CPU profiler of a Node process through its inspector (CDP): the extension host's (the workbench's
 * `inspect-extensions` payload) or the language server's.
 */
async function startProfiler(port) {
  let targets;
  for (let attempt = 0; !targets; attempt++) {
    try {
      targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    } catch (error) {
      if (attempt === 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let id = 0;
  const pending = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    pending.get(message.id)?.(message.result);
  };
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 200 });
  await send('Profiler.start');
  return async () => {
    const { profile } = await send('Profiler.stop');
    socket.close();
    return profile;
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Installs the page-side recorders: keydown times, changes of the editor's lines and of the problem count. */
async function installRecorders(page) {
  await page.evaluate(() => {
    const state = { keys: [], lines: [], problems: [] };
    window.__typing = state;
    window.addEventListener('keydown', () => state.keys.push(performance.now()), true);
    // Observed through their parts (the workbench may replace the elements themselves); a change is recorded when
    // what is read differs from the last reading.
    const watch = (partSelector, list, read) => {
      const observe = () => {
        const part = document.querySelector(partSelector);
        if (!part) return setTimeout(observe, 50);
        let last = read();
        new MutationObserver(() => {
          const now = read();
          if (now !== last) {
            last = now;
            list.push({ t: performance.now(), value: now });
          }
        }).observe(part, { subtree: true, childList: true, characterData: true, attributes: true });
      };
      observe();
    };
    watch(
      '.part.editor',
      state.lines,
      () => document.querySelector('.editor-instance .monaco-editor.focused .view-lines')?.textContent ?? '',
    );
    watch('.part.statusbar', state.problems, () => {
      const item = document.getElementById('status.problems');
      return item ? (item.getAttribute('aria-label') ?? item.textContent ?? '') : '';
    });
  });
}

/** The process ids of this extension's language servers (its bundled server, run by the extension host), from /proc. */
function languageServerPids() {
  const server = path.join(options.extension, 'dist', 'server.js');
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(server);
      } catch {
        return false; // the process ended meanwhile
      }
    })
    .map(Number);
}

/**
 * How long the extension's activation took, from the extension host's log (when it began activating it) and its
 * own (the line activate() writes last).
 */
function activationFromLogs(dir) {
  const files = readdirSync(dir, { recursive: true }).map((name) => path.join(dir, String(name)));
  const stamp = (line) => Date.parse(line.slice(0, 23).replace(' ', 'T'));
  const hostLine = files
    .filter((file) => file.endsWith('exthost.log'))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .find((line) => line.includes('_doActivateExtension autopilot-csv.autopilot-csv'));
  const ownLine = files
    .filter((file) => file.endsWith('Autopilot CSV.log'))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .find((line) => line.includes('Activated;'));
  if (!hostLine || !ownLine) return undefined;
  return { ms: stamp(ownLine) - stamp(hostLine), event: /activationEvent: '([^']+)'/.exec(hostLine)?.[1] ?? '?' };
}

/** Presses a key and waits for the page to record what follows it; returns the delays in ms. */
async function timedKey(page, key) {
  const before = await page.evaluate(() => ({
    keys: window.__typing.keys.length,
    lines: window.__typing.lines.length,
    problems: window.__typing.problems.length,
  }));
  await page.keyboard.press(key);
  const result = await page.waitForFunction(
    ({ before }) => {
      const state = window.__typing;
      const keyAt = state.keys[before.keys];
      if (keyAt === undefined) return undefined;
      const line = state.lines.slice(before.lines).find((change) => change.t >= keyAt);
      const problem = state.problems.slice(before.problems).find((change) => change.t >= keyAt);
      if (!line || !problem) return undefined;
      return { render: line.t - keyAt, problems: problem.t - keyAt };
    },
    { before },
    { polling: 50, timeout: 30_000 },
  );
  return result.jsonValue();
}

/**
 * Types a character and deletes it `keys` times, after two of each that are not counted (the first keystrokes in a
 * file pay for code loaded and compiled on first use). Between keystrokes the workbench is left to settle for
 * `SETTLE_MS`: a dirty file is backed up a second after each change (the whole text, 20 MB here, written through
 * the remote connection: seconds on a busy machine), which would otherwise land on the next measurement.
 */
async function typeAndMeasure(page) {
  const render = [];
  const problems = [];
  for (let key = -2; key < keys; key++) {
    for (const press of ['x', 'Backspace']) {
      const timing = await timedKey(page, press);
      if (key >= 0) {
        render.push(timing.render);
        problems.push(timing.problems);
      }
      await page.waitForTimeout(SETTLE_MS);
    }
  }
  return { render, problems };
}

async function main() {
  mkdirSync(outputDir, { recursive: true });
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-typing-'));
  try {
    copyFileSync(source, path.join(workspace, AUTOPILOT));
    copyFileSync(source, path.join(workspace, PLAIN));
    writeFileSync(path.join(workspace, NOTES), 'Spring order: 5,000 devices, tag Microsoft365Managed_Autopilot.\n');
    // Nothing saved behind the measurement's back (code-server may save after a delay).
    mkdirSync(path.join(workspace, '.vscode'));
    writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      `${JSON.stringify({ 'files.autoSave': 'off', 'files.hotExit': 'off', ...extraSettings })}\n`,
    );
    const text = readFileSync(source, 'latin1');
    const lines = text.split(/\r?\n/);
    const line = Math.floor(lines.length / 2);
    const column = (lines[line] ?? '').lastIndexOf(TAG) + TAG.length + 1;
    const devices = lines.filter((row) => row.includes(TAG)).length;
    const installedExtensions = [path.join(import.meta.dirname, 'roundTripProbe')];
    return await withCodeServer({ ...options, workspace, installedExtensions }, async (session) => {
      const { page } = session;
      try {
        return await measure(session);
      } catch (error) {
        await page.screenshot({ path: path.join(outputDir, 'typing-failure.png') }).catch(() => {});
        throw error;
      }
    });
    async function measure(session) {
      const { page } = session;
      page.setDefaultTimeout(60_000);
      await session.automation();
      const payload = [
        ['extensionDevelopmentPath', session.remoteUri(options.extension)],
        ['extensionEnvironment', JSON.stringify(extensionEnvironment(options.env))],
        ...(profileOut ? [['inspect-extensions', String(INSPECT_PORT)]] : []),
      ];
      await page.goto(session.workbenchUrl(payload));
      await page.locator('.monaco-workbench').waitFor();
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: PLAIN }).first().waitFor();
      await installRecorders(page);

      // A small text file first, in the fresh window: it activates the extension (onLanguage:plaintext).
      const notesStarted = Date.now();
      await openFile(page, NOTES, 'Spring order');
      const notesOpenMs = Date.now() - notesStarted;
      await page.waitForTimeout(2_000);
      const serversAfterText = languageServerPids().length;

      // Plain text first: with the extension installed, the file is not an Autopilot file.
      const openStarted = Date.now();
      await openFile(page, PLAIN, HEADER_TEXT);
      const plainOpenMs = Date.now() - openStarted;
      await goToLine(page, line + 1, column);
      const plain = await typeAndMeasure(page);

      await openFile(page, AUTOPILOT, HEADER_TEXT);
      // Validated once: the language server runs and the editor shows the collapsed hash cells' labels.
      for (const started = Date.now(); languageServerPids().length === 0 && Date.now() - started < 60_000;) await page.waitForTimeout(250);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.editor-group-container.active .view-line span')].some((span) =>
            getComputedStyle(span, '::before').content.includes('⟨'),
          ),
        undefined,
        { timeout: 120_000, polling: 500 },
      );
      await page.waitForTimeout(3_000);
      const serversAfterAutopilot = languageServerPids().length;
      await goToLine(page, line + 1, column);
      let stopProfiles = [];
      if (profileOut) {
        // An inspected extension host makes the language client start the server with its `debug` options
        // (client/src/languageClient.ts: --inspect=6010).
        stopProfiles = [await startProfiler(INSPECT_PORT), await startProfiler(6010)];
      }
      const autopilot = await typeAndMeasure(page);
      const [hostProfile, serverProfile] = await Promise.all(stopProfiles.map((stop) => stop()));
      if (profileOut) {
        writeFileSync(profileOut, JSON.stringify(hostProfile));
        writeFileSync(profileOut.replace(/(\.cpuprofile)?$/, '.server.cpuprofile'), JSON.stringify(serverProfile));
      }
      await page.screenshot({ path: path.join(session.tmp, 'typing.png') });

      const activation = activationFromLogs(session.saveLogs('typingBench'));
      const result = {
        notesOpenMs,
        serversAfterText,
        serversAfterAutopilot,
        activation,
        devices,
        keystrokes: plain.render.length,
        plainOpenMs,
        plainRender: plain.render,
        plainProblems: plain.problems,
        autopilotRender: autopilot.render,
        autopilotProblems: autopilot.problems,
        added: median(autopilot.problems) - median(plain.problems),
      };
      log(
        `opening a plain-text file: ${notesOpenMs} ms to its text on screen; the extension activated in ` +
          `${activation ? `${activation.ms} ms (${activation.event})` : '(not found in the logs)'}; ` +
          `language servers running: ${serversAfterText} after it, ${serversAfterAutopilot} once an Autopilot file is open`,
      );
      log(
        `${devices} devices, ${result.keystrokes} keystrokes: plain text on screen ${median(plain.render).toFixed(0)} ms, ` +
          `its problem count (the probe extension) ${median(plain.problems).toFixed(0)} ms; ` +
          `Autopilot on screen ${median(autopilot.render).toFixed(0)} ms, problem count ${median(autopilot.problems).toFixed(0)} ms; ` +
          `the extension adds ${result.added.toFixed(0)} ms (median)`,
      );
      if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result)}\n`);
      return result;
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
