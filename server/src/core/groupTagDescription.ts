// Markdown that explains a group tag, for the hover on a Group Tag cell and the tag completions: what the tag selects
// (`[OrderID]:<tag>`), whether and why it is known (settings, this file, the workspace, a customer's batches), and
// for the Managed Desktop tags that the service has ended. Facts: shared/reference section 4.
import * as l10n from '@vscode/l10n';
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
    return shared ? undefined : l10n.t('Managed Desktop: the single tag of the earlier registration steps (the service chose the profile)');
  }
  if (base === 'PowerUser' && shared) return undefined;
  const name = profileName(base ?? '');
  return shared ? l10n.t('Managed Desktop profile {0}, shared-device mode', name) : l10n.t('Managed Desktop profile {0}', name);
}

function profileName(base: string): string {
  switch (base) {
    case 'SensitiveData':
      return l10n.t('Sensitive data');
    case 'PowerUser':
      return l10n.t('Power user');
    default:
      return base;
  }
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
    return [l10n.t('**Group tag**: empty'), '', l10n.t('Without a tag the device is in no group that selects devices by tag.')].join('\n');
  }
  const judged = judgement?.get(tag) ?? judgeAlone(tag, known);
  const verdict = judged.verdict;
  const lines = [l10n.t('**Group tag** {0}', code(tag))];
  const said = reported && (verdict.kind === 'misspelled' || verdict.kind === 'unknown' || verdict.kind === 'invalid');
  if (!said) lines.push('', status(judged, known));
  const selected = verdict.kind === 'misspelled' ? verdict.meant : tag;
  const profile = groupTagProfile(selected);
  if (profile) {
    lines.push(
      '',
      l10n.t(
        "{0}. Microsoft Managed Desktop ended service on {1}: its tags only still matter to dynamic groups a tenant built on them. Partners now register devices with the customer's own tags.",
        profile,
        MANAGED_DESKTOP_END,
      ),
    );
  }
  if (verdict.kind !== 'invalid') {
    const rule = `(device.devicePhysicalIds -any (_ -eq "[OrderID]:${selected}"))`;
    lines.push(
      '',
      verdict.kind === 'misspelled'
        ? l10n.t(
            "The tag becomes the device's Autopilot group tag, the Entra device attribute `OrderID`. Corrected to {0}, the devices are selected by a dynamic device group with {1}. In Partner Center the tag is the name of the device list (batch): one tag per upload.",
            code(selected),
            code(rule),
          )
        : l10n.t(
            "The tag becomes the device's Autopilot group tag, the Entra device attribute `OrderID`. A dynamic device group selects these devices with {0}. In Partner Center the tag is the name of the device list (batch): one tag per upload.",
            code(rule),
          ),
    );
  }
  const listed = [...known.listed];
  if (listed.length > 0 || known.allowList) {
    const shown = listed.slice(0, MAX_LISTED_SHOWN).map(code);
    if (listed.length > MAX_LISTED_SHOWN) shown.push(l10n.t('{0} more', listed.length - MAX_LISTED_SHOWN));
    const tags = shown.join(', ') || l10n.t('_none_');
    lines.push(
      '',
      known.allowList
        ? l10n.t('Allowed tags (`autopilot.groupTags`): {0}', tags)
        : l10n.t('Listed tags (`autopilot.groupTags`): {0}', tags),
    );
  }
  return lines.join('\n');
}

function status(judged: JudgedTag, known: KnownTags): string {
  const { verdict, rows } = judged;
  const inFile = rows > 1 ? ` ${l10n.t('{0} rows of this file carry it.', rows)}` : '';
  switch (verdict.kind) {
    case 'known':
      return l10n.t('**Known**: {0}.', reasons(verdict.reasons)) + inFile;
    case 'accepted':
      return (
        l10n.t(
          "**Accepted**: any well-formed tag is (`autopilot.onlyListedGroupTags` is off), but no setting, other file or customer batch knows this one: check it against the customer's dynamic groups.",
        ) + inFile
      );
    case 'misspelled':
      return verdict.sameLetters
        ? l10n.t(
            '**Misspelled?** It differs only in case or separators from {0} ({1}). Tags must match exactly, or the device is in none of the groups that select {0}.',
            code(verdict.meant),
            reasons(verdict.reasons),
          )
        : l10n.t(
            '**Misspelled?** It looks like a misspelling of {0} ({1}). Tags must match exactly, or the device is in none of the groups that select {0}.',
            code(verdict.meant),
            reasons(verdict.reasons),
          );
    case 'unknown': {
      const elsewhere = known.reasonsFor(judged.tag);
      return elsewhere.length > 0
        ? l10n.t(
            '**Not allowed**: not in the allow-list `autopilot.groupTags` (`autopilot.onlyListedGroupTags` is on). Known elsewhere: {0}.',
            reasons(elsewhere),
          )
        : l10n.t('**Not allowed**: not in the allow-list `autopilot.groupTags` (`autopilot.onlyListedGroupTags` is on).');
    }
    case 'invalid':
      return l10n.t('**Cannot work**: {0}.', plain(invalidReason(judged.tag) ?? l10n.t('not a valid tag')));
  }
}

function reasons(list: readonly KnownReason[]): string {
  return list.map((reason) => reasonPhrase(reason, code)).join('; ');
}
