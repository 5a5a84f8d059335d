// Every check of faktury/weryfikacja-faktury.md that needs no XSD, in the order KSeF's verdicts
// suggest: the file (size, BOM: 430), the XML (UTF-8, characters, prolog, processing instructions,
// well-formedness: 450), the form (root and KodFormularza of the session's form code: 450),
// attachments (only in batch, or online as an offline technical correction: 415), and what KSeF
// reads from the invoice (seller NIP, RodzajFaktury, number, issue date not after the day of
// receipt: 450). Duplicates (440) need the store and are judged by the session engine; the XSD
// (450) runs asynchronously in schema-validator.ts. Synchronous and linear in the invoice size.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FormCodeName } from '../../ksef/wire/form-codes';
import { isValidNip } from '../state/identifiers';
import { MAX_INVOICE_BYTES, MAX_INVOICE_WITH_ATTACHMENTS_BYTES } from './invoice-limits';
import { INVOICE_SCHEMAS } from './invoice-schemas';
import { isCalendarDate, polishDate } from './polish-date';
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

type Node = Record<string, unknown>;

// One parse keeping prefixes, so the root's namespace can be read; lookups below match local names.
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

const rejected = (code: number, detail: string): Inspection => ({
  kind: 'rejected',
  code,
  details: [detail],
});

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

function child(node: unknown, name: string): unknown {
  if (Array.isArray(node)) return child(node[0], name);
  if (!node || typeof node !== 'object') return undefined;
  if (name.startsWith('@_')) return (node as Node)[name];
  const key = Object.keys(node).find((k) => !k.startsWith('@_') && localName(k) === name);
  return key === undefined ? undefined : (node as Node)[key];
}

function at(node: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((current, step) => child(current, step), node);
}

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && '#text' in value) return text((value as Node)['#text']);
  return undefined;
}

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
  const wellFormed = XMLValidator.validate(source);
  if (wellFormed !== true) {
    return rejected(
      450,
      `Nieprawidłowy XML: ${wellFormed.err.msg} (linia ${wellFormed.err.line}, kolumna ${wellFormed.err.col}).`,
    );
  }
  const document = parser.parse(source) as Node;
  const rootKey = Object.keys(document).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (rootKey === undefined) return rejected(450, 'Nieprawidłowy XML: brak elementu głównego.');
  const rawRoot = document[rootKey];
  const root: Node = rawRoot && typeof rawRoot === 'object' ? (rawRoot as Node) : {};

  const schema = INVOICE_SCHEMAS[context.formCode];
  const prefix = rootKey.includes(':') ? rootKey.slice(0, rootKey.indexOf(':')) : undefined;
  const namespace = text(root[prefix ? `@_xmlns:${prefix}` : '@_xmlns']);
  if (localName(rootKey) !== schema.root || namespace !== schema.namespace) {
    return rejected(
      450,
      `Element główny {${namespace ?? ''}}${localName(rootKey)} nie odpowiada kodowi formularza sesji (oczekiwano {${schema.namespace}}${schema.root}).`,
    );
  }
  if (schema.family === 'fa') {
    const declared = text(at(root, 'Naglowek', 'KodFormularza', '@_kodSystemowy'));
    if (declared !== schema.systemCode) {
      return rejected(
        450,
        `KodFormularza '${declared ?? ''}' nie odpowiada kodowi formularza sesji '${schema.systemCode ?? ''}'.`,
      );
    }
  }

  const hasAttachment = schema.family === 'fa' && child(root, 'Zalacznik') !== undefined;
  if (!hasAttachment && xml.length > MAX_INVOICE_BYTES) {
    return rejected(430, sizeLimitDetail(xml.length, MAX_INVOICE_BYTES, false));
  }
  if (hasAttachment && context.sessionKind === 'online' && !context.technicalCorrection) {
    return rejected(
      415,
      'Faktura zawiera załącznik (Zalacznik). W sesji interaktywnej faktura z załącznikiem może być przesłana wyłącznie jako korekta techniczna faktury offline (hashOfCorrectedInvoice); pozostałe należy przesłać w sesji wsadowej.',
    );
  }

  const facts = readFacts(root, schema.family, localName(rootKey));
  const fields = facts.fields;
  if (!facts.sellerNip || !isValidNip(facts.sellerNip)) {
    return rejected(
      450,
      `Nieprawidłowy NIP sprzedawcy (${fields.nip}): '${facts.sellerNip ?? ''}'.`,
    );
  }
  if (!facts.invoiceKind) return rejected(450, `Brak rodzaju faktury (${fields.kind}).`);
  if (!facts.invoiceNumber || facts.invoiceNumber.length > 256) {
    return rejected(450, `Brak lub nieprawidłowy numer faktury (${fields.number}).`);
  }
  const issueDate = facts.issueDate;
  if (!issueDate || !isCalendarDate(issueDate) || issueDate < '2006-01-01') {
    return rejected(
      450,
      `Nieprawidłowa data wystawienia faktury (${fields.date}): '${issueDate ?? ''}'.`,
    );
  }
  const receiptDay = polishDate(context.receivedAt);
  if (issueDate > receiptDay) {
    return rejected(
      450,
      `Data wystawienia faktury (${fields.date}) ${issueDate} jest późniejsza niż data przyjęcia faktury do KSeF ${receiptDay}.`,
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
  fields: { nip: string; kind: string; number: string; date: string };
}

function readFacts(root: Node, family: 'fa' | 'ubl', rootName: string): RawFacts {
  if (family === 'ubl') {
    const companyId = text(
      at(root, 'AccountingSupplierParty', 'Party', 'PartyTaxScheme', 'CompanyID'),
    );
    return {
      sellerNip: companyId?.replace(/^PL/i, ''),
      invoiceKind: rootName,
      invoiceNumber: text(child(root, 'ID')),
      issueDate: text(child(root, 'IssueDate')),
      fields: { nip: 'CompanyID', kind: rootName, number: 'ID', date: 'IssueDate' },
    };
  }
  const sellerNip = text(at(root, 'Podmiot1', 'DaneIdentyfikacyjne', 'NIP'));
  // FA_RR keeps its number and date in FakturaRR/P_4C and P_4B; FA (2) and FA (3) in Fa/P_2, P_1.
  const rr = child(root, 'FakturaRR');
  if (rr !== undefined) {
    return {
      sellerNip,
      invoiceKind: text(child(rr, 'RodzajFaktury')),
      invoiceNumber: text(child(rr, 'P_4C')),
      issueDate: text(child(rr, 'P_4B')),
      fields: {
        nip: 'Podmiot1/NIP',
        kind: 'FakturaRR/RodzajFaktury',
        number: 'P_4C',
        date: 'P_4B',
      },
    };
  }
  const fa = child(root, 'Fa');
  return {
    sellerNip,
    invoiceKind: text(child(fa, 'RodzajFaktury')),
    invoiceNumber: text(child(fa, 'P_2')),
    issueDate: text(child(fa, 'P_1')),
    fields: { nip: 'Podmiot1/NIP', kind: 'Fa/RodzajFaktury', number: 'P_2', date: 'P_1' },
  };
}
