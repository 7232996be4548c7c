// Group tag cells (Intune format). Group tags belong to the customer (groupTagPolicy.ts): a tag is reported when it
// can never work, when it is close to a known tag without being it (the device lands in no group that selects the
// known tag), and, with an allow-list, when it is not listed. Whether a tag is a misspelling depends on the file's
// other rows, so only the invalid tag is a per-row finding; the rest are judged across rows.
import * as l10n from '@vscode/l10n';
import type { Cell } from '../csv';
import {
  fileTagJudgement,
  invalidReason,
  isPowerUserSharedTag,
  reasonPhrase,
  settingHint,
  type JudgedTag,
  type KnownTags,
} from '../groupTagPolicy';
import { shorten } from '../text';
import type { Fix } from '../types';
import type { DataRow, DeviceList, Emit, RuleContext } from './context';

const GROUP_TAGS_SETTING = 'autopilot.groupTags';
/** Tags offered as replacements for a tag an allow-list does not hold. */
const MAX_REPLACEMENTS = 8;

export function checkGroupTag(device: DataRow, emit: Emit): void {
  const tag = device.values.groupTag ?? '';
  const cell = device.cells.groupTag;
  if (tag === '' || !cell) return;
  const invalid = invalidReason(tag);
  if (invalid) emit({ code: 'group-tag-invalid', start: cell.start, end: cell.end, message: invalidMessage(tag, invalid) });
}

function invalidMessage(tag: string, reason: string): string {
  return isPowerUserSharedTag(tag)
    ? l10n.t(
        'Group tag "{0}" cannot work: {1}. Use "Microsoft365Managed_PowerUser", or a -Shared tag of another profile.',
        shorten(tag, 60),
        reason,
      )
    : l10n.t('Group tag "{0}" cannot work: {1}.', shorten(tag, 60), reason);
}

/** What the rows of one reported tag get: the same message, and the fixes for a row's cell. */
interface TagFindings {
  message: string;
  fixes(cell: Cell): Fix[];
}

export function checkGroupTagsAcrossRows(ctx: RuleContext, devices: DeviceList, emit: Emit): void {
  const column = ctx.sheet.columns.groupTag;
  const header = ctx.sheet.header;
  if (column === undefined || !header) return;
  const { judgement, known } = fileTagJudgement(devices, ctx.settings);

  const byTag = new Map<string, TagFindings | undefined>();
  let unlisted: string[] | undefined;
  const findingsFor = (judged: JudgedTag) => {
    // The file's tags that are not listed, once per file (not per tag: a file may have thousands).
    unlisted ??= judgement.tags
      .filter((other) => other.verdict.kind !== 'invalid' && !known.listed.has(other.tag))
      .map((other) => other.tag);
    if (!byTag.has(judged.tag)) byTag.set(judged.tag, tagFindings(judged, unlisted, known));
    return byTag.get(judged.tag);
  };
  for (let index = 0; index < devices.length; index++) {
    const tag = devices.value(index, 'groupTag') ?? '';
    const judged = tag === '' ? undefined : judgement.get(tag);
    if (!judged || (judged.verdict.kind !== 'misspelled' && judged.verdict.kind !== 'unknown')) continue;
    const cell = devices.summary(index).cells.groupTag;
    const findings = findingsFor(judged);
    if (!cell || !findings) continue;
    emit({
      code: judged.verdict.kind === 'misspelled' ? 'group-tag-misspelled' : 'group-tag-unknown',
      start: cell.start,
      end: cell.end,
      message: findings.message,
      fixes: findings.fixes(cell),
    });
  }

  // Rows count under the tag they mean: a misspelling is reported on its row and becomes the tag it stands for once
  // fixed, so it neither makes the file "mixed" nor outvotes the spelling it stands for.
  const rowsByTag = new Map<string, number>();
  for (const { tag, rows } of judgement.tags) {
    const meant = judgement.meant(tag);
    rowsByTag.set(meant, (rowsByTag.get(meant) ?? 0) + rows);
  }
  if (rowsByTag.size > 1) emit(mixedFinding(rowsByTag, header));
  checkMissingTags(ctx, devices, rowsByTag, known, emit);
}

