// ZIP packages (KSeF's default compression), read from the central directory: it lists every
// entry with its real sizes (also for entries written with a data descriptor, as Java's
// ZipOutputStream does) and lets entries that are not wanted be skipped without expanding them.
// ZIP64 records are understood, so packages above 4 GiB or 65 535 entries read as well. Each
// wanted entry is expanded on its own under the entry ceiling and checked against its CRC-32.
import { crc32 } from 'node:zlib';
import {
  ArchiveError,
  ENTRY_WORK_BYTES,
  entryTooLarge,
  packageTooLarge,
  SLICE_WORK_BYTES,
  type ArchiveEntry,
  type ReadOptions,
} from './archive-entry';
import { inflateWithCeiling } from './bounded-inflate';

interface ZipRecord {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;
const STORED = 0;
const DEFLATED = 8;

const damaged = () => new ArchiveError('Archiwum ZIP jest uszkodzone.');

function u64(archive: Buffer, offset: number): number {
  const value = archive.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged();
  return Number(value);
}

function findEndOfCentralDirectory(archive: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65 535 bytes, at the very end.
  const lowest = Math.max(0, archive.length - 22 - 0xffff);
  for (let at = archive.length - 22; at >= lowest; at--) {
    if (archive.readUInt32LE(at) === EOCD) return at;
  }
  throw new ArchiveError('Plik nie jest archiwum ZIP.');
}

function* centralDirectory(archive: Buffer): Generator<ZipRecord> {
  if (archive.length < 22) throw new ArchiveError('Plik nie jest archiwum ZIP.');
  const eocd = findEndOfCentralDirectory(archive);
  let count = archive.readUInt16LE(eocd + 10);
  let offset = archive.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || archive.readUInt32LE(locator) !== ZIP64_LOCATOR) throw damaged();
    const record = u64(archive, locator + 8);
    if (record + 56 > archive.length || archive.readUInt32LE(record) !== ZIP64_EOCD)
      throw damaged();
    count = u64(archive, record + 32);
    offset = u64(archive, record + 48);
  }
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > archive.length || archive.readUInt32LE(at) !== CENTRAL_HEADER) throw damaged();
    const flags = archive.readUInt16LE(at + 8);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > archive.length) throw damaged();
    const record: ZipRecord = {
      name: archive
        .subarray(at + 46, at + 46 + nameLength)
        .toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1'),
      flags,
      method: archive.readUInt16LE(at + 10),
      crc: archive.readUInt32LE(at + 16),
      compressedSize: archive.readUInt32LE(at + 20),
      uncompressedSize: archive.readUInt32LE(at + 24),
      localHeaderOffset: archive.readUInt32LE(at + 42),
    };
    readZip64Extra(archive, at + 46 + nameLength, extraLength, record);
    yield record;
    at = end;
  }
}

/** Fills in the 64-bit values of fields the header marks 0xFFFFFFFF, in the spec's order. */
function readZip64Extra(archive: Buffer, start: number, length: number, record: ZipRecord): void {
  const wanted = (['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const).filter(
    (field) => record[field] === 0xffffffff,
  );
  if (wanted.length === 0) return;
  for (let at = start; at + 4 <= start + length;) {
    const id = archive.readUInt16LE(at);
    const size = archive.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA) {
      if (size < wanted.length * 8 || at + 4 + size > start + length) throw damaged();
      wanted.forEach((field, i) => (record[field] = u64(archive, at + 4 + i * 8)));
      return;
    }
    at += 4 + size;
  }
  throw damaged();
}

function compressedData(archive: Buffer, record: ZipRecord): Buffer {
  const at = record.localHeaderOffset;
  if (at + 30 > archive.length || archive.readUInt32LE(at) !== LOCAL_HEADER) throw damaged();
  const start = at + 30 + archive.readUInt16LE(at + 26) + archive.readUInt16LE(at + 28);
  const end = start + record.compressedSize;
  if (end > archive.length) throw damaged();
  return archive.subarray(start, end);
}

function expand(archive: Buffer, record: ZipRecord, maxBytes: number): Buffer | null {
  if (record.flags & FLAG_ENCRYPTED)
    throw new ArchiveError(`Plik '${record.name.slice(0, 256)}' jest zaszyfrowany.`);
  if (record.uncompressedSize > maxBytes) return null;
  const data = compressedData(archive, record);
  if (record.method === STORED) return data.length > maxBytes ? null : data;
  if (record.method === DEFLATED) return inflateWithCeiling(data, maxBytes);
  throw new ArchiveError(
    `Plik '${record.name.slice(0, 256)}' używa nieobsługiwanej metody kompresji ${record.method}.`,
  );
}

export async function* zipEntries(
  archive: Buffer,
  { select, limits, pause }: ReadOptions,
): AsyncGenerator<ArchiveEntry> {
  let expanded = 0;
  let work = 0;
  for (const record of centralDirectory(archive)) {
    work += 46 + record.name.length;
    if (!record.name.endsWith('/') && select(record.name)) {
      const bytes = expand(archive, record, limits.maxEntryBytes);
      if (bytes === null) throw entryTooLarge(record.name, limits);
      if (bytes.length !== record.uncompressedSize || crc32(bytes) !== record.crc) {
        throw new ArchiveError(`Plik '${record.name.slice(0, 256)}' w archiwum jest uszkodzony.`);
      }
      expanded += bytes.length;
      if (expanded > limits.maxExpandedBytes) throw packageTooLarge(limits);
      work += ENTRY_WORK_BYTES + record.compressedSize + bytes.length;
      yield { name: record.name, bytes };
    }
    if (work >= SLICE_WORK_BYTES) {
      work = 0;
      await pause();
    }
  }
}
