import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvoiceSchemasError,
  loadInvoiceSchemas,
} from '../../../../src/simulator/invoices/schema-catalog';
import { describeWithSchemas } from '../../../support/invoice-schemas';

const CATALOG = `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <rewriteSystem systemIdStartString="http://example.invalid/types/" rewritePrefix="common/"/>
</catalog>`;
const schemaImporting = (location: string) =>
  `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:import namespace="urn:t" schemaLocation="${location}"/></xsd:schema>`;
const FORM_SCHEMAS = [
  'schemat_FA(2)_v1-0E.xsd',
  'schemat_FA(3)_v1-0E.xsd',
  'schemat_FA_RR(1)_v1-1E.xsd',
];

describe('loadInvoiceSchemas on a folder of its own making', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'invoice-schemas-'));
    mkdirSync(join(dir, 'common'));
    writeFileSync(
      join(dir, 'common', 'types.xsd'),
      '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:include schemaLocation="more.xsd"/></xsd:schema>',
    );
    writeFileSync(
      join(dir, 'common', 'more.xsd'),
      '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"/>',
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves imports through the catalog and includes relative to their file, to in-memory paths', () => {
    writeFileSync(join(dir, 'catalog.xml'), CATALOG);
    for (const name of FORM_SCHEMAS) {
      writeFileSync(join(dir, name), schemaImporting('http://example.invalid/types/types.xsd'));
    }
    const schemas = loadInvoiceSchemas(dir);
    expect(schemas.map((s) => [s.formCode, s.main.fileName])).toEqual([
      ['FA_2', 'schemat_FA(2)_v1-0E.xsd'],
      ['FA_3', 'schemat_FA(3)_v1-0E.xsd'],
      ['FA_RR_1', 'schemat_FA_RR(1)_v1-1E.xsd'],
    ]);
    expect(schemas[1]!.main.contents).toContain('schemaLocation="/common/types.xsd"');
    expect(schemas[1]!.dependencies.map((f) => f.fileName)).toEqual([
      'common/types.xsd',
      'common/more.xsd',
    ]);
    expect(schemas[1]!.dependencies[0]!.contents).toContain('schemaLocation="/common/more.xsd"');
  });

  it('says which form schema is missing', () => {
    writeFileSync(join(dir, 'catalog.xml'), CATALOG);
    writeFileSync(join(dir, FORM_SCHEMAS[0]!), schemaImporting('common/types.xsd'));
    expect(() => loadInvoiceSchemas(dir)).toThrow(
      new InvoiceSchemasError(dir, 'schemat_FA(3)_v1-0E.xsd (the schema of FA (3)) is missing.'),
    );
  });

  it('refuses a URL the catalog does not map, since validation must not need the network', () => {
    writeFileSync(join(dir, 'catalog.xml'), CATALOG);
    for (const name of FORM_SCHEMAS) {
      writeFileSync(join(dir, name), schemaImporting('http://crd.gov.pl/elsewhere/types.xsd'));
    }
    expect(() => loadInvoiceSchemas(dir)).toThrow(
      /refers to http:\/\/crd\.gov\.pl\/elsewhere\/types\.xsd, which catalog\.xml does not map/,
    );
  });

  it('without a catalog, takes the layout of the official faktury/schemy/FA folder', () => {
    mkdirSync(join(dir, 'bazowe'));
    writeFileSync(
      join(dir, 'bazowe', 'StrukturyDanych_v10-0E.xsd'),
      '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"/>',
    );
    for (const name of FORM_SCHEMAS) {
      writeFileSync(
        join(dir, name),
        schemaImporting(
          'http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/StrukturyDanych_v10-0E.xsd',
        ),
      );
    }
    const schemas = loadInvoiceSchemas(dir);
    expect(schemas[1]!.main.contents).toContain(
      'schemaLocation="/bazowe/StrukturyDanych_v10-0E.xsd"',
    );
  });

  it('refuses a folder that does not exist', () => {
    expect(() => loadInvoiceSchemas(join(dir, 'nope'))).toThrow(/the folder does not exist/);
  });
});

describeWithSchemas('loadInvoiceSchemas on the official schemas', (dir) => {
  it('maps the crd.gov.pl import of every form schema to the local bazowe/ copies', () => {
    for (const schema of loadInvoiceSchemas(dir)) {
      expect(schema.main.contents).not.toContain('schemaLocation="http');
      expect(schema.dependencies.map((f) => f.fileName).sort()).toEqual([
        'bazowe/ElementarneTypyDanych_v10-0E.xsd',
        'bazowe/KodyKrajow_v10-0E.xsd',
        'bazowe/StrukturyDanych_v10-0E.xsd',
      ]);
    }
  });
});
