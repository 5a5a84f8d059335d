// Sample invoices for demos, the seed and tests: FA (2), FA (3) and FA_RR (1) documents that are
// valid against the official XSDs (a test validates them when KSEF_SCHEMAS_DIR is set), and a PEF
// (UBL) document carrying what KSeF reads from one. Each holds the least a real invoice needs: a
// seller and buyer with addresses, one line, the totals and the annotations the schema requires.
// Without an explicit number each call gets a fresh one, so two samples are never duplicates of
// each other by accident.
import { randomBytes } from 'node:crypto';
import type { FormCodeName } from '../ksef/wire/form-codes';
import { INVOICE_SCHEMAS } from './invoices/invoice-schemas';
import { polishDate } from './invoices/polish-date';
import { escapeXml } from './upo/xml-escape';

export interface SampleInvoiceOptions {
  formCode?: FormCodeName;
  sellerNip?: string;
  buyerNip?: string;
  invoiceNumber?: string;
  /** P_1 (P_4B for FA_RR), `YYYY-MM-DD`; default today in Poland. */
  issueDate?: string;
  /** DataWytworzeniaFa; default now. */
  createdAt?: Date;
  /**
   * FA (3) only: add an attachment (`Zalacznik`), optionally padded to at least `minBytes` of
   * attachment data (for size-limit scenarios: 1 MB without attachments, 3 MB with).
   */
  attachment?: boolean | { minBytes: number };
}

/** A valid NIP (check digit included) used as seller when the caller gives none. */
export const SAMPLE_SELLER_NIP = '5265877635';
/** A valid NIP used as buyer when the caller gives none. */
export const SAMPLE_BUYER_NIP = '7010002139';

interface SampleValues {
  nip: string;
  buyerNip: string;
  number: string;
  date: string;
  created: string;
}

export function buildSampleInvoice(options: SampleInvoiceOptions = {}): string {
  const formCode = options.formCode ?? 'FA_3';
  const values: SampleValues = {
    nip: escapeXml(options.sellerNip ?? SAMPLE_SELLER_NIP),
    buyerNip: escapeXml(options.buyerNip ?? SAMPLE_BUYER_NIP),
    number: escapeXml(
      options.invoiceNumber ?? `FV/SIM/${randomBytes(4).toString('hex').toUpperCase()}`,
    ),
    date: escapeXml(options.issueDate ?? polishDate(new Date())),
    created: (options.createdAt ?? new Date()).toISOString(),
  };
  if (options.attachment && formCode !== 'FA_3') {
    throw new Error(`Attachments (Zalacznik) exist only in FA (3), not in ${formCode}.`);
  }
  const lines =
    formCode === 'FA_RR_1'
      ? farmerInvoice(values)
      : formCode === 'FA_2' || formCode === 'FA_3'
        ? vatInvoice(formCode, values, options.attachment)
        : pefInvoice(formCode, values);
  return ['<?xml version="1.0" encoding="UTF-8"?>', ...lines, ''].join('\n');
}

function header(
  systemCode: string,
  schemaVersion: string,
  value: string,
  variant: number,
  created: string,
) {
  return [
    '  <Naglowek>',
    `    <KodFormularza kodSystemowy="${systemCode}" wersjaSchemy="${schemaVersion}">${value}</KodFormularza>`,
    `    <WariantFormularza>${variant}</WariantFormularza>`,
    `    <DataWytworzeniaFa>${created}</DataWytworzeniaFa>`,
    '    <SystemInfo>KSeF simulator sample</SystemInfo>',
    '  </Naglowek>',
  ];
}

function party(element: string, nip: string, name: string, address: string, extra: string[] = []) {
  return [
    `  <${element}>`,
    '    <DaneIdentyfikacyjne>',
    `      <NIP>${nip}</NIP>`,
    `      <Nazwa>${name}</Nazwa>`,
    '    </DaneIdentyfikacyjne>',
    '    <Adres>',
    '      <KodKraju>PL</KodKraju>',
    `      <AdresL1>${address}</AdresL1>`,
    '    </Adres>',
    ...extra,
    `  </${element}>`,
  ];
}