/** The message and fixes of a reported tag's rows; `unlisted` are the file's tags that are not listed (shared). */
function tagFindings(judged: JudgedTag, unlisted: string[], known: KnownTags): TagFindings | undefined {
  const { tag, verdict } = judged;
  const shown = shorten(tag, 60);
  const addAll = (alreadyOffered: readonly string[]): Fix[] =>
    unlisted.length > alreadyOffered.length
      ? [addTagsFix(l10n.t('Add all {0} tags of this file to {1}', unlisted.length, GROUP_TAGS_SETTING), unlisted)]
      : [];
  const howToAdd = l10n.t('add it to {0}', settingHint(GROUP_TAGS_SETTING));
  if (verdict.kind === 'misspelled') {
    const { meant, fromFile, sameLetters } = verdict;
    const why = verdict.reasons[0];
    const accepting = fromFile && !known.listed.has(meant) ? [tag, meant] : [tag];
    const setting = settingHint(GROUP_TAGS_SETTING);
    const because = why ? reasonPhrase(why) : fromFile ? l10n.t('carried by more rows of this file') : l10n.t('known');
    const message = fromFile
      ? sameLetters
        ? l10n.t(
            'Group tag "{0}" differs only in case or separators from "{1}" ({2}): tags must match exactly, or the device is not in the groups that select the tag. If both are tags of their own, add them to {3}.',
            shown,
            meant,
            because,
            setting,
          )
        : l10n.t(
            'Group tag "{0}" looks like a misspelling of "{1}" ({2}): tags must match exactly, or the device is not in the groups that select the tag. If both are tags of their own, add them to {3}.',
            shown,
            meant,
            because,
            setting,
          )
      : sameLetters
        ? l10n.t(
            'Group tag "{0}" differs only in case or separators from the known tag "{1}" ({2}): tags must match exactly, or the device is not in the groups that select the tag. If "{0}" is right, add it to {3}.',
            shown,
            meant,
            because,
            setting,
          )
        : l10n.t(
            'Group tag "{0}" looks like a misspelling of the known tag "{1}" ({2}): tags must match exactly, or the device is not in the groups that select the tag. If "{0}" is right, add it to {3}.',
            shown,
            meant,
            because,
            setting,
          );
    const keepTitle =
      accepting.length === 2
        ? l10n.t('Keep "{0}" as a tag of its own: add it and "{1}" to {2}', shown, meant, GROUP_TAGS_SETTING)
        : l10n.t('Add "{0}" to {1}', shown, GROUP_TAGS_SETTING);
    const settings = [addTagsFix(keepTitle, accepting), ...addAll(accepting)];
    // A misspelling of a known tag is fixed without asking; one of the file's own majority only when the letters are
    // the same (either tag may be the right one otherwise).
    const safe = !fromFile || sameLetters;
    return { message, fixes: (cell) => [replaceTagFix(cell, meant, true, safe), ...settings] };
  }
  if (verdict.kind === 'unknown') {
    const settings = [addTagsFix(l10n.t('Add "{0}" to {1}', shown, GROUP_TAGS_SETTING), [tag]), ...addAll([tag])];
    const listed = [...known.listed].filter((other) => invalidReason(other) === undefined).slice(0, MAX_REPLACEMENTS);
    return {
      message: l10n.t(
        'Group tag "{0}" is not in the allow-list {1} (autopilot.onlyListedGroupTags is on). If the tag is right, {2}.',
        shown,
        GROUP_TAGS_SETTING,
        howToAdd,
      ),
      // An unrelated tag has no obvious replacement: nothing is preferred, and the settings fixes come first (a menu
      // focuses its first entry), so no single key press rewrites a tag that may be right.
      fixes: (cell) => [...settings, ...listed.map((other) => replaceTagFix(cell, other, false, false))],
    };
  }
  return undefined;
}

/** Same title for every row fixed to the same tag, so "fix all occurrences" can group them. */
function replaceTagFix(cell: Cell, tag: string, preferred: boolean, safe: boolean): Fix {
  return {
    title: l10n.t('Change the group tag to "{0}"', tag),
    edits: [{ start: cell.start, end: cell.end, newText: tag }],
    preferred,
    safe,
  };
}

