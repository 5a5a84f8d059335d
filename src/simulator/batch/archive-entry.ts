// What the package readers share: the entry they hand out, the ceilings they enforce and the one
// error they raise when a package cannot be decompressed within them (batch status 430).

export interface ArchiveEntry {
  name: string;
  /** The expanded bytes; the reader keeps no reference to them once the entry is handed out. */
  bytes: Buffer;
}

export interface ArchiveLimits {
  /** Largest expanded size of one entry that is read. */
  maxEntryBytes: number;
  /** Largest expanded size of everything the reader has to expand. */
  maxExpandedBytes: number;
}

export interface ReadOptions {
  /** Which entries to expand and hand out; the others are skipped (unexpanded where the format allows). */
  select: (name: string) => boolean;
  limits: ArchiveLimits;
  /** Awaited between slices of work so that the event loop serves other requests meanwhile. */
  pause: () => Promise<void>;
}

/** The package is not an archive, is damaged, or expands beyond the ceilings. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** Work (bytes read plus bytes expanded) done between two pauses. */
export const SLICE_WORK_BYTES = 4 * 1024 * 1024;

/**
 * What expanding one entry costs at the least, counted as work: setting up an inflater takes
 * about as long as expanding this much, so a package of many small entries pauses as often.
 */
export const ENTRY_WORK_BYTES = 64 * 1024;

export function asArchiveError(error: unknown, fallback: string): ArchiveError {
  return error instanceof ArchiveError ? error : new ArchiveError(fallback);
}

export function entryTooLarge(name: string, limits: ArchiveLimits): ArchiveError {
  return new ArchiveError(
    `Plik '${name.slice(0, 256)}' po rozpakowaniu przekracza dozwolony rozmiar ${limits.maxEntryBytes} bajtów.`,
  );
}

export function packageTooLarge(limits: ArchiveLimits): ArchiveError {
  return new ArchiveError(
    `Paczka po rozpakowaniu przekracza dozwolony rozmiar ${limits.maxExpandedBytes} bajtów.`,
  );
}
