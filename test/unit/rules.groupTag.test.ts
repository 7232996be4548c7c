import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Finding, KnownGroupTag } from '../../server/src/core/types';
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

const addTagsFixes = (finding: Finding) => finding.fixes.filter((fix) => fix.command === 'add-group-tags');
const replacements = (finding: Finding) => finding.fixes.filter((fix) => fix.edits.length > 0);
const workspaceTag = (tag: string, detail = 'berlin/devices.csv'): KnownGroupTag => ({ tag, source: 'workspace', detail });
const customerTag = (tag: string, detail = 'Contoso Ltd'): KnownGroupTag => ({ tag, source: 'customer', detail });

describe('group tag rules', () => {
  it('are quiet when every row carries the same accepted tag, and on files without a Group Tag column', () => {
    assert.deepEqual(findingsOf(tagged([STANDARD, STANDARD, STANDARD])), []);
    assert.deepEqual(tagFindings(intuneFile([intuneRow(device(0))])), []);
  });

  it("accept the customer's own tags by default, with nothing listed", () => {
    assert.deepEqual(findingsOf(tagged(['SP001_STD01', 'SP001_STD01', 'SP001_STD01'])), []);
    assert.deepEqual(findingsOf(tagged(['Kiosk-Hamburg'])), []);
  });

  it('accept two unrelated tags in one file: group-tag-mixed stays an info', () => {
    const findings = tagFindings(tagged(['SP001_STD01', 'Kiosk-Hamburg', 'SP001_STD01']));
    assert.deepEqual(
      findings.map((finding) => `${finding.code} ${finding.severity}`),
      ['group-tag-mixed info'],
    );
  });

  describe('group-tag-misspelled', () => {
    for (const misspelled of [
      'microsoft365managed_autopilot',
      'Microsoft365Managed-Autopilot',
      'Microsoft365Managed Autopilot',
      'Microsoft365Manged_Autopilot',
    ]) {
      it(`flags "${misspelled}" against the legacy Managed Desktop tag and replaces it (preferred, safe)`, () => {
        const text = tagged([misspelled]);
        const finding = single(tagFindings(text), 'group-tag-misspelled');
        assert.equal(covered(text, finding), misspelled);
        assert.equal(lineAt(text, finding.start), 2);
        assert.match(finding.message, /a Managed Desktop tag/);
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

    it('flags a misspelling of a tag listed in autopilot.groupTags, and offers to list it as it is', () => {
      for (const misspelled of ['sp001_std01', 'SP001-STD01', 'SP001_STD1']) {
        const text = tagged([misspelled]);
        const finding = single(tagFindings(text, { groupTags: ['SP001_STD01'] }), 'group-tag-misspelled');
        assert.match(finding.message, /listed in autopilot\.groupTags/);
        assert.equal(applyFix(text, theFix(finding)), tagged(['SP001_STD01']));
        assert.equal(theFix(finding).safe, true);
        assert.deepEqual(
          addTagsFixes(finding).map((fix) => [fix.title, fix.groupTags]),
          [[`Add "${misspelled}" to autopilot.groupTags`, [misspelled]]],
        );
      }
    });

    it("flags the rarer of two close tags of the file's own: five SP001_STD01 and one SP001_STD1 flag the one", () => {
      const tags = ['SP001_STD01', 'SP001_STD01', 'SP001_STD1', 'SP001_STD01', 'SP001_STD01', 'SP001_STD01'];
      const text = intuneFile(
        tags.map((tag, index) => intuneRow(testDevice(index), [tag])),
        INTUNE_TAG_HEADER,
      );
      const finding = single(tagFindings(text), 'group-tag-misspelled');
      assert.equal(lineAt(text, finding.start), 4);
      assert.match(finding.message, /"SP001_STD1" looks like a misspelling of "SP001_STD01" \(carried by 5 other rows of this file\)/);
      // Both directions: fix this row (preferred, but not without asking: either tag may be right), or keep both tags.
      const fix = theFix(finding);
      assert.equal(fix.preferred, true);
      assert.equal(fix.safe, false);
      assert.equal(applyFix(text, fix), text.replace(',SP001_STD1\r\n', ',SP001_STD01\r\n'));
      assert.deepEqual(
        addTagsFixes(finding).map((add) => [add.title, add.groupTags]),
        [['Keep "SP001_STD1" as a tag of its own: add it and "SP001_STD01" to autopilot.groupTags', ['SP001_STD1', 'SP001_STD01']]],
      );
      // The misspelling counts under the tag it stands for: the file is not "mixed".
      assert.equal(withCode(tagFindings(text), 'group-tag-mixed').length, 0);
      // Once both are listed, neither is reported.
      assert.deepEqual(withCode(tagFindings(text, { groupTags: ['SP001_STD1', 'SP001_STD01'] }), 'group-tag-misspelled'), []);
    });

    it('flags one berlin-sales among four Berlin-Sales, and fixes a difference of case without asking', () => {
      const tags = ['Berlin-Sales', 'Berlin-Sales', 'berlin-sales', 'Berlin-Sales', 'Berlin-Sales'];
      const text = intuneFile(
        tags.map((tag, index) => intuneRow(testDevice(index), [tag])),
        INTUNE_TAG_HEADER,
      );
      const finding = single(tagFindings(text), 'group-tag-misspelled');
      assert.equal(covered(text, finding), 'berlin-sales');
      assert.match(finding.message, /differs only in case or separators from "Berlin-Sales"/);
      assert.equal(theFix(finding).safe, true);
    });

    it('of two tags as frequent, flags the later only when the letters are the same', () => {
      const sameLetters = single(tagFindings(tagged(['Berlin-Sales', 'berlin_sales'])), 'group-tag-misspelled');
      assert.equal(covered(tagged(['Berlin-Sales', 'berlin_sales']), sameLetters), 'berlin_sales');
      // One row each, one letter apart: nothing tells which is meant (two tags, or one misspelled), so neither is flagged.
      const codes = tagFindings(tagged(['Kiosk-Hamburg', 'Kiosk-Hamborg'])).map((finding) => finding.code);
      assert.deepEqual(codes, ['group-tag-mixed']);
    });

    it('takes tags that differ in a number for two tags, not a misspelling: SP001_STD02 beside five SP001_STD01', () => {
      const tags = ['SP001_STD01', 'SP001_STD01', 'SP001_STD01', 'SP001_STD02', 'SP001_STD01', 'SP001_STD01'];
      const text = intuneFile(
        tags.map((tag, index) => intuneRow(testDevice(index), [tag])),
        INTUNE_TAG_HEADER,
      );
      assert.deepEqual(
        tagFindings(text).map((finding) => finding.code),
        ['group-tag-mixed'],
      );
      assert.deepEqual(tagFindings(tagged(['Kiosk-Site3']), { groupTags: ['Kiosk-Site2'] }), []);
      // The same number written another way is the same tag misspelled.
      single(tagFindings(tagged(['Kiosk-Site02']), { groupTags: ['Kiosk-Site2'] }), 'group-tag-misspelled');
    });

    it('does not take one short tag for a misspelling of another ("HR" and "IT")', () => {
      assert.deepEqual(
        tagFindings(tagged(['HR', 'HR', 'IT'])).map((finding) => finding.code),
        ['group-tag-mixed'],
      );
    });

    it("flags a misspelling of another workspace file's tag or of a customer's batch name, saying where it is known", () => {
      const inWorkspace = single(
        tagFindings(tagged(['Kiosk-Hambrug']), { knownGroupTags: [workspaceTag('Kiosk-Hamburg')] }),
        'group-tag-misspelled',
      );
      assert.match(inWorkspace.message, /the known tag "Kiosk-Hamburg" \(used in berlin\/devices\.csv\)/);
      const ofCustomer = single(
        tagFindings(tagged(['CONTOSO_STD']), { knownGroupTags: [customerTag('Contoso_Std')] }),
        'group-tag-misspelled',
      );
      assert.match(ofCustomer.message, /"Contoso_Std" \(a device batch of Contoso Ltd\)/);
      assert.deepEqual(findingsOf(tagged(['Kiosk-Hamburg']), { knownGroupTags: [workspaceTag('Kiosk-Hamburg')] }), []);
    });

    it("does not accept another file's misspelling of a listed tag", () => {
      const settings = { groupTags: ['SP001_STD01'], knownGroupTags: [workspaceTag('SP001_STD1')] };
      const finding = single(tagFindings(tagged(['SP001_STD1']), settings), 'group-tag-misspelled');
      assert.equal(applyFix(tagged(['SP001_STD1']), theFix(finding)), tagged(['SP001_STD01']));
    });
  });

  describe('group-tag-unknown (autopilot.onlyListedGroupTags)', () => {
    const allowList = { groupTags: ['SP001_STD01', 'SP001_KIOSK'], onlyListedGroupTags: true };

    it('is reported only with the allow-list on', () => {
      assert.deepEqual(tagFindings(tagged(['Kiosk-Hamburg']), { groupTags: ['SP001_STD01'] }), []);
      const text = tagged(['Kiosk-Hamburg']);
      const finding = single(tagFindings(text, allowList), 'group-tag-unknown');
      assert.equal(finding.severity, 'warning');
      assert.equal(covered(text, finding), 'Kiosk-Hamburg');
      assert.match(finding.message, /not in the allow-list autopilot\.groupTags/);
      // How to set it on the command line too.
      assert.match(finding.message, /\.vscode\/settings\.json or --config FILE/);
    });

    it('offers the listed tags without preferring any, and adding the tag to the list', () => {
      const text = tagged(['Kiosk-Hamburg']);
      const finding = single(tagFindings(text, allowList), 'group-tag-unknown');
      assert.ok(finding.fixes.every((fix) => !fix.preferred && !fix.safe));
      assert.deepEqual(
        replacements(finding).map((fix) => fix.title),
        ['Change the group tag to "SP001_STD01"', 'Change the group tag to "SP001_KIOSK"'],
      );
      assert.deepEqual(
        addTagsFixes(finding).map((fix) => fix.groupTags),
        [['Kiosk-Hamburg']],
      );
      assert.deepEqual(tagFindings(text, { ...allowList, groupTags: [...allowList.groupTags, 'Kiosk-Hamburg'] }), []);
    });

    it('offers to add all tags of the file when it has several that are not listed', () => {
      const text = tagged(['Kiosk-Hamburg', 'Berlin-Sales', 'SP001_STD01']);
      const finding = withCode(tagFindings(text, allowList), 'group-tag-unknown')[0] as Finding;
      assert.deepEqual(
        addTagsFixes(finding).map((fix) => [fix.title, fix.groupTags]),
        [
          ['Add "Kiosk-Hamburg" to autopilot.groupTags', ['Kiosk-Hamburg']],
          ['Add all 2 tags of this file to autopilot.groupTags', ['Kiosk-Hamburg', 'Berlin-Sales']],
        ],
      );
    });

    it('reports a tag close to a listed one as misspelled, and a Managed Desktop tag that is not listed as unknown', () => {
      assert.equal(single(tagFindings(tagged(['SP001_STD1']), allowList), 'group-tag-misspelled').fixes[0]?.preferred, true);
      single(tagFindings(tagged([STANDARD]), allowList), 'group-tag-unknown');
      // Nothing listed: every tag is unknown, and there is nothing to replace it with.
      const finding = single(tagFindings(tagged(['SP001_STD01']), { onlyListedGroupTags: true }), 'group-tag-unknown');
      assert.deepEqual(replacements(finding), []);
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
    it("flags the empty tag cell when other rows have tags and fills in the file's majority tag (safely when it is known)", () => {
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

    it('fills in a majority tag known from nowhere else when asked, not unasked', () => {
      const text = tagged(['Sales', '']);
      const fix = theFix(single(tagFindings(text, { groupTags: ['Marketing'] }), 'group-tag-missing'));
      assert.equal(fix.preferred, true);
      assert.equal(fix.safe, false);
      assert.equal(applyFix(text, fix), tagged(['Sales', 'Sales']));
      assert.equal(theFix(single(tagFindings(text, { groupTags: ['Sales'] }), 'group-tag-missing')).safe, true);
    });

    it('with autopilot.requireGroupTag and no tag in the file, offers the listed tags and never a Managed Desktop tag', () => {
      const text = tagged(['', '']);
      assert.deepEqual(tagFindings(text), []);
      const findings = withCode(tagFindings(text, { requireGroupTag: true }), 'group-tag-missing');
      assert.equal(findings.length, 2);
      assert.deepEqual(findings[0]?.fixes, []);
      assert.match(
        findings[0]?.message ?? '',
        /autopilot\.requireGroupTag \(VS Code settings; the command line reads \.vscode\/settings\.json or --config FILE\)/,
      );
      const listed = withCode(tagFindings(text, { requireGroupTag: true, groupTags: ['SP001_STD01', 'SP001_KIOSK'] }), 'group-tag-missing');
      assert.deepEqual(
        listed[0]?.fixes.map((fix) => [applyFix(text, fix), fix.preferred, fix.safe]),
        [
          [tagged(['SP001_STD01', '']), false, false],
          [tagged(['SP001_KIOSK', '']), false, false],
        ],
      );
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
