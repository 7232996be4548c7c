// Small string helpers shared by the rule families.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions); stops early past `limit`. */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let previous2 = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i < rows; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[cols - 1] ?? 0;
}

/** Lower case, letters and digits only: `Serial_Number`, `serial number` and `SerialNumber` fold together. */
export function foldName(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Lower case with runs of spaces folded and the ends trimmed: what "wrong case or spacing" ignores. */
export function foldCaseAndSpacing(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A value short enough for a message: cut with an ellipsis past `max` characters. */
export function shorten(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A copy of a string that does not share memory with the text it was cut from. V8 keeps substrings of 13 or
 * more characters as views into their parent; joining forces a flat copy, and the slice is then a view into it.
 */
export function detached(value: string): string {
  return value.length < 13 ? value : `${value} `.slice(0, -1);
}
