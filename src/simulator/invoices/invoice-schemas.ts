// Which XML root each form code expects (the element and namespace of the official schemas), so a
// file sent in the wrong kind of session is caught the way KSeF's schema check would, and which
// official XSD validates it. PEF (UBL 2.1 with Peppol rules) has no XSD among the FA schemas, so
// those sessions get every check except schema validation.
import type { FormCodeName } from '../../ksef/wire/form-codes';

export interface InvoiceSchema {
  root: string;
  namespace: string;
  /** `KodFormularza@kodSystemowy` for the FA family; PEF (UBL) has no such element. */
  systemCode?: string;
  family: 'fa' | 'ubl';
  /** The official XSD's file name in an invoice-schemas folder (FA family only). */
  xsdFileName?: string;
}

export const INVOICE_SCHEMAS: Readonly<Record<FormCodeName, InvoiceSchema>> = {
  FA_2: {
    root: 'Faktura',
    namespace: 'http://crd.gov.pl/wzor/2023/06/29/12648/',
    systemCode: 'FA (2)',
    family: 'fa',
    xsdFileName: 'schemat_FA(2)_v1-0E.xsd',
  },
  FA_3: {
    root: 'Faktura',
    namespace: 'http://crd.gov.pl/wzor/2025/06/25/13775/',
    systemCode: 'FA (3)',
    family: 'fa',
    xsdFileName: 'schemat_FA(3)_v1-0E.xsd',
  },
  // FA_RR (1) 1-1E as published by MF in 2026 (crd.gov.pl wzór 14189).
  FA_RR_1: {
    root: 'Faktura',
    namespace: 'http://crd.gov.pl/wzor/2026/03/06/14189/',
    systemCode: 'FA_RR (1)',
    family: 'fa',
    xsdFileName: 'schemat_FA_RR(1)_v1-1E.xsd',
  },
  PEF_3: {
    root: 'Invoice',
    namespace: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
    family: 'ubl',
  },
  PEF_KOR_3: {
    root: 'CreditNote',
    namespace: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
    family: 'ubl',
  },
};

/** The form codes an invoice-schemas folder must hold an XSD for. */
export const SCHEMA_VALIDATED_FORM_CODES: readonly FormCodeName[] = (
  Object.keys(INVOICE_SCHEMAS) as FormCodeName[]
).filter((name) => INVOICE_SCHEMAS[name].xsdFileName !== undefined);
