// Bundles the extension client, the language server, the CLI and the device table's page; `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  logOverride: { 'import-is-undefined': 'error' },
};

// The CLI's upload command (sign-in, msal-node: five sixths of the CLI's code) is a file of its own, which only
// `upload` loads: a check neither parses it nor keeps it in memory.
const uploadCommandApart = {
  name: 'upload-command-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/uploadCommand\.js$/ }, (args) =>
      args.importer.endsWith(path.join('server', 'src', 'cli', 'main.ts')) ? { path: './cliUpload.js', external: true } : undefined,
    );
  },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/serverMain.ts'], outfile: 'dist/server.js' },
  {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [uploadCommandApart],
    // `autopilot-csv --version`
    define: { AUTOPILOT_CSV_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  },
  { entryPoints: ['server/src/cli/uploadCommand.ts'], outfile: 'dist/cliUpload.js' },
  // The device table's page runs in a webview: a browser script (and its style sheet, dist/webview/deviceTable.css).
  {
    entryPoints: ['client/webview/deviceTable/tableMain.ts'],
    outfile: 'dist/webview/deviceTable.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[watch] build started');
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
