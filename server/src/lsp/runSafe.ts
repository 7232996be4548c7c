// Request handlers run through here: a cancelled request is answered as cancelled (before the work, and after
// it when the result is stale), and an exception is logged and answered with a harmless default.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface ErrorLog {
  error(message: string): void;
}

export async function runSafe<T>(
  log: ErrorLog,
  token: CancellationToken,
  fallback: T,
  what: string,
  work: () => Promise<T> | T,
): Promise<T | ResponseError<void>> {
  const cancelled = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, `${what} cancelled`);
  if (token.isCancellationRequested) return cancelled();
  try {
    const result = await work();
    return token.isCancellationRequested ? cancelled() : result;
  } catch (error) {
    log.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}
