// What KSeF does after a batch session is closed (status 150): verify every part's hash (405),
// decrypt each part with the session key and IV (435), check the whole package's size and hash
// (405), unpack it (430), then judge every .xml entry as an invoice. Final status as online:
// 200 with ≥1 accepted invoice, 445 with none, 440 with an empty package; 420 above the limit.
import { readArchive, type ArchiveEntry } from './archive-reader';
import { decryptAesCbc, sha256Base64 } from '../crypto/session-crypto';
import type { SessionEngine } from '../state/session-engine';
import { touch, type SessionRecord } from '../state/session';
import { sessionStatus } from '../state/status-codes';

const MAX_INVOICES = 10_000;

function fail(session: SessionRecord, code: number, details?: string[]): void {
  session.status = sessionStatus('batch', code, details);
  touch(session);
}

export function processBatch(session: SessionRecord, engine: SessionEngine): void {
  const batch = session.batch;
  if (!batch || !session.key) {
    fail(session, 500);
    return;
  }
  const decrypted: Buffer[] = [];
  for (const part of [...batch.file.fileParts].sort((a, b) => a.ordinalNumber - b.ordinalNumber)) {
    const bytes = batch.parts.get(part.ordinalNumber) ?? Buffer.alloc(0);
    if (sha256Base64(bytes) !== part.fileHash) {
      fail(session, 405, [`Skrót części '${part.ordinalNumber}' nie zgadza się z zadeklarowanym.`]);
      return;
    }
    const plain = decryptAesCbc(session.key, session.iv, bytes);
    if (!plain) {
      fail(session, 435, [`Nie udało się odszyfrować części '${part.ordinalNumber}'.`]);
      return;
    }
    decrypted.push(plain);
  }
  const archive = Buffer.concat(decrypted);
  if (archive.length !== batch.file.fileSize || sha256Base64(archive) !== batch.file.fileHash) {
    fail(session, 405, ['Rozmiar lub skrót paczki nie zgadza się z zadeklarowanym.']);
    return;
  }
  let entries: ArchiveEntry[];
  try {
    entries = readArchive(archive, batch.file.compressionType ?? 'Zip');
  } catch (error) {
    fail(session, 430, [(error as Error).message]);
    return;
  }
  const invoices = entries.filter((e) => e.name.toLowerCase().endsWith('.xml'));
  if (invoices.length > MAX_INVOICES) {
    fail(session, 420);
    return;
  }
  batch.parts.clear(); // the package is consumed; keep no ciphertext around
  for (const entry of invoices) {
    const invoice = engine.addInvoice(session, {
      plaintext: entry.bytes,
      invoiceHash: sha256Base64(entry.bytes),
      offlineMode: session.offlineMode,
      invoiceFileName: entry.name.slice(0, 128),
    });
    engine.finishInvoice(session, invoice);
  }
  engine.finalizeSession(session);
}
