// The invoices users copy (the playground's SendInvoice tab and the README's online session)
// must be what KSeF accepts: valid against the official FA(3) schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_INVOICE_XML } from '../../../src/http/playground-sample-invoice';
import { createSchemaValidator } from '../../../src/simulator/invoices/schema-validator';
import type { SchemaValidator } from '../../../src/simulator/invoices/schema-validator';
import { describeWithSchemas } from '../../support/invoice-schemas';

/** The XML inside the README's sendInvoice example (a GraphQL block string). */
function readmeInvoices(): string[] {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  return [...readme.matchAll(/invoiceXml: """\n([\s\S]*?)\n\s*"""/g)].map((match) => match[1]!);
}

describeWithSchemas('the invoices in examples', (dir) => {
  let validator: SchemaValidator;
  beforeAll(async () => {
    validator = await createSchemaValidator(dir);
  });
  afterAll(() => validator?.close());

  it("the playground's sample is a valid FA(3) invoice", async () => {
    expect(await validator.validate('FA_3', Buffer.from(SAMPLE_INVOICE_XML))).toEqual({
      kind: 'valid',
    });
  });

  it("the README's are valid FA(3) invoices", async () => {
    const invoices = readmeInvoices();
    expect(invoices.length).toBeGreaterThan(0);
    for (const xml of invoices) {
      expect(await validator.validate('FA_3', Buffer.from(xml.trim()))).toEqual({ kind: 'valid' });
    }
  });
});
