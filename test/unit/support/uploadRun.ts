// `autopilot-csv upload` run in the test's process, as the CLI tests drive it: the file's rows handed over, a token
// in the environment, short waits, and the output kept.
import { runUpload, type UploadCliIo } from '../../../server/src/cli/uploadCommand';

export interface UploadRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Polls and retries after a millisecond or two: the doubles answer at once. */
export const QUICK_TIMING: NonNullable<UploadCliIo['timing']> = { pollIntervalMs: 1, initialBackoffMs: 1, maxBackoffMs: 2, maxRetries: 1 };

/** Runs the command with `rows` as the file's rows and `token` as AUTOPILOT_ACCESS_TOKEN; `io` overrides the rest. */
export async function runUploadWith(
  argv: string[],
  rows: ReturnType<UploadCliIo['rowsFromFile']>,
  token: string,
  io: Partial<UploadCliIo> = {},
): Promise<UploadRun> {
  let stdout = '';
  let stderr = '';
  const code = await runUpload(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { AUTOPILOT_ACCESS_TOKEN: token },
    readFile: async () => new Uint8Array(),
    rowsFromFile: () => rows,
    timing: QUICK_TIMING,
    ...io,
  });
  return { code, stdout, stderr };
}
