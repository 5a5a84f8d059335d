// tar.gz packages (compressionType TarGz, KSeF 2.6.0): one gzip stream, expanded by node's zlib
// off the main thread with backpressure and read as ustar on the fly, so no more than the entry
// being read (and a few chunks in flight) is ever held. Everything the
// stream expands to counts against the package ceiling (a tar has to be read through to find its
// entries); a wanted entry whose header declares more than the entry ceiling is refused at once.
// Regular files are handed out; GNU long names ('L') and pax paths ('x') name the entry after
// them; directories, links and the rest are skipped.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  ArchiveError,
  asArchiveError,
  entryTooLarge,
  packageTooLarge,
  SLICE_WORK_BYTES,
  type ArchiveEntry,
  type ReadOptions,
} from './archive-entry';
import { INFLATE_CHUNK_BYTES } from './bounded-inflate';

const BLOCK = 512;
/** Long names and pax records are small; anything bigger is not a package KSeF would accept. */
const MAX_METADATA_BYTES = 64 * 1024;

const badHeader = () => new ArchiveError('Nieprawidłowy nagłówek tar.');

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return (nul === -1 ? raw : raw.subarray(0, nul)).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  if ((header[start] ?? 0) & 0x80) throw badHeader(); // base-256 sizes: beyond any ceiling anyway
  const text = field(header, start, length).trim();
  if (!/^[0-7]*$/.test(text)) throw badHeader();
  return text ? parseInt(text, 8) : 0;
}

function checksumMatches(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return octal(header, 148, 8) === sum;
}

function paxPath(records: Buffer): string | undefined {
  // "<length> <key>=<value>\n" records.
  const text = records.toString('utf8');
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(' ', at);
    const length = Number(text.slice(at, space));
    if (space === -1 || !Number.isInteger(length) || length <= 0) return undefined;
    const record = text.slice(space + 1, at + length - 1);
    if (record.startsWith('path=')) return record.slice(5);
    at += length;
  }
  return undefined;
}

interface Current {
  name: string;
  type: string;
  remaining: number;
  padding: number;
  /** Collected bytes, for wanted files and metadata entries; null when skipped. */
  chunks: Uint8Array[] | null;
}

/** A push-driven ustar reader: write() expanded bytes in, completed entries come out. */
function createTarReader(options: ReadOptions, emit: (entry: ArchiveEntry) => void) {
  const header = Buffer.alloc(BLOCK);
  let filled = 0;
  let current: Current | null = null;
  let pendingName: string | undefined;
  let ended = false;

  function begin(): void {
    if (header.every((b) => b === 0)) {
      ended = true; // end-of-archive marker; what follows is padding
      return;
    }
    if (!checksumMatches(header)) throw badHeader();
    const size = octal(header, 124, 12);
    const type = field(header, 156, 1) || '0';
    const posix = header.subarray(257, 263).toString('latin1') === 'ustar\0';
    const prefix = posix ? field(header, 345, 155) : '';
    const name =
      pendingName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const isMetadata = type === 'L' || type === 'x';
    const isFile = type === '0' || type === '7';
    if (!isMetadata) pendingName = undefined;
    const wanted = isFile && !name.endsWith('/') && options.select(name);
    if (isMetadata && size > MAX_METADATA_BYTES) throw badHeader();
    if (wanted && size > options.limits.maxEntryBytes) throw entryTooLarge(name, options.limits);
    current = {
      name,
      type,
      remaining: size,
      padding: (BLOCK - (size % BLOCK)) % BLOCK,
      chunks: wanted || isMetadata ? [] : null,
    };
    if (size === 0) finish();
  }

  function finish(): void {
    const entry = current;
    if (!entry) return;
    if (entry.chunks) {
      const bytes = Buffer.concat(entry.chunks);
      if (entry.type === 'L') pendingName = field(bytes, 0, bytes.length);
      else if (entry.type === 'x') pendingName = paxPath(bytes) ?? pendingName;
      else emit({ name: entry.name, bytes });
    }
    entry.chunks = null;
    if (entry.padding === 0) current = null;
  }

  return {
    write(chunk: Uint8Array): void {
      let at = 0;
      while (at < chunk.length && !ended) {
        if (current && current.remaining > 0) {
          const take = Math.min(current.remaining, chunk.length - at);
          current.chunks?.push(chunk.subarray(at, at + take));
          current.remaining -= take;
          at += take;
          if (current.remaining === 0) finish();
        } else if (current) {
          const skip = Math.min(current.padding, chunk.length - at);
          current.padding -= skip;
          at += skip;
          if (current.padding === 0) current = null;
        } else {
          const take = Math.min(BLOCK - filled, chunk.length - at);
          header.set(chunk.subarray(at, at + take), filled);
          filled += take;
          at += take;
          if (filled === BLOCK) {
            filled = 0;
            begin();
          }
        }
      }
    },
    /** Throws when the stream stopped inside an entry or a header. */
    end(): void {
      if (!ended && (current !== null || filled > 0))
        throw new ArchiveError('Archiwum tar jest obcięte.');
    },
  };
}

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += INFLATE_CHUNK_BYTES)
    yield bytes.subarray(at, at + INFLATE_CHUNK_BYTES);
}

export async function* tarGzEntries(
  archive: Buffer,
  options: ReadOptions,
): AsyncGenerator<ArchiveEntry> {
  if (archive.length === 0) throw new ArchiveError('Nieprawidłowe dane archiwum tar.gz.');
  const ready: ArchiveEntry[] = [];
  const tar = createTarReader(options, (entry) => ready.push(entry));
  const source = Readable.from(slices(archive), { objectMode: false });
  const gunzip = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
  source.pipe(gunzip);
  let expanded = 0;
  let work = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      expanded += chunk.length;
      if (expanded > options.limits.maxExpandedBytes) throw packageTooLarge(options.limits);
      tar.write(chunk);
      while (ready.length > 0) yield ready.shift() as ArchiveEntry;
      work += chunk.length;
      if (work >= SLICE_WORK_BYTES) {
        work = 0;
        await options.pause();
      }
    }
    tar.end();
  } catch (error) {
    throw asArchiveError(error, 'Nieprawidłowe dane archiwum tar.gz.');
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
}
