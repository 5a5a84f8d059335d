// Builds UPO v4-3 documents (root Potwierdzenie, namespace http://upo.schematy.mf.gov.pl/KSeF/v4-3,
// children in the XSD's order), valid against the official XSD. NazwaPodmiotuPrzyjmujacego is the
// XSD's fixed value "Ministerstwo Finansów": the official TE samples append an environment suffix,
// but that makes them fail the XSD, and the simulator promises schema-valid receipts. Real UPOs
// are XAdES-signed by MF; the simulator's are not (there is no MF key to sign with).
import { FORM_CODES, type FormCodeName } from '../../ksef/wire/form-codes';
import type { InvoiceRecord } from '../state/session';
import { escapeXml } from './xml-escape';

export const UPO_NAMESPACE = 'http://upo.schematy.mf.gov.pl/KSeF/v4-3';

export interface UpoInput {
  sessionReferenceNumber: string;
  contextNip: string;
  authDocumentDigest: string;
  formCode: FormCodeName;
  /** Accepted invoices (status 200, with KSeF numbers). */
  documents: InvoiceRecord[];
  /** Present for a session UPO page; absent for a single invoice's UPO. */
  page?: { number: number; count: number; from: number; to: number; total: number };
}

function element(name: string, value: string, indent: string): string {
  return `${indent}<${name}>${escapeXml(value)}</${name}>`;
}

export function buildUpo(input: UpoInput): Buffer {
  const form = FORM_CODES[input.formCode];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Potwierdzenie xmlns="${UPO_NAMESPACE}">`,
    element('NazwaPodmiotuPrzyjmujacego', 'Ministerstwo Finansów', '\t'),
    element('NumerReferencyjnySesji', input.sessionReferenceNumber, '\t'),
    '\t<Uwierzytelnienie>',
    '\t\t<IdKontekstu>',
    element('Nip', input.contextNip, '\t\t\t'),
    '\t\t</IdKontekstu>',
    element('SkrotDokumentuUwierzytelniajacego', input.authDocumentDigest, '\t\t'),
    '\t</Uwierzytelnienie>',
  ];
  if (input.page) {
    lines.push(
      '\t<OpisPotwierdzenia>',
      element('Strona', String(input.page.number), '\t\t'),
      element('LiczbaStron', String(input.page.count), '\t\t'),
      element('ZakresDokumentowOd', String(input.page.from), '\t\t'),
      element('ZakresDokumentowDo', String(input.page.to), '\t\t'),
      element('CalkowitaLiczbaDokumentow', String(input.page.total), '\t\t'),
      '\t</OpisPotwierdzenia>',
    );
  }
  lines.push(
    element(
      'NazwaStrukturyLogicznej',
      `Schemat_${form.systemCode.replace(/ /g, '')}_v${form.schemaVersion}.xsd`,
      '\t',
    ),
    element('KodFormularza', form.systemCode, '\t'),
  );
  for (const doc of input.documents) {
    lines.push(
      '\t<Dokument>',
      element('NipSprzedawcy', doc.sellerNip ?? '', '\t\t'),
      element('NumerKSeFDokumentu', doc.ksefNumber ?? '', '\t\t'),
      element('NumerFaktury', doc.invoiceNumber ?? '', '\t\t'),
      element('DataWystawieniaFaktury', doc.issueDate ?? '', '\t\t'),
      element('DataPrzeslaniaDokumentu', doc.invoicingDate.toISOString(), '\t\t'),
      element(
        'DataNadaniaNumeruKSeF',
        (doc.acquisitionDate ?? doc.invoicingDate).toISOString(),
        '\t\t',
      ),
      element('SkrotDokumentu', doc.invoiceHash, '\t\t'),
      element('TrybWysylki', doc.invoicingMode, '\t\t'),
      '\t</Dokument>',
    );
  }
  lines.push('</Potwierdzenie>', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}