function addTagsFix(title: string, tags: string[]): Fix {
  return { title, edits: [], command: 'add-group-tags', groupTags: tags };
}

function mixedFinding(rowsByTag: ReadonlyMap<string, number>, header: { start: number; end: number }) {
  const tags = [...rowsByTag].sort((a, b) => b[1] - a[1]);
  const listed = tags
    .slice(0, 5)
    .map(([tag, count]) => (count === 1 ? l10n.t('"{0}" (1 row)', shorten(tag, 60)) : l10n.t('"{0}" ({1} rows)', shorten(tag, 60), count)));
  if (tags.length > 5) listed.push(l10n.t('{0} more', tags.length - 5));
  return {
    code: 'group-tag-mixed' as const,
    start: header.start,
    end: header.end,
    message: l10n.t(
      'The rows carry {0} different group tags: {1}. An Intune import takes a tag per row, but Partner Center takes one batch name (the group tag) per upload, so uploading this file makes one batch per tag.',
      rowsByTag.size,
      listed.join(', '),
    ),
  };
}

function checkMissingTags(
  ctx: RuleContext,
  devices: DeviceList,
  rowsByTag: ReadonlyMap<string, number>,
  known: KnownTags,
  emit: Emit,
): void {
  if (rowsByTag.size === 0 && !ctx.settings.requireGroupTag) return;
  const column = ctx.sheet.columns.groupTag ?? 0;
  const majority = majorityTag(rowsByTag);
  // The file's own majority, else (a file without tags, and requireGroupTag) the listed tags to choose from: never
  // a Managed Desktop tag nobody asked for.
  const fills =
    majority !== undefined
      ? invalidReason(majority) === undefined
        ? [majority]
        : []
      : [...known.listed].filter((tag) => invalidReason(tag) === undefined).slice(0, MAX_REPLACEMENTS);
  const preferred = majority !== undefined;
  const safe = majority !== undefined && known.isKnown(majority);
  const tagged = [...rowsByTag.values()].reduce((sum, count) => sum + count, 0);
  // The other rows' tags have a majority whenever any row has a tag.
  const message =
    majority === undefined
      ? l10n.t(
          'This row has no group tag while the setting {0} asks for one: without its tag the device is in no group that selects devices by tag.',
          settingHint('autopilot.requireGroupTag'),
        )
      : tagged === 1
        ? l10n.t(
            'This row has no group tag while 1 other row has one (most often "{0}"): without its tag the device is in no group that selects devices by tag.',
            shorten(majority, 60),
          )
        : l10n.t(
            'This row has no group tag while {0} other rows have one (most often "{1}"): without its tag the device is in no group that selects devices by tag.',
            tagged,
            shorten(majority, 60),
          );
  for (let index = 0; index < devices.length; index++) {
    if ((devices.value(index, 'groupTag') ?? '') !== '') continue;
    const { cells, row } = devices.summary(index);
    const cell = cells.groupTag;
    const start = cell?.start ?? row.end;
    const end = cell?.end ?? row.end;
    // A row that stops right before the tag column can take it by appending one field; any shorter row is
    // field-count's concern first.
    const edit = (tag: string) =>
      cell !== undefined
        ? { start: cell.start, end: cell.end, newText: tag }
        : row.cells.length === column
          ? { start: row.end, end: row.end, newText: `${ctx.sheet.delimiter}${tag}` }
          : undefined;
    const fixes: Fix[] = [];
    for (const tag of fills) {
      const filled = edit(tag);
      if (filled) fixes.push({ title: l10n.t('Fill in the group tag "{0}"', tag), edits: [filled], preferred, safe });
    }
    emit({
      code: 'group-tag-missing',
      start,
      end,
      message,
      fixes,
    });
  }
}

/** The tag most rows carry; the first one written wins a tie. */
function majorityTag(rowsByTag: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [tag, count] of rowsByTag) {
    if (count > bestCount) {
      best = tag;
      bestCount = count;
    }
  }
  return best;
}
