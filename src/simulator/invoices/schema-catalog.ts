// Loads the official invoice XSDs from a folder laid out like MF publishes them (the form schemas,
// `bazowe/` with the common MF types, `catalog.xml`). The form schemas import the common types by
// their crd.gov.pl URL; xmllint-wasm has neither network nor catalog support, so the OASIS catalog
// is applied here: every schemaLocation is resolved (relative to its file, or through the
// catalog's system/uri/rewrite entries), read from the folder and rewritten to its in-memory path.
// Whatever is missing or unmapped is reported now, with the file and the location that failed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FormCodeName } from '../../ksef/wire/form-codes';
import { INVOICE_SCHEMAS, SCHEMA_VALIDATED_FORM_CODES } from './invoice-schemas';

export interface SchemaFile {
  /** Path inside xmllint's in-memory file system, relative to its root. */
  fileName: string;
  contents: string;
}

export interface LoadedSchema {
  formCode: FormCodeName;
  main: SchemaFile;
  /** Every file the main schema imports or includes, transitively. */
  dependencies: SchemaFile[];
}

export class InvoiceSchemasError extends Error {
  constructor(directory: string, problem: string) {
    super(`Invoice schemas folder ${directory}: ${problem}`);
    this.name = 'InvoiceSchemasError';
  }
}

interface CatalogRule {
  kind: 'exact' | 'prefix';
  from: string;
  /** As written in the catalog: relative to the catalog's folder, replacing `from` string-wise. */
  to: string;
}

const catalogParser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const EXACT: Record<string, [string, string]> = {
  system: ['@_systemId', '@_uri'],
  uri: ['@_name', '@_uri'],
};
const PREFIX: Record<string, [string, string]> = {
  rewriteSystem: ['@_systemIdStartString', '@_rewritePrefix'],
  rewriteURI: ['@_uriStartString', '@_rewritePrefix'],
};

/**
 * Without a catalog: the layout of the official `faktury/schemy/FA` folder, whose `bazowe/` holds
 * the common MF types the form schemas import from crd.gov.pl. A checkout of that folder works
 * as it is.
 */
const OFFICIAL_LAYOUT: readonly CatalogRule[] = [
  {
    kind: 'prefix',
    from: 'http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/',
    to: 'bazowe/',
  },
];

function readCatalog(directory: string): readonly CatalogRule[] {
  const path = join(directory, 'catalog.xml');
  if (!existsSync(path)) return OFFICIAL_LAYOUT;
  const parsed = catalogParser.parse(readFileSync(path, 'utf8')) as Record<string, unknown[]>;
  const catalog = (parsed.catalog?.[0] ?? {}) as Record<string, Record<string, string>[]>;
  const rules: CatalogRule[] = [];
  for (const [element, [fromAttribute, toAttribute]] of Object.entries({ ...EXACT, ...PREFIX })) {
    for (const entry of catalog[element] ?? []) {
      const from = entry[fromAttribute];
      const to = entry[toAttribute];
      if (!from || !to) continue;
      rules.push({ kind: element in EXACT ? 'exact' : 'prefix', from, to });
    }
  }
  return rules;
}

/** The file on disk a schemaLocation names, or null when it is a URL the catalog does not map. */
function resolveLocation(
  location: string,
  referencingFile: string,
  directory: string,
  rules: readonly CatalogRule[],
): string | null {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(location)) return resolve(dirname(referencingFile), location);
  const exact = rules.find((r) => r.kind === 'exact' && r.from === location);
  if (exact) return resolve(directory, exact.to);
  const rewrite = rules
    .filter((r) => r.kind === 'prefix' && location.startsWith(r.from))
    .sort((a, b) => b.from.length - a.from.length)[0];
  return rewrite ? resolve(directory, rewrite.to + location.slice(rewrite.from.length)) : null;
}

const SCHEMA_LOCATION =
  /(<(?:[\w-]+:)?(?:import|include|redefine)\b[^>]*?\bschemaLocation\s*=\s*)(["'])([^"']*)\2/g;

function loadSchema(
  directory: string,
  formCode: FormCodeName,
  rules: readonly CatalogRule[],
): LoadedSchema {
  const xsdFileName = INVOICE_SCHEMAS[formCode].xsdFileName!;
  const mainPath = join(directory, xsdFileName);
  if (!existsSync(mainPath)) {
    throw new InvoiceSchemasError(
      directory,
      `${xsdFileName} (the schema of ${INVOICE_SCHEMAS[formCode].systemCode ?? formCode}) is missing.`,
    );
  }
  const files = new Map<string, SchemaFile>();
  const inMemoryName = (path: string) => relative(directory, path).split(sep).join('/');
  const visit = (path: string): string => {
    const name = inMemoryName(path);
    if (files.has(name)) return name;
    files.set(name, { fileName: name, contents: '' }); // cycles (include loops) stop here
    const original = readFileSync(path, 'utf8');
    const contents = original.replace(
      SCHEMA_LOCATION,
      (_all, head: string, quote: string, location: string) => {
        const target = resolveLocation(location, path, directory, rules);
        if (target === null) {
          throw new InvoiceSchemasError(
            directory,
            `${name} refers to ${location}, which catalog.xml does not map to a local file (validation must work offline).`,
          );
        }
        if (relative(directory, target).startsWith('..')) {
          throw new InvoiceSchemasError(
            directory,
            `${name} refers to ${location}, resolved to ${target}, outside the folder.`,
          );
        }
        if (!existsSync(target)) {
          throw new InvoiceSchemasError(
            directory,
            `${name} refers to ${location}, resolved to ${target}, which does not exist.`,
          );
        }
        return `${head}${quote}/${visit(target)}${quote}`;
      },
    );
    files.set(name, { fileName: name, contents });
    return name;
  };
  const mainName = visit(mainPath);
  const main = files.get(mainName)!;
  files.delete(mainName);
  return { formCode, main, dependencies: [...files.values()] };
}

/** Every schema-validated form code's XSD with its dependencies; throws InvoiceSchemasError. */
export function loadInvoiceSchemas(directory: string): LoadedSchema[] {
  const absolute = resolve(directory);
  if (!existsSync(absolute)) throw new InvoiceSchemasError(absolute, 'the folder does not exist.');
  const rules = readCatalog(absolute);
  return SCHEMA_VALIDATED_FORM_CODES.map((formCode) => loadSchema(absolute, formCode, rules));
}
