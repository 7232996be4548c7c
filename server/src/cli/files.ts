// Reading the files the CLI is given: directories are searched for .csv files; bytes are decoded here.
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeBytes, looksBinary, type DecodedText } from '../core/encoding';

export class UsageError extends Error {}

export interface InputFile {
  path: string;
  decoded: DecodedText;
}

/** Expands the arguments to CSV files; a missing path, an empty directory or a binary file is a usage error. */
export async function collectFiles(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    let info;
    try {
      info = await stat(arg);
    } catch {
      throw new UsageError(`${arg}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const found = await csvFilesUnder(arg);
      if (found.length === 0) throw new UsageError(`${arg}: directory contains no .csv files`);
      files.push(...found);
    } else {
      files.push(arg);
    }
  }
  return files;
}

async function csvFilesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...(await csvFilesUnder(full)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) found.push(full);
  }
  return found;
}

export async function readInput(filePath: string): Promise<InputFile> {
  let text: { decoded: DecodedText; head: Uint8Array };
  try {
    text = readText(filePath);
  } catch (error) {
    throw new UsageError(`${filePath}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (looksBinary(text.head, text.decoded)) {
    throw new UsageError(`${filePath}: this is a binary file, not a CSV text file`);
  }
  return { path: filePath, decoded: text.decoded };
}

/** Bytes read and decoded at a time. */
const PIECE_BYTES = 16 * 1024 * 1024;
/** What looksBinary and the encoding sniffing read. */
const HEAD_BYTES = 4096;

/**
 * The file's text as decodeBytes() reads it (and its first bytes), read and decoded in pieces. Decoding a
 * whole-file Buffer keeps the Buffer beside its text: twice the file in memory, and the Buffer is only freed by
 * a full garbage collection, which need not come before validation builds up its own data (a 200 MB file peaked
 * above 3x its size). Pieces are cut after an ASCII byte, where no UTF-8 sequence, valid or not, can be open, so
 * the text is the same; UTF-16 files are read whole. An all-ASCII piece is decoded as latin1 (the same text):
 * Node makes a large latin1 string an external string, whose memory goes as soon as the pieces are joined.
 * `pieceBytes` is for tests.
 */
export function readText(filePath: string, pieceBytes = PIECE_BYTES): { decoded: DecodedText; head: Uint8Array } {
  const file = openSync(filePath, 'r');
  try {
    let size = fstatSync(file).size;
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    readFully(file, head, 0, head.length, 0);
    const sniffed = decodeBytes(head);
    if (size <= pieceBytes || (sniffed.encoding !== 'utf8' && sniffed.encoding !== 'utf8bom')) {
      const bytes = Buffer.alloc(size);
      readFully(file, bytes, 0, size, 0);
      return { decoded: decodeBytes(bytes), head };
    }
    const pieces: string[] = [];
    // Like decodeBytes: a leading BOM is skipped; later pieces keep any U+FEFF they hold, as one decode would.
    const first = new TextDecoder('utf-8');
    const rest = new TextDecoder('utf-8', { ignoreBOM: true });
    const buffer = Buffer.allocUnsafe(pieceBytes);
    let position = sniffed.encoding === 'utf8bom' ? 3 : 0;
    let carried = 0;
    while (position < size || carried > 0) {
      const read = position < size ? readFully(file, buffer, carried, Math.min(buffer.length - carried, size - position), position) : 0;
      // The file got shorter while it was read: what was read is all there is.
      if (read === 0) size = position;
      position += read;
      const filled = carried + read;
      let cut = filled;
      if (position < size) {
        while (cut > 0 && (buffer[cut - 1] as number) >= 0x80) cut--;
        // A piece without one ASCII byte (not a CSV anyway): read the whole file the plain way.
        if (cut === 0) return readWhole(file, size, head);
      }
      const piece = buffer.subarray(0, cut);
      pieces.push(isAscii(piece) ? piece.toString('latin1') : (pieces.length === 0 ? first : rest).decode(piece));
      carried = filled - cut;
      buffer.copy(buffer, 0, cut, filled);
    }
    return { decoded: { text: pieces.join(''), encoding: sniffed.encoding }, head };
  } finally {
    closeSync(file);
  }
}

function readWhole(file: number, size: number, head: Uint8Array): { decoded: DecodedText; head: Uint8Array } {
  const bytes = Buffer.alloc(size);
  readFully(file, bytes, 0, size, 0);
  return { decoded: decodeBytes(bytes), head };
}

/** Reads `length` bytes at `position` (fewer only at the end of the file); returns how many were read. */
function readFully(file: number, buffer: Buffer, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const read = readSync(file, buffer, offset + done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return done;
}
