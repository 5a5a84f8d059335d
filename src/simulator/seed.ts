// Demo data for a newcomer's first query: finished sessions in the recent past for one context,
// written straight into the store (no encryption needed) through the same state machine rules and
// the same invoice verification (the schemas' too, when configured), so their UPOs and KSeF
// numbers look exactly like those of live sessions. Verdicts are awaited together, so schema
// validation runs once for the whole seed rather than once per invoice.
import type { FormCodeName } from '../ksef/wire/form-codes';
import { sha256Base64 } from './crypto/session-crypto';
import { polishDate } from './invoices/polish-date';
import { buildSampleInvoice } from './sample-invoice';
import { newReferenceNumber } from './state/identifiers';
import type { CallerIdentity } from './state/caller-identity';
import type { SessionEngine } from './state/session-engine';
import type { SessionKindName, SessionRecord } from './state/session';
import { sessionStatus } from './state/status-codes';
import type { Store } from './state/store';

const HOUR = 3_600_000;

interface SeedSpec {
  kind: SessionKindName;
  hoursAgo: number;
  invoices: number;
  formCode: FormCodeName;
}

const SPECS: SeedSpec[] = [
  { kind: 'online', hoursAgo: 50, invoices: 1, formCode: 'FA_3' },
  { kind: 'online', hoursAgo: 26, invoices: 3, formCode: 'FA_3' },
  { kind: 'online', hoursAgo: 5, invoices: 2, formCode: 'FA_3' },
  { kind: 'online', hoursAgo: 3, invoices: 0, formCode: 'FA_3' },
  { kind: 'batch', hoursAgo: 2, invoices: 3, formCode: 'FA_3' },
];

export async function seedDemoSessions(
  store: Store,
  engine: SessionEngine,
  caller: CallerIdentity,
  sessionValidityMs: number,
): Promise<SessionRecord[]> {
  const now = Date.now();
  const seeded: SessionRecord[] = [];
  const verdicts: Promise<void>[] = [];
  let invoiceCounter = 0;
  for (const spec of SPECS) {
    const created = new Date(now - spec.hoursAgo * HOUR);
    const session: SessionRecord = {
      context: caller.key,
      kind: spec.kind,
      referenceNumber: newReferenceNumber(spec.kind === 'online' ? 'SO' : 'SB', created),
      formCode: spec.formCode,
      status: sessionStatus(spec.kind, 100),
      dateCreated: created,
      dateUpdated: created,
      validUntil: new Date(created.getTime() + sessionValidityMs),
      key: null,
      iv: Buffer.alloc(16),
      offlineMode: false,
      invoices: [],
      upoPages: [],
    };
    store.addSession(session, caller);
    for (let i = 0; i < spec.invoices; i++) {
      invoiceCounter++;
      const sentAt = new Date(created.getTime() + (i + 1) * 60_000);
      const xml = Buffer.from(
        buildSampleInvoice({
          formCode: spec.formCode,
          // Numbers differ between the two seeded contexts of sandbox mode: duplicates are found
          // across contexts (440).
          invoiceNumber: `FV/${caller.loggedIn ? 'KSEF' : 'DEMO'}/${String(invoiceCounter).padStart(4, '0')}/${created.getUTCFullYear()}`,
          issueDate: polishDate(created),
          createdAt: created,
          // A logged-in context may only issue its own invoices (410 otherwise).
          ...(caller.loggedIn && { sellerNip: caller.nip }),
        }),
        'utf8',
      );
      const invoice = engine.addInvoice(
        session,
        {
          plaintext: xml,
          invoiceHash: sha256Base64(xml),
          offlineMode: false,
          invoiceFileName: spec.kind === 'batch' ? `faktura-${i + 1}.xml` : undefined,
        },
        sentAt,
      );
      verdicts.push(engine.settleInvoice(session, invoice, new Date(sentAt.getTime() + 2_000)));
    }
    seeded.push(session);
  }
  await Promise.all(verdicts);
  for (const session of seeded) {
    const closed = new Date(session.dateCreated.getTime() + 15 * 60_000);
    session.dateClosed = closed;
    engine.finalizeSession(session, new Date(closed.getTime() + 5_000));
  }
  return seeded;
}
