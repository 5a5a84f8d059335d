// Every check of faktury/weryfikacja-faktury.md that needs no XSD, in the order KSeF's verdicts
// suggest: the file (size, BOM: 430), the XML (UTF-8, characters, prolog, processing instructions,
// well-formedness: 450), the form (root and KodFormularza of the session's form code: 450),
// attachments (only in batch, or online as an offline technical correction: 415), and what KSeF
// reads from the invoice (seller NIP, RodzajFaktury, number, issue date not after the day of
// receipt: 450). Duplicates (440) need the store and are judged by the session engine; the XSD
// (450) runs asynchronously in schema-validator.ts. Synchronous and linear in the invoice size.
import type { FormCodeName } from '../../ksef/wire/form-codes';
import { isValidNip } from '../state/identifiers';
import { MAX_INVOICE_BYTES, MAX_INVOICE_WITH_ATTACHMENTS_BYTES } from './invoice-limits';
import { INVOICE_SCHEMAS } from './invoice-schemas';
import { isCalendarDate, polishDate } from './polish-date';
import { scanXml, type XmlField } from './xml-scan';
import { checkCharacters, checkEncoding, checkMarkup, checkProlog } from './xml-text-checks';

export interface InspectionContext {
  formCode: FormCodeName;
  sessionKind: 'online' | 'batch';
  /** When KSeF took the invoice in (`invoicingDate`); P_1 may not be later than that day. */
  receivedAt: Date;
  /** `hashOfCorrectedInvoice` was sent: the one case an online session accepts attachments. */
  technicalCorrection: boolean;
}

/** What KSeF reads from an invoice: the duplicate key (seller NIP, kind, number) and the UPO fields. */
export interface InvoiceFacts {
  sellerNip: string;
  /** `RodzajFaktury` (FA family); for PEF the UBL document type, `Invoice` or `CreditNote`. */
  invoiceKind: string;
  invoiceNumber: string;
  issueDate: string;
  hasAttachment: boolean;
}

export type Inspection =
  { kind: 'passed'; facts: InvoiceFacts } | { kind: 'rejected'; code: number; details: string[] };

const rejected = (code: number, detail: string): Inspection => ({
  kind: 'rejected',
  code,
  details: [detail],
});

function sizeLimitDetail(size: number, limit: number, withAttachments: boolean): string {
  return withAttachments
    ? `Rozmiar faktury ${size} B przekracza dozwolony rozmiar faktury z załącznikami: ${limit} B.`
    : `Rozmiar faktury ${size} B przekracza dozwolony rozmiar faktury bez załączników: ${limit} B.`;
}

export function inspectInvoice(xml: Buffer, context: InspectionContext): Inspection {
  if (xml.length > MAX_INVOICE_WITH_ATTACHMENTS_BYTES) {
    return rejected(430, sizeLimitDetail(xml.length, MAX_INVOICE_WITH_ATTACHMENTS_BYTES, true));
  }
  const encoding = checkEncoding(xml);
  if (encoding) return rejected(encoding.code, encoding.detail);
  const source = xml.toString('utf8');
  for (const check of [checkCharacters, checkProlog, checkMarkup]) {
    const failure = check(source);
    if (failure) return rejected(failure.code, failure.detail);
  }
  const schema = INVOICE_SCHEMAS[context.formCode];
  const read = scanXml(source, fieldPaths(schema.root));
  if (!read.ok) return rejected(450, `Nieprawidłowy XML: ${read.reason} (linia ${read.line}).`);
  const { root, fields } = read;
  if (root.localName !== schema.root || root.namespace !== schema.namespace) {
    return rejected(
      450,
      `Element główny {${root.namespace ?? ''}}${root.localName} nie odpowiada kodowi formularza sesji (oczekiwano {${schema.namespace}}${schema.root}).`,
    );
  }
  const field = (path: string): XmlField | undefined => fields.get(`${schema.root}/${path}`);
  if (schema.family === 'fa') {
    const declared = field('Naglowek/KodFormularza')?.attributes.kodSystemowy;
    if (declared !== schema.systemCode) {
      return rejected(
        450,
        `KodFormularza '${declared ?? ''}' nie odpowiada kodowi formularza sesji '${schema.systemCode ?? ''}'.`,
      );
    }
  }

  const hasAttachment = schema.family === 'fa' && field('Zalacznik') !== undefined;
  if (!hasAttachment && xml.length > MAX_INVOICE_BYTES) {
    return rejected(430, sizeLimitDetail(xml.length, MAX_INVOICE_BYTES, false));
  }
  if (hasAttachment && context.sessionKind === 'online' && !context.technicalCorrection) {
    return rejected(
      415,
      'Faktura zawiera załącznik (Zalacznik). W sesji interaktywnej faktura z załącznikiem może być przesłana wyłącznie jako korekta techniczna faktury offline (hashOfCorrectedInvoice); pozostałe należy przesłać w sesji wsadowej.',
    );
  }

  const facts = readFacts(field, schema.family, schema.root);
  const names = facts.names;
  if (!facts.sellerNip || !isValidNip(facts.sellerNip)) {
    return rejected(
      450,
      `Nieprawidłowy NIP sprzedawcy (${names.nip}): '${facts.sellerNip ?? ''}'.`,
    );
  }
  if (!facts.invoiceKind) return rejected(450, `Brak rodzaju faktury (${names.kind}).`);
  if (!facts.invoiceNumber || facts.invoiceNumber.length > 256) {
    return rejected(450, `Brak lub nieprawidłowy numer faktury (${names.number}).`);
  }
  const issueDate = facts.issueDate;
  if (!issueDate || !isCalendarDate(issueDate) || issueDate < '2006-01-01') {
    return rejected(
      450,
      `Nieprawidłowa data wystawienia faktury (${names.date}): '${issueDate ?? ''}'.`,
    );
  }
  const receiptDay = polishDate(context.receivedAt);
  if (issueDate > receiptDay) {
    return rejected(
      450,
      `Data wystawienia faktury (${names.date}) ${issueDate} jest późniejsza niż data przyjęcia faktury do KSeF ${receiptDay}.`,
    );
  }
  return {
    kind: 'passed',
    facts: {
      sellerNip: facts.sellerNip,
      invoiceKind: facts.invoiceKind,
      invoiceNumber: facts.invoiceNumber,
      issueDate,
      hasAttachment,
    },
  };
}

