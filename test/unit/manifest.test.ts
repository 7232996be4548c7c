// The manifest, the code and the docs agree: what a user sees in the command palette, settings and README exists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
    walkthroughs: {
      id: string;
      title: string;
      steps: { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents: string[] }[];
    }[];
  };
  activationEvents: string[];
}

/** package.json as VS Code shows it in English: each `%key%` replaced from package.nls.json. */
function localizedManifest(nlsFile: string): Manifest {
  const nls = JSON.parse(readFileSync(nlsFile, 'utf8')) as Record<string, string>;
  return JSON.parse(readFileSync('package.json', 'utf8'), (_key, value: unknown) => {
    const placeholder = typeof value === 'string' ? /^%([\w.]+)%$/.exec(value)?.[1] : undefined;
    return placeholder !== undefined && placeholder in nls ? nls[placeholder] : value;
  }) as Manifest;
}

const manifest = localizedManifest('package.nls.json');
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

describe('the walkthrough', () => {
  const walkthrough = manifest.contributes.walkthroughs.find((entry) => entry.id === 'gettingStarted');
  const steps = walkthrough?.steps ?? [];
  const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
  // The workbench's own commands the steps' buttons use.
  const builtIn = new Set(['workbench.action.files.openFile', 'workbench.action.openSettings']);

  it('walks from opening a file through fixing and signing in to uploading', () => {
    assert.deepEqual(
      steps.map((step) => step.id),
      ['open', 'fix', 'signIn', 'upload'],
    );
  });

  it('has buttons that run commands which exist, with settings that exist', () => {
    const settings = manifest.contributes.configuration.properties;
    for (const step of steps) {
      const links = [...step.description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)];
      assert.ok(links.length > 0, `step ${step.id} has a button`);
      for (const [, command = '', query] of links) {
        assert.ok(contributed.has(command) || builtIn.has(command), `step ${step.id}: ${command} exists`);
        if (command === 'workbench.action.openSettings') {
          const [setting] = JSON.parse(decodeURIComponent(query ?? '[]')) as string[];
          assert.ok(setting && setting in settings, `step ${step.id}: the setting ${setting} exists`);
        }
      }
    }
  });

  it('ticks each step on a context key the extension sets when the step succeeded, not when a button is pressed', () => {
    // client/src/walkthroughSteps.ts names the keys; the commands set them on success (opened, fixed, signed in, uploaded).
    const stepsModule = readFileSync('client/src/walkthroughSteps.ts', 'utf8');
    const keys = new Set([...stepsModule.matchAll(/'(autopilot\.walkthrough\.\w+)'/g)].map((match) => match[1]));
    assert.equal(keys.size, steps.length);
    for (const step of steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const event of step.completionEvents) {
        const [kind, name = ''] = event.split(':');
        assert.equal(kind, 'onContext', `${step.id}: ${event}`);
        assert.ok(keys.has(name), `${step.id}: ${name} is a key the extension sets`);
      }
    }
  });

  it('ships its pages and the sample it opens in the package', () => {
    const packaged = spawnSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' });
    assert.equal(packaged.status, 0, packaged.stderr);
    const files = new Set(packaged.stdout.split(/\r?\n/).filter(Boolean));
    const client = readFileSync('client/src/commands/fileCommands.ts', 'utf8');
    const sample = /const SAMPLE = \[([^\]]*)\]/.exec(client)?.[1]?.replace(/['\s]/g, '').split(',').join('/');
    assert.ok(sample && existsSync(sample), `the sample ${sample} exists`);
    for (const file of [sample, ...steps.map((step) => step.media.markdown ?? step.media.image)]) {
      assert.ok(file && files.has(file), `${file} is in the package`);
    }
  });
});

describe('the device table', () => {
  const contributes = manifest.contributes as Manifest['contributes'] & {
    customEditors: { viewType: string; selector: { filenamePattern: string }[]; priority: string }[];
  };

  it('is a custom editor for CSV files that opens only when asked, with the view type the client registers', () => {
    const editor = contributes.customEditors.find((entry) => entry.viewType === 'autopilot-csv.deviceTable');
    assert.ok(editor, 'contributed');
    // `option`: CSV files keep opening in the text editor; the table is one command or "Reopen Editor With" away.
    assert.equal(editor.priority, 'option');
    assert.deepEqual(editor.selector, [{ filenamePattern: '*.csv' }]);
    assert.match(
      readFileSync('client/src/deviceTable/deviceTableEditor.ts', 'utf8'),
      /DEVICE_TABLE_VIEW_TYPE = 'autopilot-csv\.deviceTable'/,
    );
  });

  it('ships its page (script and style sheet) in the package, and the page loads only them', () => {
    const packaged = spawnSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' });
    assert.equal(packaged.status, 0, packaged.stderr);
    const files = packaged.stdout.split(/\r?\n/).filter(Boolean);
    const page = readFileSync('client/src/deviceTable/tablePage.ts', 'utf8');
    const assets = [...page.matchAll(/asset\('([^']+)'\)/g)].map((match) => `dist/webview/${match[1]}`);
    assert.deepEqual(assets.sort(), ['dist/webview/deviceTable.css', 'dist/webview/deviceTable.js']);
    for (const asset of assets) assert.ok(files.includes(asset), `${asset} is in the package`);
    assert.deepEqual(files.filter((file) => file.startsWith('dist/webview/')).sort(), assets);
  });
});

describe('docs/rules.md', () => {
  it('has a section for every rule code, so every diagnostic link lands somewhere', () => {
    const docs = readFileSync('docs/rules.md', 'utf8');
    const documented = new Set([...docs.matchAll(/^### ([a-z0-9-]+)$/gm)].map((match) => match[1]));
    assert.deepEqual(
      ALL_CODES.filter((code) => !documented.has(code)),
      [],
    );
    assert.deepEqual(
      [...documented].filter((code) => !ALL_CODES.includes(code as never)),
      [],
    );
  });
});
