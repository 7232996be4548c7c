// Reading the files the CLI is given: directories are searched for .csv files; bytes are decoded here.
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeBytes, looksBinary, type DecodedText } from '../core/encoding';

export class UsageError extends Error {}

export interface InputFile {
  path: string;
  bytes: Uint8Array;
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
  let bytes: Uint8Array;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    throw new UsageError(`${filePath}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const decoded = decodeBytes(bytes);
  if (looksBinary(bytes, decoded)) {
    throw new UsageError(`${filePath}: this is a binary file, not a CSV text file`);
  }
  return { path: filePath, bytes, decoded };
}
