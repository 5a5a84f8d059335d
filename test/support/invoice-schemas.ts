// The official invoice XSDs are not part of the repository: KSEF_SCHEMAS_DIR points at a folder
// laid out like ../shared/ksef/fa (the FA schemas, bazowe/, catalog.xml). Suites that need it run
// only when it is set, and say loudly that they skipped otherwise.
export const INVOICE_SCHEMAS_DIR: string | undefined = process.env.KSEF_SCHEMAS_DIR || undefined;

/** `describe` when KSEF_SCHEMAS_DIR is set; otherwise a skipped suite and a warning naming it. */
export function describeWithSchemas(name: string, body: (dir: string) => void): void {
  const dir = INVOICE_SCHEMAS_DIR;
  if (dir === undefined) {
    console.warn(
      `KSEF_SCHEMAS_DIR is not set: SKIPPED "${name}" (point it at the official FA schemas folder with catalog.xml, e.g. ../shared/ksef/fa)`,
    );
    describe.skip(name, () => body(''));
    return;
  }
  describe(name, () => body(dir));
}
