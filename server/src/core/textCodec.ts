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

export function encodeText(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const body = Buffer.from(text, 'utf16le');
      body.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
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
