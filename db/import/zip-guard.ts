// Refuses a zip (xlsx, OOXML .et) that would expand past the import's caps before any parser
// inflates it: the central directory's declared sizes first, then a real inflate of every entry
// that stops at the cap (declared sizes can lie), counting worksheet rows on the way. Node only.
import zlib from 'node:zlib';
import { fail } from '../errors';

export interface ZipLimits {
  /** Bytes all entries may expand to together. */
  maxUncompressed: number;
  /** Worksheet rows (<row> elements) the whole workbook may hold. */
  maxRows: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

function unreadable(): never {
  fail('IMPORT_FILE_UNREADABLE');
}

function centralDirectory(bytes: Buffer): Entry[] {
  // The end record sits in the last 22 + 65,535 (comment) bytes.
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= from; i -= 1) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) unreadable();
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  if (offset === 0xffffffff || count === 0xffff || offset + size > bytes.length) unreadable(); // zip64: no spreadsheet of ours needs it
  const entries: Entry[] = [];
  let at = offset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) unreadable();
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    entries.push({
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      declaredSize: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function tooLarge(limits: ZipLimits): never {
  fail('IMPORT_FILE_EXPANDS', undefined, { maxMb: Math.round(limits.maxUncompressed / 1_048_576) });
}

/** Counts `<row` elements (with or without a namespace prefix) in a worksheet's XML. */
function countRows(xml: Buffer): number {
  return xml.toString('latin1').match(/<(?:[A-Za-z][\w.-]*:)?row[\s>/]/g)?.length ?? 0;
}

/** Throws IMPORT_FILE_EXPANDS or IMPORT_TOO_MANY_ROWS (coded) when the zip is over the caps; IMPORT_FILE_UNREADABLE when it is no zip. */
export function checkZip(bytes: Buffer, limits: ZipLimits): void {
  const entries = centralDirectory(bytes);
  let declared = 0;
  for (const e of entries) declared += e.declaredSize;
  if (declared > limits.maxUncompressed) tooLarge(limits);

  let inflated = 0;
  let rows = 0;
  for (const e of entries) {
    if (e.localOffset + 30 > bytes.length || bytes.readUInt32LE(e.localOffset) !== LOCAL) unreadable();
    const start = e.localOffset + 30 + bytes.readUInt16LE(e.localOffset + 26) + bytes.readUInt16LE(e.localOffset + 28);
    const data = bytes.subarray(start, start + e.compressedSize);
    const budget = limits.maxUncompressed - inflated;
    let out: Buffer;
    if (e.method === 0) out = data;
    else if (e.method === 8) {
      try {
        out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') tooLarge(limits);
        unreadable();
      }
    } else unreadable();
    inflated += out.length;
    if (inflated > limits.maxUncompressed) tooLarge(limits);
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(e.name)) {
      rows += countRows(out);
      if (rows > limits.maxRows) fail('IMPORT_TOO_MANY_ROWS', undefined, { max: limits.maxRows, rows });
    }
  }
}
