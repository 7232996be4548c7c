import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DEFAULT_GROUP_TAGS } from '../../server/src/core/codes';
import {
  applyEdits,
  applyFix,
  covered,
  findingsOf,
  INTUNE_TAG_HEADER,
  INTUNE_USER_HEADER,
  intuneFile,
  intuneRow,
  lineAt,
  single,
  testDevice,
  theFix,
  withCode,
} from './support/builders';

const TAG_CODES = [
  'group-tag-missing',
  'group-tag-misspelled',
  'group-tag-unknown',
  'group-tag-invalid',
  'group-tag-mixed',
  'assigned-user-format',
];

function tagFindings(text: string, settings?: Parameters<typeof findingsOf>[1]) {
  return findingsOf(text, settings).filter((finding) => TAG_CODES.includes(finding.code));
}

const devices = [0, 1, 2, 3].map((index) => testDevice(index));
const device = (index: number) => devices[index] ?? testDevice(index);
const tagged = (tags: readonly string[]) =>
  intuneFile(
    tags.map((tag, index) => intuneRow(device(index), [tag])),
    INTUNE_TAG_HEADER,
  );

const AUTOPILOT = 'Microsoft365Managed_Autopilot';
const STANDARD = 'Microsoft365Managed_Standard';

describe('group tag rules', () => {
  it('are quiet when every row carries the same accepted tag, and on files without a Group Tag column', () => {
    assert.deepEqual(findingsOf(tagged([STANDARD, STANDARD, STANDARD])), []);
    assert.deepEqual(tagFindings(intuneFile([intuneRow(device(0))])), []);
  });

  describe('group-tag-misspelled', () => {
    for (const misspelled of [
      'microsoft365managed_autopilot',
      'Microsoft365Managed-Autopilot',
      'Microsoft365Managed Autopilot',
      'Microsoft365Manged_Autopilot',
    ]) {
      it(`flags "${misspelled}" and replaces it with the accepted spelling (preferred, safe)`, () => {
        const text = tagged([misspelled]);
        const finding = single(tagFindings(text), 'group-tag-misspelled');
        assert.equal(covered(text, finding), misspelled);
        assert.equal(lineAt(text, finding.start), 2);
        const fix = theFix(finding);
        assert.equal(fix.preferred, true);
        assert.equal(fix.safe, true);
        assert.equal(applyFix(text, fix), tagged([AUTOPILOT]));
      });
    }

    it('gives every fix to the same spelling the same title, so all occurrences can be fixed at once', () => {
      const text = tagged(['microsoft365managed_autopilot', 'Microsoft365Managed-Autopilot', 'microsoft365managed_standard']);
      const findings = withCode(tagFindings(text), 'group-tag-misspelled');
      assert.equal(findings.length, 3);
      const [first, second, third] = findings.map((finding) => theFix(finding));
      assert.equal(first?.title, second?.title);
      assert.notEqual(first?.title, third?.title);
      const fixedAll = applyEdits(
        text,
        findings.flatMap((finding) => theFix(finding).edits),
      );
      assert.equal(fixedAll, tagged([AUTOPILOT, AUTOPILOT, STANDARD]));
    });
  });

  describe('group-tag-unknown', () => {
    it('flags a tag far from every accepted tag and offers each accepted tag, none preferred or safe', () => {
      const text = tagged(['SP001_STD01']);
      const finding = single(tagFindings(text), 'group-tag-unknown');
      assert.equal(covered(text, finding), 'SP001_STD01');
      assert.equal(finding.fixes.length, DEFAULT_GROUP_TAGS.length);
      assert.ok(finding.fixes.every((fix) => !fix.preferred && !fix.safe));
      const toStandard = finding.fixes.find((fix) => fix.title.includes(`"${STANDARD}"`));
      assert.equal(applyFix(text, toStandard), tagged([STANDARD]));
    });

    it('accepts the tags configured in autopilot.groupTags instead of the defaults', () => {
      assert.deepEqual(tagFindings(tagged(['SP001_STD01']), { groupTags: ['SP001_STD01'] }), []);
      const finding = single(tagFindings(tagged([STANDARD]), { groupTags: ['SP001_STD01'] }), 'group-tag-unknown');
      assert.equal(finding.fixes.length, 1);
    });
  });

  describe('group-tag-invalid', () => {
    it('flags Microsoft365Managed_PowerUser-Shared (no shared mode for power users), without a fix', () => {
      const text = tagged(['Microsoft365Managed_PowerUser-Shared']);
      const findings = tagFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['group-tag-invalid'],
      );
      assert.deepEqual(findings[0]?.fixes, []);
    });

    it('flags a tag longer than 512 characters', () => {
      const long = 'A'.repeat(513);
      const finding = single(tagFindings(tagged([long])), 'group-tag-invalid');
      assert.match(finding.message, /513/);
    });

    it('flags a comma in a quoted tag', () => {
      const text = tagged(['"Sales,EU"']);
      const finding = single(tagFindings(text), 'group-tag-invalid');
      assert.equal(covered(text, finding), '"Sales,EU"');
    });
  });

  describe('group-tag-missing', () => {
    it("flags the empty tag cell when other rows have tags and fills in the file's majority tag safely", () => {
      const text = tagged([STANDARD, AUTOPILOT, '', STANDARD]);
      const finding = single(tagFindings(text), 'group-tag-missing');
      assert.equal(lineAt(text, finding.start), 4);
      assert.equal(finding.start, finding.end);
      assert.match(finding.message, new RegExp(STANDARD));
      const fix = theFix(finding);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), tagged([STANDARD, AUTOPILOT, STANDARD, STANDARD]));
    });

    it('fills in the accepted spelling when most rows carry misspellings of it', () => {
      const text = tagged(['microsoft365managed_standard', 'Microsoft365Managed-Standard', '', AUTOPILOT]);
      const finding = single(tagFindings(text), 'group-tag-missing');
      const fix = theFix(finding);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), tagged(['microsoft365managed_standard', 'Microsoft365Managed-Standard', STANDARD, AUTOPILOT]));
    });

    it('does not fill in unasked a majority tag that is not accepted', () => {
      const text = tagged(['Sales', '']);
      const finding = single(tagFindings(text, { groupTags: ['Marketing'] }), 'group-tag-missing');
      const fix = theFix(finding);
      assert.equal(fix.safe, false);
      assert.equal(applyFix(text, fix), tagged(['Sales', 'Sales']));
    });

    it('with autopilot.requireGroupTag, offers the first accepted tag for a file without any tag', () => {
      const text = tagged(['', '']);
      assert.deepEqual(tagFindings(text), []);
      const findings = withCode(tagFindings(text, { requireGroupTag: true }), 'group-tag-missing');
      assert.equal(findings.length, 2);
      const fix = theFix(findings[0] as never);
      assert.equal(fix.safe, false);
      assert.equal(applyFix(text, fix), tagged([DEFAULT_GROUP_TAGS[0] ?? '', '']));
    });

    it('appends the tag to a row that stops right before the Group Tag column', () => {
      const text = intuneFile([intuneRow(device(0), [STANDARD]), intuneRow(device(1))], INTUNE_TAG_HEADER);
      const finding = single(tagFindings(text), 'group-tag-missing');
      assert.equal(lineAt(text, finding.start), 3);
      assert.equal(applyFix(text, theFix(finding)), tagged([STANDARD, STANDARD]));
    });
  });

  describe('group-tag-mixed', () => {
    it('does not count misspellings of one tag as different tags', () => {
      const text = tagged([AUTOPILOT, 'microsoft365managed_autopilot', 'Microsoft365Managed-Autopilot']);
      assert.equal(withCode(tagFindings(text), 'group-tag-mixed').length, 0);
    });

    it('is an info on line 1 naming the tags', () => {
      const text = tagged([STANDARD, AUTOPILOT, STANDARD]);
      const finding = single(tagFindings(text), 'group-tag-mixed');
      assert.equal(finding.severity, 'info');
      assert.equal(covered(text, finding), INTUNE_TAG_HEADER);
      assert.match(finding.message, /2 different group tags/);
      assert.match(finding.message, new RegExp(`"${STANDARD}" \\(2 rows\\)`));
    });
  });

  describe('assigned-user-format', () => {
    it('flags an assigned user that is not name@domain.tld, on its cell', () => {
      const text = intuneFile(
        [intuneRow(device(0), [STANDARD, 'john.doe']), intuneRow(device(1), [STANDARD, 'jane@contoso.com'])],
        INTUNE_USER_HEADER,
      );
      const finding = single(tagFindings(text), 'assigned-user-format');
      assert.equal(covered(text, finding), 'john.doe');
      assert.equal(lineAt(text, finding.start), 2);
    });

    it('accepts an empty assigned user and a tag-less row with a user', () => {
      const text = intuneFile([intuneRow(device(0), ['', 'jane@contoso.com']), intuneRow(device(1), ['', ''])], INTUNE_USER_HEADER);
      assert.deepEqual(findingsOf(text), []);
    });
  });
});
