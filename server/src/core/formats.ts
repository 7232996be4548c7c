// The three Autopilot CSV formats and how a header cell is matched to a known column.
import type { FormatId } from './types';
import { editDistance, foldCaseAndSpacing, foldName } from './text';

export type ColumnRole = 'serial' | 'productId' | 'hash' | 'groupTag' | 'assignedUser' | 'manufacturer' | 'model';

export interface ColumnSpec {
  role: ColumnRole;
  name: string;
  required: boolean;
}

export interface FormatSpec {
  id: FormatId;
  label: string;
  /** Canonical column order; optional columns may be left out from the end. */
  columns: ColumnSpec[];
  /** Rows the importer takes per file; 0 when no limit is documented. */
  maxRows: number;
}

export const FORMATS: Record<FormatId, FormatSpec> = {
  intune: {
    id: 'intune',
    label: 'Intune',
    columns: [
      { role: 'serial', name: 'Device Serial Number', required: true },
      { role: 'productId', name: 'Windows Product ID', required: true },
      { role: 'hash', name: 'Hardware Hash', required: true },
      { role: 'groupTag', name: 'Group Tag', required: false },
      { role: 'assignedUser', name: 'Assigned User', required: false },
    ],
    maxRows: 500,
  },
  'partner-center': {
    id: 'partner-center',
    label: 'Partner Center',
    columns: [
      { role: 'serial', name: 'Device Serial Number', required: true },
      { role: 'productId', name: 'Windows Product ID', required: true },
      { role: 'hash', name: 'Hardware Hash', required: true },
      { role: 'manufacturer', name: 'Manufacturer name', required: true },
      { role: 'model', name: 'Device model', required: true },
    ],
    maxRows: 0,
  },
  'mmd-portal': {
    id: 'mmd-portal',
    label: 'Managed Desktop admin portal',
    columns: [
      { role: 'manufacturer', name: 'Manufacturer', required: true },
      { role: 'model', name: 'Model', required: true },
      { role: 'serial', name: 'Serial Number', required: true },
      { role: 'hash', name: 'Hardware Hash', required: false },
    ],
    maxRows: 500,
  },
};

export const FORMAT_IDS = Object.keys(FORMATS) as FormatId[];

export function canonicalHeader(format: FormatId, roles?: readonly ColumnRole[]): string {
  return FORMATS[format].columns
    .filter((column) => column.required || !roles || roles.includes(column.role))
    .map((column) => column.name)
    .join(',');
}

/** Every column name any format knows, with the formats that use it. */
interface KnownName {
  name: string;
  role: ColumnRole;
  formats: FormatId[];
}

const KNOWN_NAMES: KnownName[] = (() => {
  const byName = new Map<string, KnownName>();
  for (const format of FORMAT_IDS) {
    for (const column of FORMATS[format].columns) {
      const known = byName.get(column.name) ?? { name: column.name, role: column.role, formats: [] };
      known.formats.push(format);
      byName.set(column.name, known);
    }
  }
  return [...byName.values()];
})();

/** The legacy WindowsAutoPilotIntune column that became Group Tag. */
export const LEGACY_ORDER_ID = 'OrderID';

export type HeaderMatchKind = 'exact' | 'case' | 'misspelled' | 'legacy-order-id' | 'unknown';

export interface HeaderMatch {
  kind: HeaderMatchKind;
  /** The known column the cell was matched to (absent for unknown cells). */
  known?: KnownName;
}

/** Matches one header cell value against the known names: exact, then case/spacing, then a near spelling. */
export function matchHeaderName(value: string): HeaderMatch {
  const exact = KNOWN_NAMES.find((known) => known.name === value);
  if (exact) return { kind: 'exact', known: exact };
  const folded = foldCaseAndSpacing(value);
  if (folded === LEGACY_ORDER_ID.toLowerCase()) return { kind: 'legacy-order-id' };
  const byCase = KNOWN_NAMES.find((known) => foldCaseAndSpacing(known.name) === folded);
  if (byCase) return { kind: 'case', known: byCase };
  const compact = foldName(value);
  if (compact.length < 4) return { kind: 'unknown' };
  let best: { known: KnownName; distance: number } | undefined;
  for (const known of KNOWN_NAMES) {
    const target = foldName(known.name);
    const limit = target.length >= 10 ? 2 : 1;
    const distance = target === compact ? 0 : pluralDistance(compact, target, limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { known, distance };
  }
  return best ? { kind: 'misspelled', known: best.known } : { kind: 'unknown' };
}

function pluralDistance(value: string, target: string, limit: number): number {
  const distance = editDistance(value, target, limit);
  // `Hardware Hashes` is one edit too far by letters but plainly the same column.
  if (distance > limit && value.endsWith('es') && editDistance(value.slice(0, -2), target, limit) <= limit) return limit;
  return distance;
}

/**
 * Picks the format a header belongs to: the format whose own columns the header names most, counting the
 * distinguishing columns (Manufacturer name, Model, Group Tag...) first. Undefined when nothing is known.
 */
export function detectFormat(matches: readonly HeaderMatch[]): FormatId | undefined {
  const scores = new Map<FormatId, number>();
  let anyKnown = false;
  for (const match of matches) {
    if (match.kind === 'legacy-order-id') {
      scores.set('intune', (scores.get('intune') ?? 0) + 1);
      anyKnown = true;
      continue;
    }
    if (!match.known) continue;
    anyKnown = true;
    const weight = match.known.formats.length === 1 ? 10 : 1;
    for (const format of match.known.formats) scores.set(format, (scores.get(format) ?? 0) + weight);
  }
  if (!anyKnown) return undefined;
  let best: FormatId = 'intune';
  for (const format of FORMAT_IDS) {
    if ((scores.get(format) ?? 0) > (scores.get(best) ?? 0)) best = format;
  }
  return best;
}
