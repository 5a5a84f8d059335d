// Raw DEFLATE (ZIP method 8) expanded with a ceiling. node's zlib checks the ceiling after each
// output chunk and stops there, so however well an entry compresses (DEFLATE's best ratio is
// about 1032:1), expanding it costs at most the ceiling plus one chunk. zlib rather than fflate's
// pure-JS inflater: on the runs of zeros a bomb is made of, fflate expands tens of MB a second,
// native zlib more than ten times that.
import { inflateRawSync } from 'node:zlib';
import { ArchiveError } from './archive-entry';

/** Output produced between two checks of the ceiling. */
export const INFLATE_CHUNK_BYTES = 64 * 1024;

/** The expanded bytes, or null when they would exceed `maxBytes`; ArchiveError for bad data. */
export function inflateWithCeiling(compressed: Uint8Array, maxBytes: number): Buffer | null {
  try {
    return inflateRawSync(compressed, {
      maxOutputLength: Math.max(1, maxBytes),
      chunkSize: INFLATE_CHUNK_BYTES,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return null;
    throw new ArchiveError('Nieprawidłowe dane skompresowane.');
  }
}
