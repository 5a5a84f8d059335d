// Which XML root each form code expects (the element and namespace of the official schemas), so a
// file sent in the wrong kind of session is caught the way KSeF's schema check would.
import type { FormCodeName } from '../../ksef/wire/form-codes';

export interface InvoiceSchema {
  root: string;
  namespace: string;
  /** `KodFormularza@kodSystemowy` for the FA family; PEF (UBL) has no such element. */
  systemCode?: string;
  family: 'fa' | 'ubl';
}

export const INVOICE_SCHEMAS: Readonly<Record<FormCodeName, InvoiceSchema>> = {
  FA_2: {
    root: 'Faktura',
    namespace: 'http://crd.gov.pl/wzor/2023/06/29/12648/',
    systemCode: 'FA (2)',
    family: 'fa',
  },
  FA_3: {
    root: 'Faktura',
    namespace: 'http://crd.gov.pl/wzor/2025/06/25/13775/',
    systemCode: 'FA (3)',
    family: 'fa',
  },
  // FA_RR (1) 1-1E as published by MF in 2026 (crd.gov.pl wzór 14189).
  FA_RR_1: {
    root: 'Faktura',
    namespace: 'http://crd.gov.pl/wzor/2026/03/06/14189/',
    systemCode: 'FA_RR (1)',
    family: 'fa',
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
