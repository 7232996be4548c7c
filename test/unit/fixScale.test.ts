// Fix-all on files with hundreds of thousands of fixes: compatibleFixes picks what the pairwise definition picks,
// without comparing every fix with every other (100,000 blank lines took 14 s, 300,000 did not finish in 120 s).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../scripts/lib/random';
import { compatibleFixes } from '../../server/src/core/fix';
import type { Fix, TextEdit } from '../../server/src/core/types';
import { INTUNE_HEADER, intuneRow, testDevice } from './support/builders';

/** The definition: each fix in order, unless one of its edits overlaps an edit of a fix picked before it. */
function pairwise(fixes: readonly Fix[]): Fix[] {
  const taken: TextEdit[] = [];
  const chosen: Fix[] = [];
  for (const fix of fixes) {
    const overlaps = fix.edits.some((edit) =>
      taken.some((other) => (edit.start < other.end && other.start < edit.end) || (edit.start === other.start && edit.end === other.end)),
    );
    if (overlaps) continue;
    chosen.push(fix);
    for (const edit of fix.edits) taken.push(edit);
  }
  return chosen;
}

describe('compatibleFixes', () => {
  it('picks exactly what the pairwise definition picks, on random fixes (insertions, touching and nested edits)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      const span = 5 + Math.floor(random() * 60);
      const fixes: Fix[] = Array.from({ length: 1 + Math.floor(random() * 25) }, (_, index) => ({
        title: `fix ${index}`,
        edits: Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const start = Math.floor(random() * span);
          const end = random() < 0.25 ? start : start + Math.floor(random() * 6);
          return { start, end, newText: '' };
        }),
      }));
      assert.deepEqual(
        compatibleFixes(fixes).map((fix) => fix.title),
        pairwise(fixes).map((fix) => fix.title),
        `seed ${seed}`,
      );
    }
  });

  // A hang guard, not a timing (the bench measures how long it takes): the command is stopped after a minute,
  // and before this change it did not finish in two.
  it('fixes a file followed by 300,000 blank lines (the command line), every device kept', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'autopilot-fix-scale-')), 'blank-lines.csv');
    const device = intuneRow(testDevice(0));
    writeFileSync(file, `${INTUNE_HEADER}\r\n${device}\r\n${'\r\n'.repeat(300_000)}`);
    const result = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'fix', '--write', file], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.signal, null, 'stopped after a minute');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /fixed empty-row x300000; 0 finding\(s\) left/);
    assert.equal(readFileSync(file, 'utf8'), `${INTUNE_HEADER}\r\n${device}\r\n`);
  });
});
