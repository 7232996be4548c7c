// Bytes <-> text for the encodings Autopilot CSV files come in. Get-WindowsAutopilotInfo under Windows
// PowerShell 5.1 writes UTF-16LE with BOM; Excel's "CSV UTF-8" adds a UTF-8 BOM; PowerShell 7 writes plain UTF-8.
import type { Encoding } from './types';

export interface DecodedText {
  text: string;
  encoding: Encoding;
  /** Set when the bytes look like UTF-16 without a BOM: decoded as UTF-16LE and reported. */
  guessedUtf16?: boolean;
}

const utf8Decoder = new TextDecoder('utf-8');
const utf16leDecoder = new TextDecoder('utf-16le');
const utf16beDecoder = new TextDecoder('utf-16be');

export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: utf16leDecoder.decode(bytes.subarray(2)), encoding: 'utf16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: utf16beDecoder.decode(bytes.subarray(2)), encoding: 'utf16be' };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: utf8Decoder.decode(bytes.subarray(3)), encoding: 'utf8bom' };
  }
  const utf16 = sniffUtf16WithoutBom(bytes);
  if (utf16 === 'utf16le') return { text: utf16leDecoder.decode(bytes), encoding: 'utf16le', guessedUtf16: true };
  if (utf16 === 'utf16be') return { text: utf16beDecoder.decode(bytes), encoding: 'utf16be', guessedUtf16: true };
  return { text: utf8Decoder.decode(bytes), encoding: 'utf8' };
}

/** ASCII text in UTF-16 has a NUL in every other byte; CSV headers are ASCII, so the first bytes tell. */
function sniffUtf16WithoutBom(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const sample = Math.min(bytes.length - (bytes.length % 2), 200);
  if (sample < 4) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    }
  }
  const pairs = sample / 2;
  if (zeroOdd > pairs * 0.8 && zeroEven === 0) return 'utf16le';
  if (zeroEven > pairs * 0.8 && zeroOdd === 0) return 'utf16be';
  return undefined;
}

/**
 * The bytes of `text` in `encoding`. UTF-16 gets a byte-order mark unless `utf16WithoutBom` says the file had none
 * (decodeBytes' `guessedUtf16`): writing a file back must not add one.
 */
export function encodeText(text: string, encoding: Encoding, utf16WithoutBom = false): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le': {
      const body = Buffer.from(text, 'utf16le');
      return utf16WithoutBom ? body : Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
    }
    case 'utf16be': {
      const body = Buffer.from(text, 'utf16le');
      body.swap16();
      return utf16WithoutBom ? body : Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
    }
  }
}

/** Names VS Code uses for a document's encoding (TextDocument.encoding), mapped to ours. */
export function encodingFromEditorName(name: string | undefined): Encoding | undefined {
  switch (name?.toLowerCase()) {
    case 'utf8':
      return 'utf8';
    case 'utf8bom':
      return 'utf8bom';
    case 'utf16le':
      return 'utf16le';
    case 'utf16be':
      return 'utf16be';
    default:
      return undefined;
  }
}

/** A BOM is binary to our rules; a file full of NULs or other control bytes is not a CSV at all. */
export function looksBinary(bytes: Uint8Array, decoded: DecodedText): boolean {
  if (decoded.encoding !== 'utf8') return false;
  const sample = bytes.subarray(0, 4096);
  let suspicious = 0;
  for (const byte of sample) {
    if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) suspicious++;
  }
  return sample.length > 0 && suspicious / sample.length > 0.1;
}

export type Workbook = 'xlsx' | 'xls' | 'ods';

/**
 * A spreadsheet saved under a `.csv` name: Office Open XML and OpenDocument are ZIP archives whose first entries
 * name their parts, and Excel 97-2003 files are OLE compound documents. Told by the first bytes.
 */
export function workbookKind(bytes: Uint8Array): Workbook | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096));
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  if (!head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return undefined;
  const names = head.toString('latin1');
  if (names.includes('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (names.includes('[Content_Types].xml') || names.includes('xl/')) return 'xlsx';
  return undefined;
}
