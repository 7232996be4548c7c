// The shortest edit script between two sequences (Myers' O(ND) algorithm, "An O(ND) Difference Algorithm and Its
// Variations", 1986): what the device table sends after an edit. Its cost grows with the edits, not the rows, so a
// one-cell edit in 5,000 rows costs a few comparisons; a cap bounds the work when most rows changed.

export interface DiffRun {
  kind: 'keep' | 'remove' | 'insert';
  count: number;
}

/**
 * Runs that turn `before` into `after`, in order: `keep` (equal elements), `remove` (of `before`), `insert` (of
 * `after`). Undefined when more than `maxEdits` elements would be removed and inserted.
 */
export function sequenceDiff<T>(before: readonly T[], after: readonly T[], maxEdits: number): DiffRun[] | undefined {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const middle = middleDiff(before.slice(prefix, before.length - suffix), after.slice(prefix, after.length - suffix), maxEdits);
  if (!middle) return undefined;
  const runs: DiffRun[] = [];
  const add = (kind: DiffRun['kind'], count: number) => {
    if (count === 0) return;
    const last = runs[runs.length - 1];
    if (last?.kind === kind) last.count += count;
    else runs.push({ kind, count });
  };
  add('keep', prefix);
  for (const run of middle) add(run.kind, run.count);
  add('keep', suffix);
  return runs;
}

function middleDiff<T>(a: readonly T[], b: readonly T[], maxEdits: number): DiffRun[] | undefined {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) {
    if (n + m > maxEdits) return undefined;
    return [n > 0 ? { kind: 'remove', count: n } : { kind: 'insert', count: m }];
  }
  const limit = Math.min(n + m, maxEdits);
  // v[k + offset]: the furthest x reached on diagonal k; trace[d]: v for k in [-d, d] after step d.
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        return backtrack(trace, n, m);
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return undefined;
}

/** Walks the trace back from (n, m) to (0, 0), collecting the steps in reverse. */
function backtrack(trace: readonly Int32Array[], n: number, m: number): DiffRun[] {
  const steps: DiffRun['kind'][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d - 1] as Int32Array;
    const at = (k: number) => previous[k + d - 1] as number;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    const stepX = down ? previousX : previousX + 1;
    for (; x > stepX; x--, y--) steps.push('keep');
    steps.push(down ? 'insert' : 'remove');
    x = previousX;
    y = previousY;
  }
  for (; x > 0; x--) steps.push('keep');
  const runs: DiffRun[] = [];
  for (let index = steps.length - 1; index >= 0; index--) {
    const kind = steps[index] as DiffRun['kind'];
    const last = runs[runs.length - 1];
    if (last?.kind === kind) last.count++;
    else runs.push({ kind, count: 1 });
  }
  return runs;
}
