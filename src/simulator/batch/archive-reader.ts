// Unpacks a batch package: ZIP (KSeF's default) with fflate, or tar.gz (compressionType TarGz,
// KSeF 2.6.0) with fflate's gunzip and a minimal ustar reader. Only regular files are returned.
import { gunzipSync, unzipSync } from 'fflate';

export interface ArchiveEntry {
  name: string;
  bytes: Buffer;
}

function readTar(tar: Uint8Array): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = Buffer.from(tar.subarray(offset, offset + 512));
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '')
        .trim();
    const size = parseInt(field(124, 12) || '0', 8);
    if (Number.isNaN(size)) throw new Error('Nieprawidłowy nagłówek tar.');
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const start = offset + 512;
    if (start + size > tar.length) throw new Error('Archiwum tar jest obcięte.');
    if (type === '0') entries.push({ name, bytes: Buffer.from(tar.subarray(start, start + size)) });
    offset = start + Math.ceil(size / 512) * 512;
  }
  return entries;
}

export function readArchive(bytes: Buffer, compression: 'Zip' | 'TarGz'): ArchiveEntry[] {
  if (compression === 'TarGz') return readTar(gunzipSync(bytes));
  const files = unzipSync(bytes);
  return Object.entries(files)
    .filter(([name]) => !name.endsWith('/'))
    .map(([name, content]) => ({ name, bytes: Buffer.from(content) }));
}
