// A request cancelled while the server worked on it is answered as cancelled, never with the (stale) result.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { runSafe } from '../../server/src/lsp/runSafe';

describe('runSafe', () => {
  const log = { error: () => {} };

  it('answers a request cancelled during its work as cancelled, not with the result computed for stale text', async () => {
    const source = new CancellationTokenSource();
    const answer = await runSafe(log, source.token, [], 'Code actions', async () => {
      source.cancel(); // the document changed while the actions were computed
      return ['a fix for text that is gone'];
    });
    assert.ok(answer instanceof ResponseError);
    assert.equal(answer.code, LSPErrorCodes.RequestCancelled);
  });

  it('answers a request that was not cancelled with its result, and a failing one with the fallback', async () => {
    const source = new CancellationTokenSource();
    assert.deepEqual(await runSafe(log, source.token, [], 'Code actions', () => ['fix']), ['fix']);
    const errors: string[] = [];
    const failed = await runSafe({ error: (message) => errors.push(message) }, source.token, 'fallback', 'Hover', () => {
      throw new Error('boom');
    });
    assert.equal(failed, 'fallback');
    assert.match(errors[0] ?? '', /^Hover failed: Error: boom/);
  });
});
