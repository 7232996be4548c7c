// Which group tags are known, and what each tag of a file is judged to be. Group tags belong to the customer: by
// default any well-formed tag is accepted, and a tag that is close to a known tag without being it is a misspelling
// (a device with it lands in no group that selects the known tag). `autopilot.onlyListedGroupTags` makes
// `autopilot.groupTags` an allow-list. The rules (rules/groupTag.ts), the hover and the completions read the same
// judgement, so what the editor says about a tag is what the check reports.
import * as l10n from '@vscode/l10n';
import { cellValue } from './csv';
import type { DeviceList } from './rules/context';
import { parseSheet } from './sheet';
import type { Settings } from './types';
import { editDistance } from './text';

/** Microsoft Managed Desktop ended service on this day; its tags are still known, so misspellings of them are found. */
export const MANAGED_DESKTOP_END = '2024-07-31';

/**
 * The Managed Desktop tags, exact spelling: the single tag of the 2019-2021 partner registration steps, then the
 * profile tags and their shared-device variants (power users have none).
 */
export const MANAGED_DESKTOP_GROUP_TAGS: readonly string[] = [
  'Microsoft365Managed_Autopilot',
  'Microsoft365Managed_Standard',
  'Microsoft365Managed_SensitiveData',
  'Microsoft365Managed_PowerUser',
  'Microsoft365Managed_Kiosk',
  'Microsoft365Managed_Standard-Shared',
  'Microsoft365Managed_SensitiveData-Shared',
  'Microsoft365Managed_Kiosk-Shared',
];

/** Managed Desktop has no shared-device mode for power users. */
export const POWER_USER_SHARED = 'Microsoft365Managed_PowerUser-Shared';

