// Markdown that explains a group tag, for the hover on a Group Tag cell and the tag completions: what the tag selects
// (`[OrderID]:<tag>`), whether and why it is known (settings, this file, the workspace, a customer's batches), and
// for the Managed Desktop tags that the service has ended. Facts: shared/reference section 4.
import { code, plain } from './describe';
import {
  invalidReason,
  judgeGroupTags,
  MANAGED_DESKTOP_END,
  reasonPhrase,
  type JudgedTag,
  type KnownReason,
  type KnownTags,
  type TagJudgement,
} from './groupTagPolicy';

/** Listed tags shown in a hover: a long list is cut. */
const MAX_LISTED_SHOWN = 10;

/** The Managed Desktop profile a tag selects, for the tags Managed Desktop documented. */
export function groupTagProfile(tag: string): string | undefined {
  const match = /^Microsoft365Managed_(Autopilot|Standard|SensitiveData|PowerUser|Kiosk)(-Shared)?$/.exec(tag);
  if (!match) return undefined;
  const [, base, shared] = match;
  if (base === 'Autopilot') {
    return shared ? undefined : 'Managed Desktop: the single tag of the earlier registration steps (the service chose the profile)';
  }
  if (base === 'PowerUser' && shared) return undefined;
  const names: Record<string, string> = {
    Standard: 'Standard',
    SensitiveData: 'Sensitive data',
    PowerUser: 'Power user',
    Kiosk: 'Kiosk',
  };
  return `Managed Desktop profile ${names[base ?? ''] ?? base}${shared ? ', shared-device mode' : ''}`;
}

/** How a tag outside the file would be judged if a row carried it (completion items). */
export function judgeAlone(tag: string, known: KnownTags): JudgedTag {
  return judgeGroupTags(new Map([[tag, 1]]), known).get(tag) ?? { tag, rows: 1, verdict: { kind: 'invalid' } };
}

/**
 * What a group tag selects and whether it is known. `judgement` is the file's (a tag it does not hold is judged on
 * its own). A misspelling's dynamic-group example uses the tag it stands for: that is the rule the group has.
 * `reported`: the tag's problem (misspelled, not allowed, invalid) is a diagnostic on the cell, which the editor shows
 * beside the hover, so the description does not say it again.
 */
export function describeGroupTag(tag: string, judgement: TagJudgement | undefined, known: KnownTags, reported = false): string {
  if (tag === '') {
    return ['**Group tag**: empty', '', 'Without a tag the device is in no group that selects devices by tag.'].join('\n');
  }
  const judged = judgement?.get(tag) ?? judgeAlone(tag, known);
  const verdict = judged.verdict;
  const lines = [`**Group tag** ${code(tag)}`];
  const said = reported && (verdict.kind === 'misspelled' || verdict.kind === 'unknown' || verdict.kind === 'invalid');
  if (!said) lines.push('', status(judged, known));
  const selected = verdict.kind === 'misspelled' ? verdict.meant : tag;
  const profile = groupTagProfile(selected);
  if (profile) {
    lines.push(
      '',
      `${profile}. Microsoft Managed Desktop ended service on ${MANAGED_DESKTOP_END}: its tags only still matter to dynamic groups a tenant built on them. Partners now register devices with the customer's own tags.`,
    );
  }
  if (verdict.kind !== 'invalid') {
    const rule = `(device.devicePhysicalIds -any (_ -eq "[OrderID]:${selected}"))`;
    const selects =
      verdict.kind === 'misspelled'
        ? `Corrected to ${code(selected)}, the devices are selected by a dynamic device group with ${code(rule)}.`
        : `A dynamic device group selects these devices with ${code(rule)}.`;
    lines.push(
      '',
      `The tag becomes the device's Autopilot group tag, the Entra device attribute \`OrderID\`. ${selects} In Partner Center the tag is the name of the device list (batch): one tag per upload.`,
    );
  }
  const listed = [...known.listed];
  if (listed.length > 0 || known.allowList) {
    const shown = listed.slice(0, MAX_LISTED_SHOWN).map(code);
    if (listed.length > MAX_LISTED_SHOWN) shown.push(`${listed.length - MAX_LISTED_SHOWN} more`);
    lines.push('', `${known.allowList ? 'Allowed' : 'Listed'} tags (\`autopilot.groupTags\`): ${shown.join(', ') || '_none_'}`);
  }
  return lines.join('\n');
}

function status(judged: JudgedTag, known: KnownTags): string {
  const { verdict, rows } = judged;
  const inFile = rows > 1 ? ` ${rows} rows of this file carry it.` : '';
  switch (verdict.kind) {
    case 'known':
      return `**Known**: ${reasons(verdict.reasons)}.${inFile}`;
    case 'accepted':
      return `**Accepted**: any well-formed tag is (\`autopilot.onlyListedGroupTags\` is off), but no setting, other file or customer batch knows this one: check it against the customer's dynamic groups.${inFile}`;
    case 'misspelled': {
      const like = verdict.sameLetters ? 'differs only in case or separators from' : 'looks like a misspelling of';
      return `**Misspelled?** It ${like} ${code(verdict.meant)} (${reasons(verdict.reasons)}). Tags must match exactly, or the device is in none of the groups that select ${code(verdict.meant)}.`;
    }
    case 'unknown':
      return `**Not allowed**: not in the allow-list \`autopilot.groupTags\` (\`autopilot.onlyListedGroupTags\` is on).${known.reasonsFor(judged.tag).length > 0 ? ` Known elsewhere: ${reasons(known.reasonsFor(judged.tag))}.` : ''}`;
    case 'invalid':
      return `**Cannot work**: ${plain(invalidReason(judged.tag) ?? 'not a valid tag')}.`;
  }
}

function reasons(list: readonly KnownReason[]): string {
  return list.map((reason) => reasonPhrase(reason, code)).join('; ');
}
