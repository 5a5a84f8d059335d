// Validates XML against the official UPO XSD when KSEF_UPO_XSD points at it; the spec files are
// not part of the repository, so without the variable callers skip with a clear message.
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

export const UPO_XSD_PATH = process.env.KSEF_UPO_XSD;

export async function validateUpo(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  if (!UPO_XSD_PATH) throw new Error('KSEF_UPO_XSD is not set');
  const result = await validateXML({
    xml: [{ fileName: 'upo.xml', contents: xml }],
    schema: [{ fileName: 'upo.xsd', contents: readFileSync(UPO_XSD_PATH, 'utf8') }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

export function logXsdSkip(what: string): void {
  console.warn(
    `SKIPPED XSD validation of ${what}: set KSEF_UPO_XSD to the path of upo-v4-3.xsd (e.g. ../shared/ksef/upo/schemy/upo-v4-3.xsd).`,
  );
}
