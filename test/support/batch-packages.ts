// Batch packages built byte by byte for tests: ZIP and ustar writers small enough to read, and
// decompression bombs that cost almost nothing to make. A bomb is DEFLATE's best case — runs of
// zeros — made of one fully flushed block for 1 MiB of zeros repeated (a full flush byte-aligns
// the stream and forgets the window, so copies can follow each other) and an empty final block.
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';

export interface ZipFile {
  name: string;
  /** Stored as it is (method 0) or deflated (method 8, the default). */
  bytes?: Buffer;
  method?: 0 | 8;
  /** Already-deflated content with the sizes and CRC it claims (for bombs and lies). */
  deflated?: { data: Buffer; size: number; crc: number };
}

const MIB = 1 << 20;

/**
 * Raw DEFLATE data that expands to `mebibytes` MiB of `fill` repeated (zeros by default), at
 * about 1 KB per MiB; a fill whose length divides 1 MiB repeats seamlessly across the copies.
 */
export function deflateBomb(
  mebibytes: number,
  fill: string | number = 0,
): { data: Buffer; size: number; crc: number } {
  const unit = Buffer.alloc(MIB, fill);
  const block = deflateRawSync(unit, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  let crc = 0;
  for (let i = 0; i < mebibytes; i++) crc = crc32(unit, crc);
  return {
    data: Buffer.concat([...Array<Buffer>(mebibytes).fill(block), finalEmptyBlock]),
    size: mebibytes * MIB,
    crc,
  };
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}

/** A ZIP archive (no ZIP64, UTF-8 names, no data descriptors). */
export function zipOf(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const method = file.deflated ? 8 : (file.method ?? 8);
    const raw = file.bytes ?? Buffer.alloc(0);
    const data = file.deflated?.data ?? (method === 8 ? deflateRawSync(raw) : raw);
    const size = file.deflated?.size ?? raw.length;
    const crc = file.deflated?.crc ?? crc32(raw);
    const common = [
      u16(20), // version needed
      u16(0x800), // UTF-8 names
      u16(method),
      u16(0), // time
      u16(0x21), // date: 1980-01-01
      u32(crc),
      u32(data.length),
      u32(size),
      u16(name.length),
      u16(0), // extra
    ];
    const local = Buffer.concat([u32(0x04034b50), ...common, name, data]);
    centrals.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(20), // version made by
        ...common,
        u16(0), // comment
        u16(0), // disk
        u16(0), // internal attributes
        u32(0), // external attributes
        u32(offset),
        name,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(files.length),
    u16(files.length),
    u32(directory.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...locals, directory, end]);
}

export interface TarFile {
  name: string;
  bytes?: Buffer;
  /** ustar type flag; '0' (regular file) by default. */
  type?: string;
  /** Declared size when it should differ from the bytes (to test what a header claims). */
  declaredSize?: number;
}

function tarHeader(name: string, size: number, type: string): Buffer {
  const header = Buffer.alloc(512);
  const put = (text: string, at: number, length: number) =>
    header.write(text.slice(0, length), at, length, 'utf8');
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
  put('00000000000\0', 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return header;
}

/** An uncompressed ustar archive ending with the two zero blocks. */
export function tarOf(files: TarFile[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const bytes = file.bytes ?? Buffer.alloc(0);
    blocks.push(tarHeader(file.name, file.declaredSize ?? bytes.length, file.type ?? '0'));
    blocks.push(bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function tarGzOf(files: TarFile[]): Buffer {
  return gzipSync(tarOf(files));
}

/**
 * A tar.gz holding one entry of `mebibytes` MiB of `fill`, every byte of it really there, built
 * from the same flushed blocks as deflateBomb inside a hand-made gzip member.
 */
export function tarGzBomb(name: string, mebibytes: number, fill: string | number = 0): Buffer {
  const header = tarHeader(name, mebibytes * MIB, '0');
  const end = Buffer.alloc(1024);
  const unit = Buffer.alloc(MIB, fill);
  let crc = crc32(header);
  for (let i = 0; i < mebibytes; i++) crc = crc32(unit, crc);
  crc = crc32(end, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((512 + mebibytes * MIB + 1024) % 2 ** 32, 4);
  return Buffer.concat([
    Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]),
    deflateRawSync(header, { finishFlush: constants.Z_FULL_FLUSH }),
    deflateBomb(mebibytes, fill).data.subarray(0, -2), // without its final empty block
    deflateRawSync(end), // ends the stream
    trailer,
  ]);
}
