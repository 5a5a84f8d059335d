// Validates UPO documents against the official UPO XSD (kept outside the repository; the path comes from
// KSEF_UPO_XSD) with xmllint compiled to WebAssembly, so no native libxml2 is needed.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export interface XsdValidationResult {
  valid: boolean;
  errors: string[];
}

export interface UpoXsdOptions {
  /**
   * The official samples come from the TEST environment, whose UPOs name the receiver "Ministerstwo Finansów -
   * środowisko testowe (TE)" although the XSD fixes that element to "Ministerstwo Finansów". With this option the
   * TE/TR suffix is removed before validation, so everything else in such a document is still checked.
   */
  tolerateEnvironmentSuffix?: boolean;
}

const ENVIRONMENT_SUFFIX =
  /(<(?:[\w-]+:)?NazwaPodmiotuPrzyjmujacego>\s*Ministerstwo Finansów)\s*-\s*środowisko (?:testowe \(TE\)|przedprodukcyjne \(TR\))(\s*<\/)/u;

const xsdCache = new Map<string, string>();

function readXsd(xsdPath: string): string {
  let xsd = xsdCache.get(xsdPath);
  if (xsd === undefined) {
    xsd = readFileSync(xsdPath, 'utf8');
    xsdCache.set(xsdPath, xsd);
  }
  return xsd;
}

export async function validateUpoAgainstXsd(
  xml: string,
  xsdPath: string,
  options: UpoXsdOptions = {},
): Promise<XsdValidationResult> {
  const document = options.tolerateEnvironmentSuffix
    ? xml.replace(ENVIRONMENT_SUFFIX, '$1$2')
    : xml;
  const result = await validateXML({
    xml: [{ fileName: 'upo.xml', contents: document }],
    schema: [{ fileName: 'upo.xsd', contents: readXsd(xsdPath) }],
  });
  const errors = result.errors.map((error) => error.rawMessage);
  if (!result.valid && errors.length === 0)
    errors.push(result.rawOutput.trim() || 'xmllint reported the document invalid');
  return { valid: result.valid, errors };
}

/** The UPO XSD path from KSEF_UPO_XSD, or undefined (with a console warning naming the skipped suite). */
export function upoXsdPathFromEnv(suite: string): string | undefined {
  const xsdPath = process.env.KSEF_UPO_XSD;
  if (xsdPath === undefined || xsdPath === '') {
    console.warn(
      `KSEF_UPO_XSD is not set: skipping "${suite}" (point it at the official upo-v4-3.xsd)`,
    );
    return undefined;
  }
  return xsdPath;
}

/** KSEF_UPO_SAMPLES_DIR, or `<dir of KSEF_UPO_XSD>/../przyklady/v4-3`, or undefined. */
export function upoSamplesDirFromEnv(): string | undefined {
  const explicit = process.env.KSEF_UPO_SAMPLES_DIR;
  if (explicit !== undefined && explicit !== '') return explicit;
  const xsdPath = process.env.KSEF_UPO_XSD;
  if (xsdPath === undefined || xsdPath === '') return undefined;
  return resolve(join(dirname(xsdPath), '..', 'przyklady', 'v4-3'));
}
