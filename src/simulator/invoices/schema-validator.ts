// XSD validation of invoices with xmllint-wasm, off the event loop. Each xmllint-wasm call starts a
// worker thread, instantiates libxml2 and parses the schema (~200 ms, whatever the document count),
// then validates every file it was given (well under a millisecond per typical invoice). So the
// schema cannot be compiled once and kept; instead invoices waiting for the same form code are
// validated together, one run at a time: under load a run takes everything queued, and the
// per-invoice cost falls to that of validation itself. Order is kept (first in, first judged), so
// the duplicate check that follows a verdict sees invoices in the order they arrived.
import { createHash } from 'node:crypto';
import { memoryPages, validateXML } from 'xmllint-wasm';
import type { FormCodeName } from '../../ksef/wire/form-codes';
import { InvoiceSchemasError, loadInvoiceSchemas, type LoadedSchema } from './schema-catalog';

export type SchemaVerdict =
  | { kind: 'valid' }
  | { kind: 'invalid'; messages: string[] }
  /** xmllint itself failed (out of memory, a crash): not the invoice's fault. */
  | { kind: 'unavailable'; reason: string }
  /** The validator was closed before this invoice's turn. */
  | { kind: 'cancelled' };

export interface SchemaValidator {
  readonly directory: string;
  readonly formCodes: readonly FormCodeName[];
  validate(formCode: FormCodeName, xml: Uint8Array): Promise<SchemaVerdict>;
  /** Runs so far and invoices they held: runs < invoices when invoices shared a run. */
  stats(): { runs: number; documents: number };
  /** Cancels what waits, waits for the run in progress. */
  close(): Promise<void>;
}

/** Invoices one xmllint run takes at most, and their total size. */
export const SCHEMA_RUN_MAX_DOCUMENTS = 500;
export const SCHEMA_RUN_MAX_BYTES = 16_000_000;
/** Enough for the schemas, a run's files and the tree of a 3 MB invoice. */
const MAX_MEMORY_PAGES = 256 * memoryPages.MiB;
const MAX_MESSAGES_PER_INVOICE = 20;
const MAX_MESSAGE_LENGTH = 600;

interface Pending {
  formCode: FormCodeName;
  xml: Uint8Array;
  resolve(verdict: SchemaVerdict): void;
}

const documentName = (index: number) => `invoice-${index}.xml`;
const OUTPUT_LINE = /^(invoice-(\d+)\.xml)(?::(\d+):\s*(.*)|\s+(validates|fails to validate))$/;

function formatMessage(message: string, line: string): string {
  const text = message.replace(/^[\w ]*(?:error|warning)\s*:\s*/i, '').trim();
  const limited = text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
  return `${limited} (linia ${line})`;
}

/** One verdict per document from xmllint's stderr, or null where the output says nothing. */
function verdictsFrom(output: string, count: number): (SchemaVerdict | null)[] {
  const messages: string[][] = Array.from({ length: count }, () => []);
  const outcome: ('validates' | 'fails to validate' | undefined)[] = [];
  for (const line of output.split('\n')) {
    const match = OUTPUT_LINE.exec(line);
    if (!match) continue;
    const index = Number(match[2]);
    if (index >= count) continue;
    if (match[5]) outcome[index] = match[5] as 'validates' | 'fails to validate';
    else if (messages[index]!.length < MAX_MESSAGES_PER_INVOICE) {
      messages[index]!.push(formatMessage(match[4] ?? '', match[3] ?? '?'));
    }
  }
  return messages.map((found, index) => {
    if (outcome[index] === 'validates' && found.length === 0) return { kind: 'valid' };
    if (found.length > 0) return { kind: 'invalid', messages: found };
    if (outcome[index] === 'fails to validate') {
      return { kind: 'invalid', messages: ['Dokument nie jest zgodny ze schematem.'] };
    }
    return null;
  });
}

