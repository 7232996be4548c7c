// The workbench's askers of a document's symbols after an edit (breadcrumbs, outline, sticky scroll) share one
// request to the language server per version: a 5,000-device file's symbols are 1.3 MB per answer.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { OncePerVersion } from '../../client/src/oncePerVersion';

function counting<T>(answer: () => T): { ask: () => Promise<T>; asked: () => number } {
  let asked = 0;
  return {
    ask: async () => {
      asked++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return answer();
    },
    asked: () => asked,
  };
}

describe('OncePerVersion', () => {
  it('asks once for askers of the same version, while the first request is under way and after it', async () => {
    const once = new OncePerVersion<string[]>();
    const server = counting(() => ['SN-1', 'SN-2']);
    const [first, second] = await Promise.all([once.get('file:///a.csv', 3, server.ask), once.get('file:///a.csv', 3, server.ask)]);
    assert.deepEqual(first, ['SN-1', 'SN-2']);
    assert.equal(second, first);
    assert.equal(await once.get('file:///a.csv', 3, server.ask), first);
    assert.equal(server.asked(), 1);
  });

  it('asks again for a new version, another document, or after clear() (settings changed)', async () => {
    const once = new OncePerVersion<number>();
    let answer = 0;
    const server = counting(() => ++answer);
    assert.equal(await once.get('file:///a.csv', 1, server.ask), 1);
    assert.equal(await once.get('file:///a.csv', 2, server.ask), 2);
    assert.equal(await once.get('file:///b.csv', 2, server.ask), 3);
    once.clear();
    assert.equal(await once.get('file:///b.csv', 2, server.ask), 4);
    assert.equal(server.asked(), 4);
  });

  it('does not keep a failed request: the next asker of that version asks again', async () => {
    const once = new OncePerVersion<string>();
    let fail = true;
    const server = counting(() => {
      if (fail) throw new Error('server restarting');
      return 'symbols';
    });
    await assert.rejects(once.get('file:///a.csv', 7, server.ask), /server restarting/);
    fail = false;
    assert.equal(await once.get('file:///a.csv', 7, server.ask), 'symbols');
    assert.equal(server.asked(), 2);
  });
});
