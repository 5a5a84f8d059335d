import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSchemaValidator,
  type SchemaValidator,
} from '../../../../src/simulator/invoices/schema-validator';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import { describeWithSchemas } from '../../../support/invoice-schemas';

const bytes = (xml: string) => Buffer.from(xml, 'utf8');

describeWithSchemas('schema validation against the official FA schemas', (dir) => {
  let validator: SchemaValidator;
  beforeAll(async () => {
    validator = await createSchemaValidator(dir);
  });
  afterAll(() => validator.close());

  it('covers FA (2), FA (3) and FA_RR (1)', () => {
    expect(validator.formCodes).toEqual(['FA_2', 'FA_3', 'FA_RR_1']);
  });

  it('finds the sample invoices of every form code valid, FA (3) with an attachment too', async () => {
    const verdicts = await Promise.all([
      validator.validate('FA_2', bytes(buildSampleInvoice({ formCode: 'FA_2' }))),
      validator.validate('FA_3', bytes(buildSampleInvoice({ formCode: 'FA_3' }))),
      validator.validate(
        'FA_3',
        bytes(buildSampleInvoice({ formCode: 'FA_3', attachment: { minBytes: 50_000 } })),
      ),
      validator.validate('FA_RR_1', bytes(buildSampleInvoice({ formCode: 'FA_RR_1' }))),
      validator.validate(
        'FA_3',
        bytes(buildSampleInvoice({ invoiceNumber: 'FV/<&>/"1"', sellerNip: '7010002139' })),
      ),
    ]);
    expect(verdicts).toEqual(Array(5).fill({ kind: 'valid' }));
  });

  it("reports a missing element with the validator's message and line", async () => {
    // The mistake the simulator's own sample used to make: no Adres for the seller.
    const noAddress = buildSampleInvoice().replace(/<Adres>[\s\S]*?<\/Adres>\n/, '');
    const verdict = await validator.validate('FA_3', bytes(noAddress));
    expect(verdict).toEqual({
      kind: 'invalid',
      messages: [
        "Element '{http://crd.gov.pl/wzor/2025/06/25/13775/}Podmiot1': Missing child element(s). Expected is ( {http://crd.gov.pl/wzor/2025/06/25/13775/}Adres ). (linia 9)",
      ],
    });
  });

  it('judges each invoice of a shared run on its own: one broken document spoils no other', async () => {
    const good = bytes(buildSampleInvoice());
    const misplaced = bytes(
      buildSampleInvoice()
        .replace('    <RodzajFaktury>VAT</RodzajFaktury>\n', '')
        .replace('<P_15>', '<RodzajFaktury>VAT</RodzajFaktury><P_15>'),
    );
    const verdicts = await Promise.all([
      validator.validate('FA_3', good),
      validator.validate('FA_3', bytes('<Faktura><unclosed></Faktura>')),
      validator.validate('FA_3', misplaced),
      validator.validate('FA_3', good),
    ]);
    expect(verdicts.map((v) => v.kind)).toEqual(['valid', 'invalid', 'invalid', 'valid']);
    expect(verdicts[2]).toMatchObject({
      messages: [expect.stringContaining("RodzajFaktury': This element is not expected")],
    });
  });

  it('validates invoices that wait together in one run, so the schema is parsed once for all', async () => {
    const before = validator.stats();
    const verdicts = await Promise.all(
      Array.from({ length: 30 }, () => validator.validate('FA_3', bytes(buildSampleInvoice()))),
    );
    expect(verdicts.every((v) => v.kind === 'valid')).toBe(true);
    const after = validator.stats();
    // The first call starts a run at once; the 29 queued behind it share the next one.
    expect(after.runs - before.runs).toBe(2);
    expect(after.documents - before.documents).toBe(30);
  });

  it('keeps the order of form codes as they arrive and cancels what waits at close', async () => {
    const own = await createSchemaValidator(dir);
    const first = own.validate('FA_2', bytes(buildSampleInvoice({ formCode: 'FA_2' })));
    const queued = own.validate('FA_3', bytes(buildSampleInvoice()));
    await own.close();
    expect(await first).toEqual({ kind: 'valid' });
    expect(await queued).toEqual({ kind: 'cancelled' });
    expect(await own.validate('FA_3', bytes(buildSampleInvoice()))).toEqual({
      kind: 'cancelled',
    });
  });

  it('fails at creation for a folder whose schema does not compile', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'broken-schemas-'));
    try {
      cpSync(dir, broken, { recursive: true });
      const fa3 = join(broken, 'schemat_FA(3)_v1-0E.xsd');
      writeFileSync(
        fa3,
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element name="Faktura" type="NoSuchType"/></xsd:schema>',
        { mode: 0o644 },
      );
      await expect(createSchemaValidator(broken)).rejects.toThrow(
        /schemat_FA\(3\)_v1-0E\.xsd does not compile: .*NoSuchType/,
      );
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
