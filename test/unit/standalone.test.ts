// A plain clone must build and test on its own: nothing the tests, scripts or build read may sit outside the
// repository (the workspace these were written in has a shared folder beside the checkout; a clone does not).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/** Where the repository's own code and scripts live (test fixtures are data, not code). */
const SEARCHED = ['test', 'scripts', 'server', 'client', 'esbuild.mjs', 'eslint.config.mjs', 'package.json', '.ci'];
const SKIPPED_FOLDERS = new Set(['fixtures', 'workspace', 'node_modules']);
const CODE_FILE = /\.(ts|mts|mjs|cjs|js|json|sh|lua)$|^run$/;

/** A path that leaves the checkout for the workspace's shared folder, written as a literal or as path segments. */
const OUTSIDE = [/\.\.[\\/]+shared\b/, /['"`]\.\.['"`]\s*,\s*['"`]shared['"`]/, /\/work\/shared\b/];

function codeFiles(entry: string): string[] {
  let entries;
  try {
    entries = readdirSync(entry, { withFileTypes: true });
  } catch {
    return CODE_FILE.test(path.basename(entry)) ? [entry] : [];
  }
  return entries.flatMap((child) => {
    const full = path.join(entry, child.name);
    if (child.isDirectory()) return SKIPPED_FOLDERS.has(child.name) ? [] : codeFiles(full);
    return CODE_FILE.test(child.name) ? [full] : [];
  });
}

describe('the repository stands alone', () => {
  const files = SEARCHED.flatMap((entry) => codeFiles(entry));

  it('searches the tests, scripts and sources', () => {
    assert.ok(files.includes(path.join('test', 'unit', 'corpus.test.ts')));
    assert.ok(files.includes(path.join('scripts', 'test.mjs')));
  });

  it('no test, script or source reads the shared folder beside the checkout', () => {
    const offending = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (OUTSIDE.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    // This file names the patterns it looks for, in regular expressions that none of them matches.
    assert.deepEqual(offending, []);
  });

  it('has the real corpus and its provenance in the repository', () => {
    const corpus = readdirSync(path.join('test', 'fixtures', 'corpus'));
    assert.ok(corpus.includes('SOURCES.md'));
    assert.equal(corpus.filter((name) => name.endsWith('.csv')).length, 11);
  });
});
