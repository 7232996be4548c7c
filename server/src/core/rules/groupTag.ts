// Group tag cells (Intune format). A tag must match an accepted tag exactly, case included,
// or the device silently gets no profile; across rows, a missing tag and several tags in one file matter too.
import type { Cell } from '../csv';
import { editDistance, shorten } from '../text';
import type { Fix } from '../types';
import type { DataRow, DeviceList, Emit, RuleContext } from './context';

/** The only tag limit anyone states (community tooling); the service documents none. */
const MAX_GROUP_TAG_LENGTH = 512;
/** Managed Desktop has no shared-device mode for power users. */
const POWER_USER_SHARED = 'Microsoft365Managed_PowerUser-Shared';
const UNWRITABLE_IN_TAG = /[\x00-\x1f\x7f,"]/;

export function checkGroupTag(ctx: RuleContext, device: DataRow, emit: Emit): void {
  checkTag(ctx, device, emit);
}

/** Case, and `_`/`-`/space, are the differences people do not see: `microsoft365managed autopilot`. */
function foldTag(tag: string): string {
  return tag.toLowerCase().replace(/[-_ ]/g, '_');
}

/** Why the tag can never work, or undefined. */
function invalidReason(tag: string): string | undefined {
  if (tag.length > MAX_GROUP_TAG_LENGTH) return `it has ${tag.length} characters; group tags are limited to ${MAX_GROUP_TAG_LENGTH}`;
  const unwritable = UNWRITABLE_IN_TAG.exec(tag);
  if (unwritable) {
    const what = unwritable[0] === ',' ? 'a comma' : unwritable[0] === '"' ? 'a quotation mark' : 'a control character';
    return `it contains ${what}, which an Autopilot CSV cannot hold (quoting is not allowed)`;
  }
  return undefined;
}

/** The accepted tag this one is a misspelling of; undefined when none is close, or two are equally close. */
export function closestAcceptedTag(tag: string, accepted: readonly string[]): string | undefined {
  const folded = foldTag(tag);
  const sameLetters = accepted.filter((candidate) => foldTag(candidate) === folded);
  if (sameLetters.length > 0) return sameLetters.length === 1 ? sameLetters[0] : undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tied = false;
  for (const candidate of accepted) {
    const target = foldTag(candidate);
    // Two edits in a long tag is a typo; in a short tag ("HR", "IT") any edit makes another word.
    const limit = target.length >= 12 ? 2 : target.length >= 6 ? 1 : 0;
    if (limit === 0) continue;
    const distance = editDistance(folded, target, limit);
    if (distance > limit) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  return tied ? undefined : best;
}

/** Same title for every row fixed to the same tag, so "fix all occurrences" can group them. */
function replaceTagFix(cell: Cell, tag: string, preferred: boolean, safe: boolean): Fix {
  return { title: `Change the group tag to "${tag}"`, edits: [{ start: cell.start, end: cell.end, newText: tag }], preferred, safe };
}

function checkTag(ctx: RuleContext, device: DataRow, emit: Emit): void {
  const tag = device.values.groupTag ?? '';
  const cell = device.cells.groupTag;
  if (tag === '' || !cell) return;
  const accepted = ctx.settings.groupTags;
  const span = { start: cell.start, end: cell.end };
  const shown = shorten(tag, 60);

  const invalid = invalidReason(tag);
  if (invalid) {
    emit({ code: 'group-tag-invalid', ...span, message: `Group tag "${shown}" cannot work: ${invalid}.` });
    return;
  }
  if (accepted.includes(tag)) return;
  if (foldTag(tag) === foldTag(POWER_USER_SHARED)) {
    emit({
      code: 'group-tag-invalid',
      ...span,
      message: `Group tag "${tag}" cannot work: Managed Desktop has no shared-device mode for power users. Use "Microsoft365Managed_PowerUser", or a -Shared tag of another profile.`,
    });
    return;
  }

  const closest = closestAcceptedTag(tag, accepted);
  if (closest !== undefined) {
    emit({
      code: 'group-tag-misspelled',
      ...span,
      message: `Group tag "${tag}" is not accepted; did you mean "${closest}"? Tags must match exactly, case included, or the device gets no profile.`,
      fixes: [replaceTagFix(cell, closest, true, true)],
    });
    return;
  }
  emit({
    code: 'group-tag-unknown',
    ...span,
    message: `Group tag "${shown}" is not one of the accepted tags (setting autopilot.groupTags: ${listTags(accepted)}). If the tag is right for your tenant, add it to autopilot.groupTags.`,
    fixes: accepted
      .filter((candidate) => invalidReason(candidate) === undefined)
      .map((candidate) => replaceTagFix(cell, candidate, false, false)),
  });
}

export function checkGroupTagsAcrossRows(ctx: RuleContext, devices: DeviceList, emit: Emit): void {
  const column = ctx.sheet.columns.groupTag;
  const header = ctx.sheet.header;
  if (column === undefined || !header) return;
  // Rows count under the tag they mean: a misspelling is reported on its row and becomes its accepted tag once
  // fixed, so it neither makes the file "mixed" nor outvotes the spelling it stands for.
  const accepted = ctx.settings.groupTags;
  const meantByTag = new Map<string, string>();
  const meant = (tag: string): string => {
    let resolved = meantByTag.get(tag);
    if (resolved === undefined) {
      resolved = accepted.includes(tag) || invalidReason(tag) !== undefined ? tag : (closestAcceptedTag(tag, accepted) ?? tag);
      meantByTag.set(tag, resolved);
    }
    return resolved;
  };
  const rowsByTag = new Map<string, number>();
  for (let index = 0; index < devices.length; index++) {
    const tag = devices.value(index, 'groupTag') ?? '';
    if (tag === '') continue;
    const resolved = meant(tag);
    rowsByTag.set(resolved, (rowsByTag.get(resolved) ?? 0) + 1);
  }

  if (rowsByTag.size > 1) {
    const tags = [...rowsByTag].sort((a, b) => b[1] - a[1]);
    const listed = tags.slice(0, 5).map(([tag, count]) => `"${shorten(tag, 60)}" (${count} row${count === 1 ? '' : 's'})`);
    if (tags.length > 5) listed.push(`${tags.length - 5} more`);
    emit({
      code: 'group-tag-mixed',
      start: header.start,
      end: header.end,
      message: `The rows carry ${rowsByTag.size} different group tags: ${listed.join(', ')}. An Intune import takes a tag per row, but Partner Center takes one batch name (the group tag) per upload, so uploading this file makes one batch per tag.`,
    });
  }

  if (rowsByTag.size === 0 && !ctx.settings.requireGroupTag) return;
  const majority = majorityTag(rowsByTag);
  const fillTag = majority ?? accepted[0];
  const fillable = fillTag !== undefined && invalidReason(fillTag) === undefined;
  const safe = majority !== undefined && accepted.includes(majority);
  const tagged = [...rowsByTag.values()].reduce((sum, count) => sum + count, 0);
  const reason =
    tagged > 0
      ? `${tagged} other row${tagged === 1 ? ' has' : 's have'} one${majority !== undefined ? ` (most often "${shorten(majority, 60)}")` : ''}`
      : 'the setting autopilot.requireGroupTag asks for one';
  for (let index = 0; index < devices.length; index++) {
    if ((devices.value(index, 'groupTag') ?? '') !== '') continue;
    const { cells, row } = devices.summary(index);
    const cell = cells.groupTag;
    const start = cell?.start ?? row.end;
    const end = cell?.end ?? row.end;
    // A row that stops right before the tag column can take it by appending one field; any shorter row is
    // field-count's concern first.
    const edit =
      cell !== undefined
        ? { start: cell.start, end: cell.end, newText: fillTag ?? '' }
        : row.cells.length === column
          ? { start: row.end, end: row.end, newText: `${ctx.sheet.delimiter}${fillTag ?? ''}` }
          : undefined;
    emit({
      code: 'group-tag-missing',
      start,
      end,
      message: `This row has no group tag while ${reason}: without its tag the device does not get the profile assigned by tag.`,
      fixes: fillable && edit ? [{ title: `Fill in the group tag "${fillTag}"`, edits: [edit], preferred: true, safe }] : [],
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

function listTags(tags: readonly string[]): string {
  const shown = tags.slice(0, 8).map((tag) => `"${tag}"`);
  if (tags.length > 8) shown.push(`${tags.length - 8} more`);
  return shown.join(', ');
}
