// The verdict on one decrypted invoice's content, as KSeF gives it: the checks every invoice gets
// (invoice-inspector.ts), then, when the simulator has the official schemas, the XSD of the
// session's form code. XSD errors end as 450 "Błąd weryfikacji semantyki dokumentu faktury" with
// the validator's messages as details: that is how KSeF reports them (its details are .NET's
// schema messages under 450), while 430 "Błąd weryfikacji pliku faktury" is what it answers for
// the file itself (a BOM, a size). A validator failure is not the invoice's fault: 550, as KSeF
// answers when it aborts processing, with its advice to send again.
import type { FormCodeName } from '../../ksef/wire/form-codes';
import type { InspectionContext, InvoiceFacts } from './invoice-inspector';
import { inspectInvoice } from './invoice-inspector';
import { INVOICE_SCHEMAS } from './invoice-schemas';
import type { SchemaValidator } from './schema-validator';

export type InvoiceVerdict =
  | { kind: 'accepted'; facts: InvoiceFacts }
  | { kind: 'rejected'; code: number; details: string[] }
  /** The simulator stopped before the verdict; nothing is to be recorded. */
  | { kind: 'cancelled' };

export interface SchemaValidationInfo {
  enabled: boolean;
  /** Form codes validated against an XSD (empty when disabled). */
  formCodes: FormCodeName[];
  /** The folder the schemas came from, when enabled. */
  directory?: string;
}

export interface InvoiceVerifier {
  verify(xml: Buffer, context: InspectionContext): Promise<InvoiceVerdict>;
  readonly schemaValidation: SchemaValidationInfo;
  close(): Promise<void>;
}

/** KSeF's detail for 550: processing aborted for internal reasons, send again. */
export const SYSTEM_ABORT_DETAIL =
  'Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie';

export function createInvoiceVerifier(schemas: SchemaValidator | null = null): InvoiceVerifier {
  return {
    schemaValidation: schemas
      ? { enabled: true, formCodes: [...schemas.formCodes], directory: schemas.directory }
      : { enabled: false, formCodes: [] },
    async verify(xml, context) {
      const inspection = inspectInvoice(xml, context);
      if (inspection.kind === 'rejected') return inspection;
      if (!schemas?.formCodes.includes(context.formCode)) {
        return { kind: 'accepted', facts: inspection.facts };
      }
      const verdict = await schemas.validate(context.formCode, xml);
      switch (verdict.kind) {
        case 'valid':
          return { kind: 'accepted', facts: inspection.facts };
        case 'invalid':
          return { kind: 'rejected', code: 450, details: verdict.messages };
        case 'unavailable':
          return { kind: 'rejected', code: 550, details: [SYSTEM_ABORT_DETAIL] };
        case 'cancelled':
          return { kind: 'cancelled' };
      }
    },
    close: () => schemas?.close() ?? Promise.resolve(),
  };
}

/** One line for a start-up log: whether invoices meet the official XSDs here, and which. */
export function describeSchemaValidation(info: SchemaValidationInfo): string {
  if (!info.enabled) {
    return 'invoice schema validation off: invoices get every other check of KSeF verification, but no XSD';
  }
  const names = info.formCodes.map((code) => INVOICE_SCHEMAS[code].systemCode ?? code).join(', ');
  return `invoice schema validation on: ${names} against the XSDs in ${info.directory ?? '?'} (PEF: every other check; its schemas are not among MF's FA schemas)`;
}
