// The manifest, the code and the docs agree: what a user sees in the command palette, settings and README exists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_CODES } from '../../server/src/core/codes';

interface Manifest {
  main: string;
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> };
    languages: { id: string; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
  };
  activationEvents: string[];
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const readme = readFileSync('README.md', 'utf8');

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return entry.name.endsWith('.ts') ? readFileSync(full, 'utf8') : '';
    })
    .join('\n');
}

describe('package.json', () => {
  const clientCode = sources('client/src');

  it('registers every contributed command in the client, each with the Autopilot CSV category', () => {
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Autopilot CSV', command.command);
      assert.ok(clientCode.includes(`'${command.command}'`), `${command.command} is registered`);
    }
  });

  it('gives every setting a default and a description, and the README lists them', () => {
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok('default' in setting, `${key} has a default`);
      assert.ok(setting.description ?? setting.markdownDescription, `${key} has a description`);
      assert.ok(readme.includes(`\`${key}\``), `README documents ${key}`);
    }
  });

  it('lists every command in the README by its palette title', () => {
    for (const command of manifest.contributes.commands) {
      assert.ok(readme.includes(`${command.category}: ${command.title}`), `README lists "${command.title}"`);
    }
  });

  it('points the language and grammar at files that exist and parse', () => {
    const language = manifest.contributes.languages.find((entry) => entry.id === 'autopilot-csv');
    assert.ok(language);
    JSON.parse(readFileSync(language.configuration, 'utf8'));
    const grammar = manifest.contributes.grammars.find((entry) => entry.language === 'autopilot-csv');
    assert.ok(grammar);
    const parsed = JSON.parse(readFileSync(grammar.path, 'utf8')) as { scopeName: string };
    assert.equal(parsed.scopeName, grammar.scopeName);
    assert.ok(manifest.activationEvents.includes('onLanguage:autopilot-csv'));
  });
});

describe('docs/rules.md', () => {
  it('has a section for every rule code, so every diagnostic link lands somewhere', () => {
    const docs = readFileSync('docs/rules.md', 'utf8');
    const documented = new Set([...docs.matchAll(/^### ([a-z0-9-]+)$/gm)].map((match) => match[1]));
    assert.deepEqual(ALL_CODES.filter((code) => !documented.has(code)), []);
    assert.deepEqual([...documented].filter((code) => !ALL_CODES.includes(code as never)), []);
  });
});

describe('the core', () => {
  it('imports neither vscode nor the language server library', () => {
    const offenders = readdirSync('server/src/core', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /from ['"](vscode|vscode-languageserver[^'"]*)['"]/.test(readFileSync(path.join('server/src/core', file), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