interface RawFacts {
  sellerNip?: string;
  invoiceKind?: string;
  invoiceNumber?: string;
  issueDate?: string;
  /** The element names to quote in a detail, as the sender knows them. */
  names: { nip: string; kind: string; number: string; date: string };
}

/** Every path readFacts may look at, under a root of the given name. */
function fieldPaths(rootName: string): string[] {
  return [
    'Naglowek/KodFormularza',
    'Zalacznik',
    'Podmiot1/DaneIdentyfikacyjne/NIP',
    'Fa/P_1',
    'Fa/P_2',
    'Fa/RodzajFaktury',
    'FakturaRR',
    'FakturaRR/P_4B',
    'FakturaRR/P_4C',
    'FakturaRR/RodzajFaktury',
    'AccountingSupplierParty/Party/PartyTaxScheme/CompanyID',
    'ID',
    'IssueDate',
  ].map((path) => `${rootName}/${path}`);
}

function readFacts(
  field: (path: string) => XmlField | undefined,
  family: 'fa' | 'ubl',
  rootName: string,
): RawFacts {
  const text = (path: string) => field(path)?.text || undefined;
  if (family === 'ubl') {
    return {
      sellerNip: text('AccountingSupplierParty/Party/PartyTaxScheme/CompanyID')?.replace(
        /^PL/i,
        '',
      ),
      invoiceKind: rootName,
      invoiceNumber: text('ID'),
      issueDate: text('IssueDate'),
      names: { nip: 'CompanyID', kind: rootName, number: 'ID', date: 'IssueDate' },
    };
  }
  const sellerNip = text('Podmiot1/DaneIdentyfikacyjne/NIP');
  // FA_RR keeps its number and date in FakturaRR/P_4C and P_4B; FA (2) and FA (3) in Fa/P_2, P_1.
  if (field('FakturaRR') !== undefined) {
    return {
      sellerNip,
      invoiceKind: text('FakturaRR/RodzajFaktury'),
      invoiceNumber: text('FakturaRR/P_4C'),
      issueDate: text('FakturaRR/P_4B'),
      names: {
        nip: 'Podmiot1/NIP',
        kind: 'FakturaRR/RodzajFaktury',
        number: 'P_4C',
        date: 'P_4B',
      },
    };
  }
  return {
    sellerNip,
    invoiceKind: text('Fa/RodzajFaktury'),
    invoiceNumber: text('Fa/P_2'),
    issueDate: text('Fa/P_1'),
    names: { nip: 'Podmiot1/NIP', kind: 'Fa/RodzajFaktury', number: 'P_2', date: 'P_1' },
  };
}
