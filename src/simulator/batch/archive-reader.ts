// Unpacks a batch package one entry at a time: ZIP (KSeF's default) from its central directory,
// tar.gz (compressionType TarGz, KSeF 2.6.0) as a stream. Decompression is streamed under two
// ceilings (package-limits.ts): no entry expands beyond the largest invoice KSeF accepts, and the
// whole package not beyond KSeF's package limit. The reader holds only the entry being expanded
// and yields to the event loop between slices of work; a package that breaks a ceiling, is not an
// archive or is damaged ends the iteration with an ArchiveError (batch status 430).
import type { ArchiveEntry, ReadOptions } from './archive-entry';
import { tarGzEntries } from './tar-gz-entries';
import { zipEntries } from './zip-entries';

export type Compression = 'Zip' | 'TarGz';

export function readArchive(
  archive: Buffer,
  compression: Compression,
  options: ReadOptions,
): AsyncGenerator<ArchiveEntry> {
  return compression === 'TarGz' ? tarGzEntries(archive, options) : zipEntries(archive, options);
}