/** The only tag limit anyone states (community tooling); the service documents none. */
const MAX_GROUP_TAG_LENGTH = 512;
const UNWRITABLE_IN_TAG = /[\x00-\x1f\x7f,"]/;

/** The file's own more frequent tags a tag is compared with by edit distance: the most frequent ones. */
const MAX_FILE_TAGS_COMPARED = 64;

/** Why a tag is known. */
export type KnownReason =
  | { source: 'setting' }
  | { source: 'managed-desktop' }
  | { source: 'workspace'; detail: string }
  | { source: 'customer'; detail: string }
  /** Other rows of the same file carry it. */
  | { source: 'file'; rows: number };

export type TagVerdict =
  /** Known exactly (`reasons` say where from). */
  | { kind: 'known'; reasons: KnownReason[] }
  /** Not known elsewhere, but well-formed: accepted (not in allow-list mode). */
  | { kind: 'accepted' }
  /**
   * Close to `meant` without being it. `fromFile` when `meant` is another tag of the same file that more rows carry
   * (then either may be right: the fixes go both ways); `sameLetters` when they differ only in case or `_`/`-`/space.
   */
  | { kind: 'misspelled'; meant: string; reasons: KnownReason[]; fromFile: boolean; sameLetters: boolean }
  /** Allow-list mode: not listed, and not close to a listed tag. */
  | { kind: 'unknown' }
  /** Can never work (`invalidReason`). */
  | { kind: 'invalid' };

export interface JudgedTag {
  tag: string;
  /** Rows of the file that carry it. */
  rows: number;
  verdict: TagVerdict;
}

/** The file's tags, judged: most used first (the first written first among equals). */
export interface TagJudgement {
  readonly tags: readonly JudgedTag[];
  get(tag: string): JudgedTag | undefined;
  /** The tag a row carrying `tag` means: the known spelling of a misspelling, else the tag itself. */
  meant(tag: string): string;
}

/** Case, and `_`/`-`/space, are the differences people do not see: `microsoft365managed autopilot`. */
export function foldTag(tag: string): string {
  return tag.toLowerCase().replace(/[-_ ]/g, '_');
}

/** Why the tag can never work, or undefined. */
export function invalidReason(tag: string): string | undefined {
  if (tag.length > MAX_GROUP_TAG_LENGTH)
    return l10n.t('it has {0} characters; group tags are limited to {1}', tag.length, MAX_GROUP_TAG_LENGTH);
  const unwritable = UNWRITABLE_IN_TAG.exec(tag);
  if (unwritable) {
    if (unwritable[0] === ',') return l10n.t('it contains a comma, which an Autopilot CSV cannot hold (quoting is not allowed)');
    if (unwritable[0] === '"') return l10n.t('it contains a quotation mark, which an Autopilot CSV cannot hold (quoting is not allowed)');
    return l10n.t('it contains a control character, which an Autopilot CSV cannot hold (quoting is not allowed)');
  }
  if (isPowerUserSharedTag(tag)) return l10n.t('Managed Desktop has no shared-device mode for power users');
  return undefined;
}

/** The shared-device tag of the power-user profile, which Managed Desktop never had (in any case or separators). */
export function isPowerUserSharedTag(tag: string): boolean {
  // Folding keeps the length: a tag of another length is not it, and is not folded (this runs for every row).
  return tag.length === POWER_USER_SHARED.length && foldTag(tag) === FOLDED_POWER_USER_SHARED;
}

const FOLDED_POWER_USER_SHARED = foldTag(POWER_USER_SHARED);

/** Two edits in a long tag is a typo; in a short tag ("HR", "IT") any edit makes another word. */
function editLimit(folded: string): number {
  return folded.length >= 12 ? 2 : folded.length >= 6 ? 1 : 0;
}

/**
 * Comparisons by edit distance in one judgement, at most: a file of thousands of distinct tags (one per device)
 * against hundreds of known ones would otherwise cost seconds on every validation. Past it, only case and
 * separator differences are found. The order of comparisons is fixed, so every engine finds the same.
 */
const MAX_EDIT_COMPARISONS = 20_000;

/** The numbers in a tag, and the tag without them: `SP001_STD02` is `sp_std` with 1 and 2. */
function numbersAndRest(folded: string): { rest: string; numbers: string } {
  const numbers = (folded.match(/\d+/g) ?? []).map((digits) => String(Number(digits))).join(',');
  return { rest: folded.replace(/\d+/g, '#'), numbers };
}

/** A tag as comparisons read it. */
interface Probe {
  tag: string;
  folded: string;
  rest: string;
  numbers: string;
}

function probe(tag: string): Probe {
  const folded = foldTag(tag);
  return { tag, folded, ...numbersAndRest(folded) };
}

interface Candidate extends Probe {
  limit: number;
}

/** Tags to compare against, with what the comparison needs computed once. */
class Candidates {
  private readonly byFold = new Map<string, string[]>();
  private readonly all: Candidate[] = [];

  constructor(private readonly budget: { comparisons: number }) {}

  add(tag: Probe): void {
    const same = this.byFold.get(tag.folded);
    if (same) {
      if (!same.includes(tag.tag)) same.push(tag.tag);
    } else {
      this.byFold.set(tag.folded, [tag.tag]);
    }
    this.all.push({ ...tag, limit: editLimit(tag.folded) });
  }

  /** The tags with the same letters (other case, `_`/`-`/space), other than the tag itself. */
  sameLetters(tag: Probe): string[] {
    return (this.byFold.get(tag.folded) ?? []).filter((candidate) => candidate !== tag.tag);
  }

  /**
   * The one candidate `tag` is a misspelling of: the only one with the same letters, else the only one nearest
   * within its edit limit (among the first `max` candidates); undefined when none is, or two are equally near. Tags
   * that differ in a number only (`SP001_STD01`, `SP001_STD02`; not `SP001_STD1`) are two tags, not a misspelling.
   */
  closest(tag: Probe, max = Number.POSITIVE_INFINITY): { tag: string; sameLetters: boolean } | undefined {
    const same = this.sameLetters(tag);
    if (same.length > 0) return same.length === 1 ? { tag: same[0] as string, sameLetters: true } : undefined;
    const { folded, rest, numbers } = tag;
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    let tied = false;
    const count = Math.min(max, this.all.length);
    for (let index = 0; index < count && this.budget.comparisons > 0; index++) {
      const candidate = this.all[index] as Candidate;
      if (candidate.limit === 0 || Math.abs(candidate.folded.length - folded.length) > candidate.limit) continue;
      if (candidate.rest === rest && candidate.numbers !== numbers) continue;
      this.budget.comparisons--;
      const distance = editDistance(folded, candidate.folded, candidate.limit);
      if (distance > candidate.limit || distance === 0) continue;
      if (distance < bestDistance) {
        best = candidate.tag;
        bestDistance = distance;
        tied = false;
      } else if (distance === bestDistance && candidate.tag !== best) {
        tied = true;
      }
    }
    return best !== undefined && !tied ? { tag: best, sameLetters: false } : undefined;
  }
}

/** The tags known before the file is read, and why: settings, Managed Desktop, and what the editor told. */
export class KnownTags {
  private readonly reasons = new Map<string, KnownReason[]>();
  /** What misspellings are looked for against: everything known, or only the listed tags in allow-list mode. */
  private readonly targetTags: string[] = [];
  readonly allowList: boolean;
  readonly listed: ReadonlySet<string>;

  constructor(settings: Pick<Settings, 'groupTags' | 'onlyListedGroupTags' | 'knownGroupTags'>) {
    this.allowList = settings.onlyListedGroupTags;
    this.listed = new Set(settings.groupTags);
    for (const tag of settings.groupTags) this.addReason(tag, { source: 'setting' });
    for (const tag of MANAGED_DESKTOP_GROUP_TAGS) this.addReason(tag, { source: 'managed-desktop' });
    const customer = settings.knownGroupTags.filter((known) => known.source === 'customer');
    for (const known of customer) this.addReason(known.tag, { source: 'customer', detail: known.detail });
    // Another file's misspelling of a listed, Managed Desktop or customer tag is no reason to accept it here.
    const trusted = new Candidates({ comparisons: MAX_EDIT_COMPARISONS });
    for (const tag of this.reasons.keys()) trusted.add(probe(tag));
    for (const known of settings.knownGroupTags) {
      if (known.source !== 'workspace' || invalidReason(known.tag) !== undefined) continue;
      if (!this.reasons.has(known.tag) && trusted.closest(probe(known.tag))) continue;
      this.addReason(known.tag, { source: 'workspace', detail: known.detail });
    }
    for (const tag of this.allowList ? this.listed : this.reasons.keys()) {
      if (invalidReason(tag) === undefined) this.targetTags.push(tag);
    }
  }

  /** The known tags misspellings are looked for against, comparing within `budget`. */
  targets(budget: { comparisons: number }): Candidates {
    const candidates = new Candidates(budget);
    for (const tag of this.targetTags) candidates.add(probe(tag));
    return candidates;
  }

  /** Why the tag is known; empty when it is not. */
  reasonsFor(tag: string): KnownReason[] {
    return this.reasons.get(tag) ?? [];
  }

  /** Every known tag with why, in the order the tags were told: settings, Managed Desktop, customer, workspace. */
  all(): [string, KnownReason[]][] {
    return [...this.reasons];
  }

  /** Known exactly, in the current mode: listed in allow-list mode, known from anywhere otherwise. */
  isKnown(tag: string): boolean {
    return this.allowList ? this.listed.has(tag) : this.reasons.has(tag);
  }

  private addReason(tag: string, reason: KnownReason): void {
    const reasons = this.reasons.get(tag);
    if (!reasons) this.reasons.set(tag, [reason]);
    else if (!reasons.some((known) => sameReason(known, reason))) reasons.push(reason);
  }
}

function sameReason(a: KnownReason, b: KnownReason): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Judges the tags of a file, given how many rows carry each (in the order they are first written). A tag is known,
 * accepted, a misspelling of a known tag, a misspelling of a tag more rows of the file carry (of two close tags the
 * rarer is the misspelling; of two as frequent with the same letters, the later written), unknown (allow-list mode)
 * or invalid.
 */
export function judgeGroupTags(rowsByTag: ReadonlyMap<string, number>, known: KnownTags): TagJudgement {
  const order = [...rowsByTag.keys()];
  const position = new Map(order.map((tag, index) => [tag, index]));
  const sorted = order.sort((a, b) => (rowsByTag.get(b) ?? 0) - (rowsByTag.get(a) ?? 0) || (position.get(a) ?? 0) - (position.get(b) ?? 0));
  const judged = new Map<string, JudgedTag>();
  const budget = { comparisons: MAX_EDIT_COMPARISONS };
  const targets = known.targets(budget);
  // Tags of the file that stand on their own (accepted), most used first: what rarer tags may misspell.
  const heads = new Candidates(budget);
  const headRows = new Map<string, number>();
  // Heads that carry more rows than the tag being judged: tags come most rows first, so these are the heads there
  // were when the row count last dropped.
  let headsAbove = 0;
  let previousRows = Number.POSITIVE_INFINITY;
  for (const tag of sorted) {
    const rows = rowsByTag.get(tag) ?? 0;
    if (rows < previousRows) {
      headsAbove = headRows.size;
      previousRows = rows;
    }
    judged.set(tag, { tag, rows, verdict: judge(tag, rows) });
  }

  function judge(tag: string, rows: number): TagVerdict {
    if (invalidReason(tag) !== undefined) return { kind: 'invalid' };
    if (known.isKnown(tag)) return { kind: 'known', reasons: known.reasonsFor(tag) };
    const probed = probe(tag);
    const close = targets.closest(probed);
    if (close)
      return {
        kind: 'misspelled',
        meant: close.tag,
        reasons: known.reasonsFor(close.tag),
        fromFile: false,
        sameLetters: close.sameLetters,
      };
    if (known.allowList) return { kind: 'unknown' };
    // Equally frequent tags with the same letters: the one written first is taken as meant. By edit distance, only a
    // tag more rows carry: two tags of one row each, `SP001_STD01` and `SP001_STD1`, may be two tags.
    const sameLetters = heads.sameLetters(probed);
    const fromFile = sameLetters.length > 0 ? heads.closest(probed) : heads.closest(probed, Math.min(MAX_FILE_TAGS_COMPARED, headsAbove));
    if (fromFile) {
      const reasons: KnownReason[] = [{ source: 'file', rows: headRows.get(fromFile.tag) ?? 0 }];
      return { kind: 'misspelled', meant: fromFile.tag, reasons, fromFile: true, sameLetters: fromFile.sameLetters };
    }
    heads.add(probed);
    headRows.set(tag, rows);
    return { kind: 'accepted' };
  }

  const tags = [...judged.values()];
  return {
    tags,
    get: (tag) => judged.get(tag),
    meant(tag) {
      const verdict = judged.get(tag)?.verdict;
      return verdict?.kind === 'misspelled' ? verdict.meant : tag;
    },
  };
}

/** The tags of a file's devices, judged against the settings and the tags the editor knows. */
export function fileTagJudgement(devices: DeviceList, settings: Settings): { judgement: TagJudgement; known: KnownTags } {
  const rowsByTag = new Map<string, number>();
  for (let index = 0; index < devices.length; index++) {
    const tag = devices.value(index, 'groupTag') ?? '';
    if (tag !== '') rowsByTag.set(tag, (rowsByTag.get(tag) ?? 0) + 1);
  }
  const known = new KnownTags(settings);
  return { judgement: judgeGroupTags(rowsByTag, known), known };
}

/**
 * How many rows carry each group tag of an Autopilot CSV text (the text of another file of the workspace), in the
 * order the tags are first written; empty for a text without a Group Tag column.
 */
export function groupTagsOfText(text: string): Map<string, number> {
  const sheet = parseSheet(text, 'utf8');
  const column = sheet.columns.groupTag;
  const rowsByTag = new Map<string, number>();
  // A Group Tag column alone ("Name,Group Tag") makes no Autopilot file: it has devices, by serial or hash.
  if (column === undefined || (sheet.columns.serial === undefined && sheet.columns.hash === undefined)) return rowsByTag;
  for (const row of sheet.dataRows) {
    const cell = row.cells[column];
    const tag = cell ? cellValue(text, cell).trim() : '';
    if (tag !== '') rowsByTag.set(tag, (rowsByTag.get(tag) ?? 0) + 1);
  }
  return rowsByTag;
}

/**
 * The tags a file stands by, for other files to be checked against: every well-formed tag, except misspellings (of
 * a Managed Desktop tag, or of a tag more of its own rows carry). `rowsByTag` in the order the tags are first written.
 */
export function standingTags(rowsByTag: ReadonlyMap<string, number>): string[] {
  const judgement = judgeGroupTags(rowsByTag, new KnownTags({ groupTags: [], onlyListedGroupTags: false, knownGroupTags: [] }));
  return judgement.tags
    .filter((judged) => judged.verdict.kind === 'known' || judged.verdict.kind === 'accepted')
    .map((judged) => judged.tag);
}

/** Where a known tag is known from, in a few words; `quote` marks up names (a setting, a file). */
export function reasonPhrase(reason: KnownReason, quote: (name: string) => string = (name) => name): string {
  switch (reason.source) {
    case 'setting':
      return l10n.t('listed in {0}', quote('autopilot.groupTags'));
    case 'managed-desktop':
      return l10n.t('a Managed Desktop tag');
    case 'workspace':
      return l10n.t('used in {0}', quote(reason.detail));
    case 'customer':
      return l10n.t('a device batch of {0}', reason.detail);
    case 'file':
      return reason.rows === 1
        ? l10n.t('carried by 1 other row of this file')
        : l10n.t('carried by {0} other rows of this file', reason.rows);
  }
}

/** Where a setting is set, for messages: VS Code's settings, and what the command line reads. */
export function settingHint(name: string): string {
  return l10n.t('{0} (VS Code settings; the command line reads .vscode/settings.json or --config FILE)', name);
}
