// A small, well-formed invoice for each form code, for demos and tests. It carries what KSeF
// reads from an invoice (seller NIP, number, issue date) in the places the official schemas put
// them; it is not a complete, XSD-valid FA document. Without an explicit number each call gets
// a fresh one, so two samples are never duplicates of each other by accident.
import { randomBytes } from 'node:crypto';
import type { FormCodeName } from '../ksef/wire/form-codes';
import { INVOICE_SCHEMAS } from './invoices/invoice-schemas';
import { escapeXml } from './upo/xml-escape';

export interface SampleInvoiceOptions {
  formCode?: FormCodeName;
  sellerNip?: string;
  invoiceNumber?: string;
  issueDate?: string;
}

/** A valid NIP (check digit included) used when the caller gives none. */
export const SAMPLE_SELLER_NIP = '5265877635';

export function buildSampleInvoice(options: SampleInvoiceOptions = {}): string {
  const formCode = options.formCode ?? 'FA_3';
  const schema = INVOICE_SCHEMAS[formCode];
  const nip = escapeXml(options.sellerNip ?? SAMPLE_SELLER_NIP);
  const number = escapeXml(
    options.invoiceNumber ?? `FV/SIM/${randomBytes(4).toString('hex').toUpperCase()}`,
  );
  const date = escapeXml(options.issueDate ?? new Date().toISOString().slice(0, 10));
  const created = new Date().toISOString();

  if (schema.family === 'ubl') {
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<${schema.root} xmlns="${schema.namespace}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">`,
      '  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>',
      `  <cbc:ID>${number}</cbc:ID>`,
      `  <cbc:IssueDate>${date}</cbc:IssueDate>`,
      '  <cbc:DocumentCurrencyCode>PLN</cbc:DocumentCurrencyCode>',
      '  <cac:AccountingSupplierParty><cac:Party>',
      `    <cac:PartyTaxScheme><cbc:CompanyID>PL${nip}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`,
      '    <cac:PartyLegalEntity><cbc:RegistrationName>Sprzedawca Sp. z o.o.</cbc:RegistrationName></cac:PartyLegalEntity>',
      '  </cac:Party></cac:AccountingSupplierParty>',
      '  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="PLN">123.00</cbc:PayableAmount></cac:LegalMonetaryTotal>',
      `</${schema.root}>`,
      '',
    ].join('\n');
  }

  const [kodSystemowy, wersjaSchemy, value] =
    formCode === 'FA_RR_1'
      ? ['FA_RR (1)', '1-1E', 'FA_RR']
      : [schema.systemCode ?? 'FA (3)', '1-0E', 'FA'];
  const body =
    formCode === 'FA_RR_1'
      ? [
          '  <FakturaRR>',
          '    <KodWaluty>PLN</KodWaluty>',
          `    <P_4B>${date}</P_4B>`,
          `    <P_4C>${number}</P_4C>`,
          '    <P_11_1>100.00</P_11_1>',
          '  </FakturaRR>',
        ]
      : [
          '  <Fa>',
          '    <KodWaluty>PLN</KodWaluty>',
          `    <P_1>${date}</P_1>`,
          `    <P_2>${number}</P_2>`,
          '    <P_13_1>100.00</P_13_1>',
          '    <P_14_1>23.00</P_14_1>',
          '    <P_15>123.00</P_15>',
          '    <RodzajFaktury>VAT</RodzajFaktury>',
          '  </Fa>',
        ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Faktura xmlns="${schema.namespace}">`,
    '  <Naglowek>',
    `    <KodFormularza kodSystemowy="${kodSystemowy}" wersjaSchemy="${wersjaSchemy}">${value}</KodFormularza>`,
    `    <WariantFormularza>${formCode === 'FA_2' ? 2 : formCode === 'FA_3' ? 3 : 1}</WariantFormularza>`,
    `    <DataWytworzeniaFa>${created}</DataWytworzeniaFa>`,
    '    <SystemInfo>KSeF simulator sample</SystemInfo>',
    '  </Naglowek>',
    '  <Podmiot1>',
    '    <DaneIdentyfikacyjne>',
    `      <NIP>${nip}</NIP>`,
    '      <Nazwa>Sprzedawca Sp. z o.o.</Nazwa>',
    '    </DaneIdentyfikacyjne>',
    '  </Podmiot1>',
    '  <Podmiot2>',
    '    <DaneIdentyfikacyjne>',
    '      <NIP>7010002139</NIP>',
    '      <Nazwa>Nabywca S.A.</Nazwa>',
    '    </DaneIdentyfikacyjne>',
    '  </Podmiot2>',
    ...body,
    '</Faktura>',
    '',
  ].join('\n');
}
