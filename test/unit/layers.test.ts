// The layers of the source tree and what each may import (docs/architecture.md). Every import of every source file
// is read with TypeScript's own pre-processor (static, re-exports and dynamic imports alike) and checked against
// the table: a file in the wrong folder, or an import across the wrong boundary, fails here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ALL_CODES } from '../../server/src/core/codes';

type Layer = 'core' | 'cloud' | 'protocol' | 'lsp' | 'cli' | 'client' | 'webview';

interface LayerRule {
  folder: string;
  /** Layers whose files this layer may import (its own included). */
  layers: readonly Layer[];
  /** Packages it may import; `node:*` stands for Node's built-in modules. */
  packages: readonly string[];
}

const LAYERS: Record<Layer, LayerRule> = {
  // Pure validation: plain functions over text. SHA-256 of the hash block is its only need outside itself.
  core: { folder: 'server/src/core', layers: ['core'], packages: ['node:crypto', '@vscode/l10n'] },
  // Sign-in, HTTP, Partner Center: Node only, shared by the extension and the command line.
  cloud: { folder: 'server/src/cloud', layers: ['core', 'cloud'], packages: ['node:*', '@azure/msal-node', '@vscode/l10n'] },
  // The messages between the VS Code client and the language server beyond LSP: types and constants.
  protocol: { folder: 'server/src/protocol', layers: ['core', 'protocol'], packages: [] },
  lsp: {
    folder: 'server/src/lsp',
    layers: ['core', 'protocol', 'lsp'],
    packages: ['node:*', 'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageserver-textdocument', '@vscode/l10n'],
  },
  cli: { folder: 'server/src/cli', layers: ['core', 'cloud', 'cli'], packages: ['node:*', 'jsonc-parser', '@vscode/l10n'] },
  // The VS Code adapter. Nothing imports it.
  client: {
    folder: 'client/src',
    layers: ['core', 'cloud', 'protocol', 'client', 'webview'],
    packages: ['node:*', 'vscode', 'vscode-languageclient/node'],
  },
  // Pages in webviews (the device table): browser code that gets its data from the client in messages.
  webview: { folder: 'client/webview', layers: ['protocol', 'webview'], packages: [] },
};

const MESSAGE_BUNDLE = /^l10n\/bundle\.l10n\.[a-z-]+\.json$/;

const LAYER_NAMES = Object.keys(LAYERS) as Layer[];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.posix.join(folder, file.split(path.sep).join('/')));
}

function layerOf(file: string): Layer | undefined {
  return LAYER_NAMES.find((layer) => file.startsWith(`${LAYERS[layer].folder}/`));
}

type Read = (file: string) => string;

const readSource: Read = (file) => readFileSync(file, 'utf8');

function importsOf(file: string, read: Read = readSource): string[] {
  const info = ts.preProcessFile(read(file), true, true);
  return info.importedFiles.map((imported) => imported.fileName);
}

/** Where a relative import lands, as a repository path. */
function resolveRelative(file: string, specifier: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

function packageAllowed(rule: LayerRule, specifier: string): boolean {
  return rule.packages.some((allowed) => allowed === specifier || (allowed === 'node:*' && specifier.startsWith('node:')));
}

/** Every import that breaks the table, as `file: import (why)`. */
function layerViolations(files: readonly string[], read: Read = readSource): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    if (!layer) {
      violations.push(`${file}: in no layer`);
      continue;
    }
    const rule = LAYERS[layer];
    for (const specifier of importsOf(file, read)) {
      if (!specifier.startsWith('.')) {
        if (!packageAllowed(rule, specifier)) violations.push(`${file}: ${specifier} (package not allowed in ${layer})`);
        continue;
      }
      const target = resolveRelative(file, specifier);
      // The German message bundle is data the core reads (core/locale.ts), not code of another layer.
      if (layer === 'core' && MESSAGE_BUNDLE.test(target)) continue;
      const targetLayer = layerOf(`${target}`) ?? layerOf(`${target}.ts`);
      if (!targetLayer) violations.push(`${file}: ${specifier} (outside every layer)`);
      else if (!rule.layers.includes(targetLayer)) violations.push(`${file}: ${specifier} (${layer} may not import ${targetLayer})`);
    }
  }
  return violations;
}

const SOURCES = [...sourceFiles('server/src'), ...sourceFiles('client/src'), ...sourceFiles('client/webview')];

describe('layers', () => {
  it('every source file lies in a layer and imports only what the table allows', () => {
    assert.deepEqual(layerViolations(SOURCES), []);
  });

  it('nothing outside the tests imports the VS Code client', () => {
    const others = [...sourceFiles('server/src'), ...sourceFiles('scripts')];
    const offenders = others.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('.') && resolveRelative(file, specifier).startsWith('client/'))
        .map((specifier) => `${file}: ${specifier}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('no two source files share a name, so a name points at one file', () => {
    const byName = new Map<string, string[]>();
    for (const file of SOURCES) byName.set(path.posix.basename(file), [...(byName.get(path.posix.basename(file)) ?? []), file]);
    assert.deepEqual(
      [...byName.values()].filter((files) => files.length > 1),
      [],
    );
  });

  it('reports imports across a boundary, packages a layer may not use, and files outside the layers', () => {
    const tree: Record<string, string> = {
      'server/src/core/a.ts': "import { hover } from '../lsp/hover';\nimport * as vscode from 'vscode';",
      'server/src/cli/b.ts': "const upload = await import('../../../client/src/upload/uploadEngine');",
      'server/src/lsp/c.ts': "export { validate } from '../core/validate';\nimport { Connection } from 'vscode-languageserver';",
      'server/src/misc/d.ts': '',
    };
    assert.deepEqual(
      layerViolations(Object.keys(tree), (file) => tree[file] ?? ''),
      [
        'server/src/core/a.ts: ../lsp/hover (core may not import lsp)',
        'server/src/core/a.ts: vscode (package not allowed in core)',
        'server/src/cli/b.ts: ../../../client/src/upload/uploadEngine (cli may not import client)',
        'server/src/misc/d.ts: in no layer',
      ],
    );
  });
});

describe('rule codes', () => {
  /** docs/architecture.md's table: each code and the one file that emits it. */
  const documented = new Map<string, string>();
  for (const [, codes = '', file = ''] of readFileSync('docs/architecture.md', 'utf8').matchAll(
    /^\| (`[a-z0-9-]+`(?:, `[a-z0-9-]+`)*) \| `([^`]+)` \|$/gm,
  )) {
    for (const [, code = ''] of codes.matchAll(/`([a-z0-9-]+)`/g)) documented.set(code, file);
  }
  const ruleFiles = sourceFiles('server/src/core/rules');

  it('docs/architecture.md names the file of every code in the catalogue, and no other code', () => {
    assert.deepEqual([...documented.keys()].sort(), [...ALL_CODES].sort());
  });

  it('each code is written in the file the docs name and in no other rule family', () => {
    const misplaced: string[] = [];
    for (const [code, file] of documented) {
      const literal = new RegExp(`['"]${code}['"]`);
      if (!literal.test(readFileSync(file, 'utf8'))) misplaced.push(`${code}: not in ${file}`);
      for (const other of ruleFiles) {
        if (other !== file && literal.test(readFileSync(other, 'utf8'))) misplaced.push(`${code}: also in ${other}`);
      }
    }
    assert.deepEqual(misplaced, []);
  });
});
