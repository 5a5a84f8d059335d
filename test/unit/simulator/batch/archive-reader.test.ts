import { Zip, ZipDeflate, zipSync } from 'fflate';
import {
  ArchiveError,
  type ArchiveEntry,
  type ArchiveLimits,
} from '../../../../src/simulator/batch/archive-entry';
import { readArchive, type Compression } from '../../../../src/simulator/batch/archive-reader';
import { deflateBomb, tarGzBomb, tarGzOf, tarOf, zipOf } from '../../../support/batch-packages';
import { gzipSync } from 'node:zlib';

const MIB = 1 << 20;
const LIMITS: ArchiveLimits = { maxEntryBytes: 3_000_000, maxExpandedBytes: 5_000_000_000 };
const xml = (text: string) => Buffer.from(`<?xml version="1.0"?><Faktura>${text}</Faktura>`);

async function readAll(
  archive: Buffer,
  compression: Compression,
  limits: ArchiveLimits = LIMITS,
): Promise<{ entries: ArchiveEntry[]; pauses: number }> {
  let pauses = 0;
  const entries: ArchiveEntry[] = [];
  const options = {
    select: (name: string) => name.endsWith('.xml'),
    limits,
    pause: () => {
      pauses++;
      return Promise.resolve();
    },
  };
  for await (const entry of readArchive(archive, compression, options)) entries.push(entry);
  return { entries, pauses };
}

async function failure(
  archive: Buffer,
  compression: Compression,
  limits: ArchiveLimits = LIMITS,
): Promise<{ error: unknown; before: string[] }> {
  const before: string[] = [];
  try {
    const options = {
      select: (n: string) => n.endsWith('.xml'),
      limits,
      pause: () => Promise.resolve(),
    };
    for await (const entry of readArchive(archive, compression, options)) before.push(entry.name);
  } catch (error) {
    return { error, before };
  }
  throw new Error(`the archive was read without an error (entries: ${before.join(', ')})`);
}

describe('ZIP packages', () => {
  it('hands out every wanted entry, stored or deflated, and skips the rest', async () => {
    const archive = zipOf([
      { name: 'a.xml', bytes: xml('A') },
      { name: 'b.xml', bytes: xml('B'), method: 0 },
      { name: 'readme.txt', bytes: Buffer.from('not an invoice') },
      { name: 'folder/', bytes: Buffer.alloc(0), method: 0 },
      { name: 'folder/c.xml', bytes: xml('C') },
    ]);
    const { entries } = await readAll(archive, 'Zip');
    expect(entries.map((e) => [e.name, e.bytes.toString()])).toEqual([
      ['a.xml', xml('A').toString()],
      ['b.xml', xml('B').toString()],
      ['folder/c.xml', xml('C').toString()],
    ]);
  });

  it('reads what common writers produce, data descriptors included', async () => {
    const fromZipSync = Buffer.from(zipSync({ 'x.xml': xml('X'), 'y.xml': xml('Y') }));
    expect((await readAll(fromZipSync, 'Zip')).entries.map((e) => e.name)).toEqual([
      'x.xml',
      'y.xml',
    ]);
    // fflate's streaming Zip writes sizes after the data (general purpose flag 8), as Java does.
    const chunks: Uint8Array[] = [];
    const writer = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    const file = new ZipDeflate('streamed.xml', { level: 6 });
    writer.add(file);
    file.push(xml('S'), true);
    writer.end();
    const streamed = Buffer.concat(chunks);
    expect(streamed.readUInt16LE(6) & 0x8).toBe(0x8);
    const { entries } = await readAll(streamed, 'Zip');
    expect(entries.map((e) => e.bytes.toString())).toEqual([xml('S').toString()]);
  });

  it('never expands an entry it does not want, however large or broken', async () => {
    const archive = zipOf([
      { name: 'video.bin', deflated: { data: Buffer.from('not deflate'), size: 2 ** 31, crc: 1 } },
      { name: 'a.xml', bytes: xml('A') },
    ]);
    expect((await readAll(archive, 'Zip')).entries.map((e) => e.name)).toEqual(['a.xml']);
  });

  it('stops a 1 MB entry that expands to 1 GiB at the entry ceiling', async () => {
    const bomb = deflateBomb(1024);
    expect(bomb.data.length).toBeLessThan(1_100_000);
    const archive = zipOf([
      { name: 'a.xml', bytes: xml('A') },
      { name: 'bomb.xml', deflated: bomb },
    ]);
    const { error, before } = await failure(archive, 'Zip');
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as Error).message).toBe(
      "Plik 'bomb.xml' po rozpakowaniu przekracza dozwolony rozmiar 3000000 bajtów.",
    );
    expect(before).toEqual(['a.xml']);
  });

  it('stops an entry at the ceiling even when its header claims it is small', async () => {
    const lying = { ...deflateBomb(8), size: 100 };
    const { error } = await failure(zipOf([{ name: 'small.xml', deflated: lying }]), 'Zip');
    expect((error as Error).message).toContain('przekracza dozwolony rozmiar 3000000');
  });

  it('stops at the package ceiling once the entries add up past it', async () => {
    const entry = Buffer.alloc(MIB, 'a');
    const archive = zipOf(['1', '2', '3'].map((n) => ({ name: `${n}.xml`, bytes: entry })));
    const limits = { maxEntryBytes: 2 * MIB, maxExpandedBytes: 2.5 * MIB };
    const { error, before } = await failure(archive, 'Zip', limits);
    expect((error as Error).message).toBe(
      `Paczka po rozpakowaniu przekracza dozwolony rozmiar ${2.5 * MIB} bajtów.`,
    );
    expect(before).toEqual(['1.xml', '2.xml']);
  });

  it('refuses a damaged entry, an encrypted one, and what is not a ZIP at all', async () => {
    const damaged = zipOf([{ name: 'a.xml', bytes: xml('A') }]);
    const inside = 30 + 'a.xml'.length + 2; // a byte of the deflated data
    damaged.writeUInt8(damaged.readUInt8(inside) ^ 0xff, inside);
    expect((await failure(damaged, 'Zip')).error).toBeInstanceOf(ArchiveError);
    const wrongCrc = zipOf([
      { name: 'a.xml', deflated: { data: Buffer.from([0x03, 0x00]), size: 0, crc: 7 } },
    ]);
    expect(((await failure(wrongCrc, 'Zip')).error as Error).message).toContain('uszkodzony');
    const encrypted = zipOf([{ name: 'a.xml', bytes: xml('A') }]);
    encrypted.writeUInt16LE(0x801, encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    expect(((await failure(encrypted, 'Zip')).error as Error).message).toContain('zaszyfrowany');
    for (const junk of [Buffer.alloc(0), Buffer.from('plain text, not a zip'), gzipSync('x')])
      expect((await failure(junk, 'Zip')).error).toBeInstanceOf(ArchiveError);
  });

  it('pauses between slices of work on a large package', async () => {
    const entry = Buffer.alloc(2 * MIB, 'x');
    const archive = zipOf(
      Array.from({ length: 8 }, (_, i) => ({ name: `${i}.xml`, bytes: entry })),
    );
    const { entries, pauses } = await readAll(archive, 'Zip');
    expect(entries).toHaveLength(8);
    expect(pauses).toBeGreaterThanOrEqual(3);
  });
});

