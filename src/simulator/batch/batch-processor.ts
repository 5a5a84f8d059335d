// What KSeF does after a batch session is closed (status 150): verify every part's hash (405),
// decrypt each part with the session key and IV (435), check the whole package's size and hash
// (405), unpack it (430), then judge every .xml entry as an invoice. Final status as online:
// 200 with ≥1 accepted invoice, 445 with none, 440 with an empty package; 420 above the limit.
//
// Unpacking runs twice over the package, streamed, under the ceilings of package-limits.ts: a
// first pass proves that the whole archive decompresses within them and counts its invoices, so
// that a bomb or too many invoices fail the session (430 / 420) before any invoice of it is
// accepted, as KSeF fails a package as a whole; the second pass hands each invoice to the engine
// and drops its bytes once judged. Hashing, decrypting and both passes work in slices separated
// by `pause()`, so a big package never keeps the simulator from answering others.
import { createDecipheriv, createHash } from 'node:crypto';
import { constants as bufferConstants } from 'node:buffer';
import { ArchiveError, type ArchiveEntry, type ArchiveLimits } from './archive-entry';
import { readArchive } from './archive-reader';
import {
  MAX_EXPANDED_PACKAGE_BYTES,
  MAX_INVOICE_BYTES,
  MAX_INVOICES_PER_SESSION,
} from './package-limits';
import { sha256Base64 } from '../crypto/session-crypto';
import type { SessionEngine } from '../state/session-engine';
import { touch, type BatchState, type SessionRecord } from '../state/session';
import { sessionStatus } from '../state/status-codes';

export const PACKAGE_LIMITS: ArchiveLimits = {
  maxEntryBytes: MAX_INVOICE_BYTES,
  maxExpandedBytes: MAX_EXPANDED_PACKAGE_BYTES,
};

export interface BatchProcessingOptions {
  /** Awaited between slices of work (the simulator passes timers.nextTurn). */
  pause: () => Promise<void>;
  limits?: ArchiveLimits;
}

/** Bytes hashed or decrypted between two pauses. */
const CRYPTO_SLICE_BYTES = 4 * 1024 * 1024;

/** A verdict on the package as a whole: the session's final status. */
class PackageRejected extends Error {
  constructor(
    readonly code: number,
    readonly details?: string[],
  ) {
    super(`batch status ${code}`);
  }
}

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += CRYPTO_SLICE_BYTES)
    yield bytes.subarray(at, at + CRYPTO_SLICE_BYTES);
}

async function sha256InSlices(bytes: Buffer, pause: () => Promise<void>): Promise<string> {
  const hash = createHash('sha256');
  for (const slice of slices(bytes)) {
    hash.update(slice);
    await pause();
  }
  return hash.digest('base64');
}

/** Verifies and decrypts the parts in order into one archive, releasing the ciphertext after. */
async function decryptPackage(
  key: Buffer,
  iv: Buffer,
  batch: BatchState,
  pause: () => Promise<void>,
): Promise<Buffer> {
  const parts = [...batch.file.fileParts].sort((a, b) => a.ordinalNumber - b.ordinalNumber);
  const uploaded = parts.map((p) => batch.parts.get(p.ordinalNumber) ?? Buffer.alloc(0));
  // The plaintext is never longer than the ciphertext, so one buffer of that size holds it all.
  const capacity = uploaded.reduce((sum, bytes) => sum + bytes.length, 0);
  if (capacity > bufferConstants.MAX_LENGTH) {
    throw new Error(`the simulator holds packages up to ${bufferConstants.MAX_LENGTH} bytes`);
  }
  const archive = Buffer.allocUnsafe(capacity);
  const packageHash = createHash('sha256');
  let length = 0;
  for (const [index, part] of parts.entries()) {
    const bytes = uploaded[index] ?? Buffer.alloc(0);
    if ((await sha256InSlices(bytes, pause)) !== part.fileHash) {
      throw new PackageRejected(405, [
        `Skrót części '${part.ordinalNumber}' nie zgadza się z zadeklarowanym.`,
      ]);
    }
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    const append = (plain: Buffer) => {
      plain.copy(archive, length);
      length += plain.length;
      packageHash.update(plain);
    };
    for (const slice of slices(bytes)) {
      append(decipher.update(slice));
      await pause();
    }
    try {
      append(decipher.final());
    } catch {
      throw new PackageRejected(435, [`Nie udało się odszyfrować części '${part.ordinalNumber}'.`]);
    }
  }
  batch.parts.clear(); // the ciphertext has served its purpose
  if (length !== batch.file.fileSize || packageHash.digest('base64') !== batch.file.fileHash) {
    throw new PackageRejected(405, ['Rozmiar lub skrót paczki nie zgadza się z zadeklarowanym.']);
  }
  return archive.subarray(0, length);
}

const isInvoice = (name: string) => name.toLowerCase().endsWith('.xml');

function judge(engine: SessionEngine, session: SessionRecord, entry: ArchiveEntry): void {
  const invoice = engine.addInvoice(session, {
    plaintext: entry.bytes,
    invoiceHash: sha256Base64(entry.bytes),
    offlineMode: session.offlineMode,
    invoiceFileName: entry.name.slice(0, 128),
  });
  engine.finishInvoice(session, invoice);
}

export async function processBatch(
  session: SessionRecord,
  engine: SessionEngine,
  { pause, limits = PACKAGE_LIMITS }: BatchProcessingOptions,
): Promise<void> {
  const batch = session.batch;
  const key = session.key;
  if (!batch || !key) {
    session.status = sessionStatus('batch', 500);
    touch(session);
    return;
  }
  try {
    const archive = await decryptPackage(key, session.iv, batch, pause);
    const compression = batch.file.compressionType ?? 'Zip';
    const options = { select: isInvoice, limits, pause };
    // First pass: the package unpacks within the ceilings and holds no more invoices than allowed.
    const survey = readArchive(archive, compression, options);
    for (let invoices = 1; !(await survey.next()).done; invoices++) {
      if (invoices > MAX_INVOICES_PER_SESSION) {
        await survey.return(undefined);
        throw new PackageRejected(420, [
          `Paczka zawiera więcej niż ${MAX_INVOICES_PER_SESSION} faktur.`,
        ]);
      }
    }
    for await (const entry of readArchive(archive, compression, options)) {
      judge(engine, session, entry);
      await pause();
    }
    engine.finalizeSession(session);
  } catch (error) {
    if (error instanceof ArchiveError) {
      session.status = sessionStatus('batch', 430, [error.message]);
    } else if (error instanceof PackageRejected) {
      session.status = sessionStatus('batch', error.code, error.details);
    } else {
      throw error; // the engine's guard turns it into 500
    }
    touch(session);
  } finally {
    batch.parts.clear();
  }
}