/** FA (2) / FA (3): one 23% line, 100.00 net; FA (3) adds the buyer's JST/GV flags it requires. */
function vatInvoice(
  formCode: 'FA_2' | 'FA_3',
  v: SampleValues,
  attachment: SampleInvoiceOptions['attachment'],
): string[] {
  const schema = INVOICE_SCHEMAS[formCode];
  const fa3 = formCode === 'FA_3';
  return [
    `<Faktura xmlns="${schema.namespace}">`,
    ...header(schema.systemCode!, '1-0E', 'FA', fa3 ? 3 : 2, v.created),
    ...party('Podmiot1', v.nip, 'Sprzedawca Sp. z o.o.', 'ul. Prosta 1, 00-001 Warszawa'),
    ...party(
      'Podmiot2',
      v.buyerNip,
      'Nabywca S.A.',
      'ul. Krzywa 2, 30-001 Kraków',
      fa3 ? ['    <JST>2</JST>', '    <GV>2</GV>'] : [],
    ),
    '  <Fa>',
    '    <KodWaluty>PLN</KodWaluty>',
    `    <P_1>${v.date}</P_1>`,
    `    <P_2>${v.number}</P_2>`,
    '    <P_13_1>100.00</P_13_1>',
    '    <P_14_1>23.00</P_14_1>',
    '    <P_15>123.00</P_15>',
    '    <Adnotacje>',
    '      <P_16>2</P_16>',
    '      <P_17>2</P_17>',
    '      <P_18>2</P_18>',
    '      <P_18A>2</P_18A>',
    '      <Zwolnienie>',
    '        <P_19N>1</P_19N>',
    '      </Zwolnienie>',
    '      <NoweSrodkiTransportu>',
    '        <P_22N>1</P_22N>',
    '      </NoweSrodkiTransportu>',
    '      <P_23>2</P_23>',
    '      <PMarzy>',
    '        <P_PMarzyN>1</P_PMarzyN>',
    '      </PMarzy>',
    '    </Adnotacje>',
    '    <RodzajFaktury>VAT</RodzajFaktury>',
    '    <FaWiersz>',
    '      <NrWierszaFa>1</NrWierszaFa>',
    '      <P_7>Usługa programistyczna</P_7>',
    '      <P_8A>szt.</P_8A>',
    '      <P_8B>1</P_8B>',
    '      <P_9A>100.00</P_9A>',
    '      <P_11>100.00</P_11>',
    '      <P_12>23</P_12>',
    '    </FaWiersz>',
    '  </Fa>',
    ...(attachment
      ? attachmentBlock(typeof attachment === 'object' ? attachment.minBytes : 0)
      : []),
    '</Faktura>',
  ];
}

const METADATA_PER_BLOCK = 1000; // the FA (3) schema's maxOccurs for MetaDane and BlokDanych

/** FA (3) `Zalacznik`: key/value metadata and a paragraph, repeated to reach `minBytes`. */
function attachmentBlock(minBytes: number): string[] {
  const entry = (n: number) =>
    `        <MetaDane><ZKlucz>Pozycja ${n}</ZKlucz><ZWartosc>${'Dane załącznika '.repeat(14).trim()}</ZWartosc></MetaDane>`;
  const blocks: string[] = [];
  let bytes = 0;
  let n = 0;
  let blockCount = 0;
  do {
    blockCount++;
    blocks.push('    <BlokDanych>', '      <ZNaglowek>Warunki umowy</ZNaglowek>');
    for (let i = 0; i < METADATA_PER_BLOCK && (i === 0 || bytes < minBytes); i++) {
      const line = entry(++n);
      bytes += Buffer.byteLength(line) + 1;
      blocks.push(line);
    }
    blocks.push(
      '      <Tekst>',
      '        <Akapit>Płatność w terminie 14 dni od daty wystawienia faktury.</Akapit>',
      '      </Tekst>',
      '    </BlokDanych>',
    );
  } while (bytes < minBytes && blockCount < METADATA_PER_BLOCK);
  return ['  <Zalacznik>', ...blocks, '  </Zalacznik>'];
}

/** FA_RR (1): the buyer (Podmiot1) issues the invoice for a flat-rate farmer (Podmiot2). */
function farmerInvoice(v: SampleValues): string[] {
  return [
    `<Faktura xmlns="${INVOICE_SCHEMAS.FA_RR_1.namespace}">`,
    ...header('FA_RR (1)', '1-1E', 'FA_RR', 1, v.created),
    ...party('Podmiot1', v.nip, 'Skup Rolny Sp. z o.o.', 'ul. Prosta 1, 00-001 Warszawa'),
    ...party('Podmiot2', v.buyerNip, 'Gospodarstwo Rolne Jan Kowalski', 'Wieś 1, 30-001 Kraków'),
    '  <FakturaRR>',
    '    <KodWaluty>PLN</KodWaluty>',
    `    <P_4B>${v.date}</P_4B>`,
    `    <P_4C>${v.number}</P_4C>`,
    '    <P_11_1>100.00</P_11_1>',
    '    <P_11_2>7.00</P_11_2>',
    '    <P_12_1>107.00</P_12_1>',
    '    <P_12_2>sto siedem złotych 00/100</P_12_2>',
    '    <RodzajFaktury>VAT_RR</RodzajFaktury>',
    '  </FakturaRR>',
    '</Faktura>',
  ];
}

/** PEF (3) / PEF_KOR (3): the UBL fields KSeF reads; the Peppol schemas are not published by MF. */
function pefInvoice(formCode: FormCodeName, v: SampleValues): string[] {
  const schema = INVOICE_SCHEMAS[formCode];
  return [
    `<${schema.root} xmlns="${schema.namespace}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">`,
    '  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>',
    `  <cbc:ID>${v.number}</cbc:ID>`,
    `  <cbc:IssueDate>${v.date}</cbc:IssueDate>`,
    '  <cbc:DocumentCurrencyCode>PLN</cbc:DocumentCurrencyCode>',
    '  <cac:AccountingSupplierParty><cac:Party>',
    `    <cac:PartyTaxScheme><cbc:CompanyID>PL${v.nip}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`,
    '    <cac:PartyLegalEntity><cbc:RegistrationName>Sprzedawca Sp. z o.o.</cbc:RegistrationName></cac:PartyLegalEntity>',
    '  </cac:Party></cac:AccountingSupplierParty>',
    '  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="PLN">123.00</cbc:PayableAmount></cac:LegalMonetaryTotal>',
    `</${schema.root}>`,
  ];
}
