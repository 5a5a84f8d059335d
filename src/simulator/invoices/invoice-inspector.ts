// Reads what KSeF needs from a decrypted invoice: is it well-formed XML (else 430), does its root
// fit the session's form code and does it carry a valid seller NIP, invoice number and issue date
// (else 450). The simulator does not run the full FA XSD; these checks catch the mistakes
// integrators actually make (wrong schema version, wrong session, broken XML).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FormCodeName } from '../../ksef/wire/form-codes';
import { isValidNip } from '../state/identifiers';
import { INVOICE_SCHEMAS } from './invoice-schemas';

export type InspectionResult =
  | { kind: 'ok'; sellerNip: string; invoiceNumber: string; issueDate: string }
  | { kind: 'malformed'; detail: string }
  | { kind: 'invalid'; detail: string };

type Node = Record<string, unknown>;

const rawParser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
});
const plainParser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
});

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && '#text' in value) return text((value as Node)['#text']);
  return undefined;
}

function at(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const step of path) {
    if (Array.isArray(current)) current = current[0];
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Node)[step];
  }
  return current;
}

function rootOf(document: Node): [string, Node] | undefined {
  const name = Object.keys(document).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (!name) return undefined;
  const value = document[name];
  return [name, value && typeof value === 'object' ? (value as Node) : {}];
}

export function inspectInvoice(xml: Buffer, formCode: FormCodeName): InspectionResult {
  const source = xml.toString('utf8');
  const wellFormed = XMLValidator.validate(source);
  if (wellFormed !== true) {
    return {
      kind: 'malformed',
      detail: `Dokument nie jest poprawnym XML: ${wellFormed.err.msg} (linia ${wellFormed.err.line}).`,
    };
  }
  const rawRoot = rootOf(rawParser.parse(source) as Node);
  const plainRoot = rootOf(plainParser.parse(source) as Node);
  if (!rawRoot || !plainRoot)
    return { kind: 'malformed', detail: 'Dokument nie zawiera elementu głównego.' };

  const schema = INVOICE_SCHEMAS[formCode];
  const [qualifiedName, rawAttributes] = rawRoot;
  const prefix = qualifiedName.includes(':') ? qualifiedName.split(':')[0] : undefined;
  const localName = qualifiedName.includes(':') ? qualifiedName.split(':')[1] : qualifiedName;
  const namespace = text(rawAttributes[prefix ? `@_xmlns:${prefix}` : '@_xmlns']);
  if (localName !== schema.root || namespace !== schema.namespace) {
    return {
      kind: 'invalid',
      detail: `Element główny {${namespace ?? ''}}${localName} nie odpowiada kodowi formularza sesji (oczekiwano {${schema.namespace}}${schema.root}).`,
    };
  }

  const root = plainRoot[1];
  let sellerNip: string | undefined;
  let invoiceNumber: string | undefined;
  let issueDate: string | undefined;
  if (schema.family === 'fa') {
    const declared = text(at(root, 'Naglowek', 'KodFormularza', '@_kodSystemowy'));
    if (declared !== schema.systemCode) {
      return {
        kind: 'invalid',
        detail: `KodFormularza '${declared ?? ''}' nie odpowiada kodowi formularza sesji '${schema.systemCode}'.`,
      };
    }
    sellerNip = text(at(root, 'Podmiot1', 'DaneIdentyfikacyjne', 'NIP'));
    // FA_RR numbers and dates live in P_4C / P_4B; FA(2)/FA(3) use P_2 / P_1.
    invoiceNumber =
      text(at(root, 'Fa', 'P_2')) ??
      text(at(root, 'FakturaRR', 'P_4C')) ??
      text(at(root, 'Fa', 'P_4C'));
    issueDate =
      text(at(root, 'Fa', 'P_1')) ??
      text(at(root, 'FakturaRR', 'P_4B')) ??
      text(at(root, 'Fa', 'P_4B'));
  } else {
    const companyId = text(
      at(root, 'AccountingSupplierParty', 'Party', 'PartyTaxScheme', 'CompanyID'),
    );
    sellerNip = companyId?.replace(/^PL/i, '');
    invoiceNumber = text(root.ID);
    issueDate = text(root.IssueDate);
  }

  if (!sellerNip || !isValidNip(sellerNip)) {
    return { kind: 'invalid', detail: `Nieprawidłowy NIP sprzedawcy: '${sellerNip ?? ''}'.` };
  }
  if (!invoiceNumber || invoiceNumber.length > 256) {
    return { kind: 'invalid', detail: 'Brak numeru faktury (P_2).' };
  }
  if (
    !issueDate ||
    !/^\d{4}-\d{2}-\d{2}$/.test(issueDate) ||
    Number.isNaN(Date.parse(issueDate)) ||
    issueDate < '2006-01-01'
  ) {
    return {
      kind: 'invalid',
      detail: `Nieprawidłowa data wystawienia faktury (P_1): '${issueDate ?? ''}'.`,
    };
  }
  return { kind: 'ok', sellerNip, invoiceNumber, issueDate };
}
