// Which open documents start the language server: Autopilot files, not every text or CSV file the extension is
// activated for.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { needsLanguageServer } from '../../client/src/serverNeed';

describe('needsLanguageServer', () => {
  it('starts it for the Autopilot CSV language, whatever the file', () => {
    assert.equal(needsLanguageServer({ languageId: 'autopilot-csv', path: '/Untitled-1', firstLine: '' }), true);
  });

  it('starts it for a CSV file whose first line is an Autopilot header, as plain text or CSV', () => {
    for (const firstLine of [
      'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag',
      'Hardware Hash,Device Serial Number,Windows Product ID',
      'Windows Product ID,Device Serial Number,Hardware Hash',
      '"Device Serial Number";"Windows Product ID";"Hardware Hash"',
      'Device serial number,Windows product ID,Hardware hash',
      'Manufacturer,Model,Serial Number,Hardware Hash',
    ]) {
      for (const languageId of ['plaintext', 'csv']) {
        assert.equal(needsLanguageServer({ languageId, path: '/work/devices.csv', firstLine }), true, `${languageId}: ${firstLine}`);
      }
    }
  });

  it('does not start it for other text and CSV files', () => {
    const header = 'Device Serial Number,Windows Product ID,Hardware Hash';
    const cases = [
      { languageId: 'plaintext', path: '/work/notes.txt', firstLine: header },
      { languageId: 'plaintext', path: '/work/contacts.csv', firstLine: 'Name,Email,Phone' },
      { languageId: 'csv', path: '/work/prices.csv', firstLine: 'Name,Price' },
      { languageId: 'csv', path: '/work/empty.csv', firstLine: '' },
      { languageId: 'markdown', path: '/work/devices.csv', firstLine: header },
      { languageId: 'plaintext', path: '/work/devices.csv', firstLine: 'PF3ABC12,,T0FzBQEAHAAAAAoA' },
    ];
    for (const facts of cases) assert.equal(needsLanguageServer(facts), false, JSON.stringify(facts));
  });
});