async function runXmllint(schema: LoadedSchema, documents: Uint8Array[]) {
  try {
    const result = await validateXML({
      xml: documents.map((contents, index) => ({ fileName: documentName(index), contents })),
      schema: [schema.main],
      preload: schema.dependencies,
      maxMemoryPages: MAX_MEMORY_PAGES,
    });
    return { output: result.rawOutput, failed: false };
  } catch (error) {
    // xmllint's non-validation exit codes (parse errors among them) reject with stderr as message.
    return { output: error instanceof Error ? error.message : String(error), failed: true };
  }
}

const compiled = new Map<string, Promise<void>>();

/** Fails when a schema does not compile; remembered per schema content for the process. */
function checkCompiles(directory: string, schema: LoadedSchema): Promise<void> {
  const key = createHash('sha256')
    .update(JSON.stringify([schema.main, schema.dependencies]))
    .digest('hex');
  let check = compiled.get(key);
  if (!check) {
    check = (async () => {
      // A document the schema does not declare: a compiled schema says "fails to validate",
      // a broken one makes xmllint exit with a schema error.
      const run = await runXmllint(schema, [Buffer.from('<schema-compile-check/>')]);
      if (run.failed) {
        const reason = run.output.split('\n').filter(Boolean).slice(0, 5).join(' | ');
        throw new InvoiceSchemasError(
          directory,
          `${schema.main.fileName} does not compile: ${reason}`,
        );
      }
    })();
    compiled.set(key, check);
    check.catch(() => compiled.delete(key));
  }
  return check;
}

/** Loads and compiles every schema now, so a broken folder fails at start, not at an invoice. */
export async function createSchemaValidator(directory: string): Promise<SchemaValidator> {
  const schemas = loadInvoiceSchemas(directory);
  await Promise.all(schemas.map((schema) => checkCompiles(directory, schema)));
  const byFormCode = new Map(schemas.map((schema) => [schema.formCode, schema]));
  const queue: Pending[] = [];
  let running: Promise<void> | null = null;
  let closed = false;
  let runs = 0;
  let documents = 0;

  async function validateRun(schema: LoadedSchema, items: Pending[]): Promise<void> {
    runs++;
    documents += items.length;
    const run = await runXmllint(
      schema,
      items.map((item) => item.xml),
    );
    const verdicts = verdictsFrom(run.output, items.length);
    if (run.failed && verdicts.every((v) => v === null) && items.length > 1) {
      // The run as a whole broke (e.g. one huge document ran out of memory): judge each alone.
      for (const item of items) await validateRun(schema, [item]);
      return;
    }
    items.forEach((item, index) => {
      item.resolve(
        verdicts[index] ?? {
          kind: 'unavailable',
          reason: run.output.split('\n').find(Boolean) ?? 'xmllint ended without a verdict',
        },
      );
    });
  }

  function takeRun(): Pending[] {
    const formCode = queue[0]!.formCode;
    let bytes = 0;
    let count = 0;
    while (
      count < queue.length &&
      count < SCHEMA_RUN_MAX_DOCUMENTS &&
      queue[count]!.formCode === formCode &&
      (count === 0 || bytes + queue[count]!.xml.length <= SCHEMA_RUN_MAX_BYTES)
    ) {
      bytes += queue[count]!.xml.length;
      count++;
    }
    return queue.splice(0, count);
  }

  function pump(): void {
    if (running || closed || queue.length === 0) return;
    const items = takeRun();
    running = validateRun(byFormCode.get(items[0]!.formCode)!, items).finally(() => {
      running = null;
      pump();
    });
  }

  return {
    directory,
    formCodes: schemas.map((schema) => schema.formCode),
    validate(formCode, xml) {
      if (closed) return Promise.resolve({ kind: 'cancelled' });
      if (!byFormCode.has(formCode)) return Promise.resolve({ kind: 'valid' });
      return new Promise<SchemaVerdict>((resolve) => {
        queue.push({ formCode, xml, resolve });
        pump();
      });
    },
    stats: () => ({ runs, documents }),
    async close() {
      closed = true;
      for (const item of queue.splice(0)) item.resolve({ kind: 'cancelled' });
      await running;
    },
  };
}
