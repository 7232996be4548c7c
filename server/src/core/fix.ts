// Applying fixes: one fix, or every safe fix in a file (fix-all), re-validating between passes so that fixes
// computed against the old text never collide.
import type { CancellationFlag, Encoding, Finding, Fix, Settings, TextEdit } from './types';
import { validate } from './validate';

/** Applies non-overlapping edits; edits are sorted here, so callers may pass them in any order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position) throw new Error(`Overlapping edits at offset ${edit.start}`);
    parts.push(text.slice(position, edit.start), edit.newText);
    position = edit.end;
  }
  parts.push(text.slice(position));
  return parts.join('');
}

/** The fix fix-all applies for a finding: its preferred safe fix, else its only safe fix. */
export function autoFix(finding: Finding): Fix | undefined {
  const safe = finding.fixes.filter((fix) => fix.safe && !fix.command);
  return safe.find((fix) => fix.preferred) ?? (safe.length === 1 ? safe[0] : undefined);
}

/**
 * Picks fixes whose edits do not overlap each other: each fix in the order given, unless it overlaps one picked
 * before it. Two edits overlap when they share a character, or replace the same span (two insertions at one place).
 * Linear in the edits but for the overlaps themselves: the edits are sorted once and swept, each compared only with
 * the edits still open at its start, and the overlaps found decide the picks in the order given.
 */
export function compatibleFixes(fixes: readonly Fix[]): Fix[] {
  let count = 0;
  for (const fix of fixes) count += fix.edits.length;
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  const owners = new Uint32Array(count);
  let at = 0;
  fixes.forEach((fix, index) => {
    for (const edit of fix.edits) {
      starts[at] = edit.start;
      ends[at] = edit.end;
      owners[at++] = index;
    }
  });
  const order = Array.from({ length: count }, (_, index) => index).sort(
    (a, b) => (starts[a] as number) - (starts[b] as number) || (ends[a] as number) - (ends[b] as number),
  );
  /** For each fix, the fixes before it (in the order given) that it overlaps. */
  const earlierOverlaps = new Map<number, number[]>();
  const overlap = (earlier: number, later: number) => {
    const list = earlierOverlaps.get(later);
    if (list) list.push(earlier);
    else earlierOverlaps.set(later, [earlier]);
  };
  // The edits a later edit (starting here or after) can still overlap: compacted in place as the sweep moves on.
  const open: number[] = [];
  for (const edit of order) {
    const start = starts[edit] as number;
    const end = ends[edit] as number;
    const owner = owners[edit] as number;
    let kept = 0;
    for (const other of open) {
      const otherStart = starts[other] as number;
      const otherEnd = ends[other] as number;
      if (!(otherEnd > start || (otherStart === start && otherEnd === start))) continue;
      open[kept++] = other;
      const otherOwner = owners[other] as number;
      if (otherOwner === owner) continue;
      if ((otherEnd > start && otherStart < end) || (otherStart === start && otherEnd === end)) {
        if (otherOwner < owner) overlap(otherOwner, owner);
        else overlap(owner, otherOwner);
      }
    }
    open.length = kept;
    open.push(edit);
  }
  const picked = new Uint8Array(fixes.length);
  const chosen: Fix[] = [];
  fixes.forEach((fix, index) => {
    if (earlierOverlaps.get(index)?.some((earlier) => picked[earlier] === 1)) return;
    picked[index] = 1;
    chosen.push(fix);
  });
  return chosen;
}

export interface FixAllResult {
  text: string;
  encoding: Encoding;
  /** Codes of the findings whose fixes were applied, with how many times. */
  fixed: Map<string, number>;
}

/**
 * Applies every safe fix, pass after pass, until none is left (bounded so a fix that undoes another cannot loop).
 * A cancelled run stops between passes; its partial result is for the caller to discard.
 */
export function fixAll(
  text: string,
  encoding: Encoding,
  settings?: Partial<Settings>,
  onlyCodes?: ReadonlySet<string>,
  token?: CancellationFlag,
): FixAllResult {
  const fixed = new Map<string, number>();
  let current = text;
  let currentEncoding = encoding;
  for (let pass = 0; pass < 10; pass++) {
    if (token?.isCancellationRequested) break;
    const { findings } = validate({ text: current, encoding: currentEncoding, settings }, token);
    const candidates: { finding: Finding; fix: Fix }[] = [];
    for (const finding of findings) {
      if (onlyCodes && !onlyCodes.has(finding.code)) continue;
      const fix = autoFix(finding);
      // A fix that changes nothing is not counted as applied (nor does it make another pass).
      if (fix && (fix.edits.length > 0 || (fix.reencode !== undefined && fix.reencode !== currentEncoding)))
        candidates.push({ finding, fix });
    }
    if (candidates.length === 0) break;
    const chosen = new Set(compatibleFixes(candidates.map((candidate) => candidate.fix)));
    const edits: TextEdit[] = [];
    for (const { finding, fix } of candidates) {
      if (!chosen.has(fix)) continue;
      for (const edit of fix.edits) edits.push(edit);
      if (fix.reencode) currentEncoding = fix.reencode;
      fixed.set(finding.code, (fixed.get(finding.code) ?? 0) + 1);
    }
    current = applyEdits(current, edits);
  }
  return { text: current, encoding: currentEncoding, fixed };
}