describe('tar.gz packages', () => {
  it('hands out regular files, named by pax and GNU long-name records, and skips the rest', async () => {
    const longName = `${'d'.repeat(120)}/long.xml`;
    const paxName = `${'p'.repeat(12)}.xml`;
    const record = ` path=${paxName}\n`;
    const pax = Buffer.from(`${record.length + 2}${record}`); // "<length> key=value\n", 2 digits
    const archive = tarGzOf([
      { name: 'a.xml', bytes: xml('A') },
      { name: 'dir/', type: '5' },
      { name: 'notes.txt', bytes: Buffer.from('skip me') },
      { name: '././@LongLink', type: 'L', bytes: Buffer.from(`${longName}\0`) },
      { name: 'truncated-name', bytes: xml('L') },
      { name: 'PaxHeader', type: 'x', bytes: pax },
      { name: 'short', bytes: xml('P') },
      { name: 'link.xml', type: '2' },
    ]);
    const { entries } = await readAll(archive, 'TarGz');
    expect(entries.map((e) => [e.name, e.bytes.toString()])).toEqual([
      ['a.xml', xml('A').toString()],
      [longName, xml('L').toString()],
      [paxName, xml('P').toString()],
    ]);
  });

  it('refuses a wanted entry whose header declares more than the ceiling before reading it', async () => {
    const archive = gzipSync(tarOf([{ name: 'big.xml', declaredSize: 3_000_001 }]));
    expect(((await failure(archive, 'TarGz')).error as Error).message).toBe(
      "Plik 'big.xml' po rozpakowaniu przekracza dozwolony rozmiar 3000000 bajtów.",
    );
  });

  it('counts what it reads through against the package ceiling', async () => {
    const archive = tarGzOf([
      { name: 'padding.bin', bytes: Buffer.alloc(12 * MIB) },
      { name: 'a.xml', bytes: xml('A') },
    ]);
    const limits = { maxEntryBytes: MIB, maxExpandedBytes: 8 * MIB };
    const { error, before } = await failure(archive, 'TarGz', limits);
    expect((error as Error).message).toContain(`przekracza dozwolony rozmiar ${8 * MIB}`);
    expect(before).toEqual([]);
    const { entries, pauses } = await readAll(archive, 'TarGz');
    expect(entries.map((e) => e.name)).toEqual(['a.xml']);
    expect(pauses).toBeGreaterThanOrEqual(2);
  });

  it('reads a well-formed tar.gz bomb through, entry ceiling first', async () => {
    const bomb = tarGzBomb('zeros.bin', 16);
    const limits = { maxEntryBytes: MIB, maxExpandedBytes: 32 * MIB };
    expect((await readAll(bomb, 'TarGz', limits)).entries).toEqual([]); // not wanted, read through
    const wanted = tarGzBomb('zeros.xml', 16);
    expect(((await failure(wanted, 'TarGz', limits)).error as Error).message).toContain(
      "Plik 'zeros.xml'",
    );
  });

  it('refuses a truncated archive, a bad header and what is not gzip', async () => {
    const whole = tarOf([{ name: 'a.xml', bytes: Buffer.alloc(2000, 'a') }]);
    const truncated = gzipSync(whole.subarray(0, 1200));
    expect(((await failure(truncated, 'TarGz')).error as Error).message).toContain('obcięte');
    const badChecksum = Buffer.from(whole);
    badChecksum[0] = 'b'.charCodeAt(0);
    expect((await failure(gzipSync(badChecksum), 'TarGz')).error).toBeInstanceOf(ArchiveError);
    for (const junk of [Buffer.alloc(0), Buffer.from('not gzip'), zipOf([])])
      expect((await failure(junk, 'TarGz')).error).toBeInstanceOf(ArchiveError);
  });
});
