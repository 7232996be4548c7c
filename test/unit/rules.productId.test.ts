import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyFix, covered, csvFile, findingsOf, intuneFile, lineAt, PARTNER_HEADER, single, testDevice, theFix } from './support/builders';

const PRODUCT_ID_CODES = ['product-id-scientific', 'product-id-is-key', 'product-id-format', 'product-id-mismatch'];

function productIdFindings(text: string) {
  return findingsOf(text).filter((finding) => PRODUCT_ID_CODES.includes(finding.code));
}

const device = testDevice(0, { productKeyId: '3305404496774' });
const withoutPkid = testDevice(1, { productKeyId: undefined });
const row = (productId: string, target = device) => [target.serialNumber, productId, target.hash];

describe('product ID rules', () => {
  it('accept an empty Product ID (Get-WindowsAutopilotInfo never fills it) and the PKID from the hash', () => {
    const another = testDevice(2, { productKeyId: '3556252499682' });
    const text = intuneFile([row(''), row('3556252499682', another), row('', withoutPkid)]);
    assert.deepEqual(findingsOf(text), []);
  });

  describe('product-id-scientific', () => {
    it('flags 3.3054E+12 on its cell, not also as a format problem, and restores the PKID from the hash safely', () => {
      const text = intuneFile([row('3.3054E+12')]);
      const findings = productIdFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['product-id-scientific'],
      );
      const finding = single(findings, 'product-id-scientific');
      assert.equal(covered(text, finding), '3.3054E+12');
      assert.equal(lineAt(text, finding.start), 2);
      const fix = theFix(finding);
      assert.equal(fix.preferred, true);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), intuneFile([row('3305404496774')]));
    });

    it('has no fix when the hash carries no PKID', () => {
      const text = intuneFile([row('3.3054E+12', withoutPkid)]);
      assert.deepEqual(single(findingsOf(text), 'product-id-scientific').fixes, []);
    });
  });

  describe('product-id-is-key', () => {
    it('flags a 25-character product key, not also as a format problem, and replaces it with the PKID', () => {
      const key = 'ABCDE-12345-FGHIJ-67890-KLMNO';
      const text = intuneFile([row(key)]);
      const findings = productIdFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['product-id-is-key'],
      );
      const finding = single(findings, 'product-id-is-key');
      assert.equal(covered(text, finding), key);
      assert.match(finding.message, /product key/);
      assert.equal(applyFix(text, theFix(finding)), intuneFile([row('3305404496774')]));
    });
  });

  describe('product-id-format', () => {
    it("flags the Partner Center sample's 12-digit style and the SDK's 5-5-4-5 style", () => {
      for (const value of ['12345123456', '00329-00000-0003-AA606', '33054044967745']) {
        const text = intuneFile([row(value)]);
        const finding = single(productIdFindings(text), 'product-id-format');
        assert.equal(covered(text, finding), value);
        assert.equal(applyFix(text, theFix(finding)), intuneFile([row('3305404496774')]));
      }
    });

    it('flags a wrong Product ID on a tuple row and has no fix without a hash', () => {
      const text = csvFile(PARTNER_HEADER, ['PF12AB34,1234,,LENOVO,21G2001VUS']);
      const finding = single(productIdFindings(text), 'product-id-format');
      assert.equal(covered(text, finding), '1234');
      assert.deepEqual(finding.fixes, []);
    });
  });

  describe('product-id-mismatch', () => {
    it('flags a 13-digit PKID that differs from the hash; the fix is preferred but not safe', () => {
      const text = intuneFile([row('3556252499682')]);
      const finding = single(productIdFindings(text), 'product-id-mismatch');
      assert.equal(covered(text, finding), '3556252499682');
      assert.match(finding.message, /3305404496774/);
      const fix = theFix(finding);
      assert.equal(fix.preferred, true);
      assert.equal(fix.safe, false);
      assert.equal(applyFix(text, fix), intuneFile([row('3305404496774')]));
    });

    it('stays quiet when the hash has no PKID to compare with', () => {
      assert.deepEqual(productIdFindings(intuneFile([row('3556252499682', withoutPkid)])), []);
    });
  });
});
