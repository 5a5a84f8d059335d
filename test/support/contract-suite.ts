// The shared half of the simulator's contract tests (test/integration/simulator-contract/): a
// simulator driven over real HTTP through a recorder that checks every answer against the
// official KSeF OpenAPI spec and every UPO against the official XSD, and the helpers the tests
// drive it with. Both files live outside the repository: KSEF_OPENAPI_SPEC and KSEF_UPO_XSD point
// at them (.ci/run sets both); without them the suites say they skipped.
import { randomUUID } from 'node:crypto';
import { startSimulator } from '../../src/simulator/simulator';
import type { SimulatorHandle, SimulatorOptions } from '../../src/simulator/simulator';
import { ContractRecorder, exceptionCodesOf, pollUntil } from './contract-harness';
import type { CheckedResponse } from './contract-harness';
import {
  FA3,
  newSessionKeys,
  sendInvoiceBody,
  symmetricKeyCertificate,
} from './ksef-client-crypto';
import type { PublicKeyCertificate, SessionKeys } from './ksef-client-crypto';
import { createContractValidator, openApiSpecPathFromEnv } from './openapi-contract';
import type { ContractValidator } from './openapi-contract';
import { upoXsdPathFromEnv } from './upo-xsd';

const SUITE = 'the simulator against the official KSeF contract';
const specPath = openApiSpecPathFromEnv(SUITE);
const xsdPath = upoXsdPathFromEnv(SUITE);
const available = specPath !== undefined && xsdPath !== undefined;

/** `describe` when both contract files are there, else a skipped suite whose title says why. */
export function describeContract(name: string, body: () => void): void {
  const missing = [
    specPath === undefined ? 'KSEF_OPENAPI_SPEC' : '',
    xsdPath === undefined ? 'KSEF_UPO_XSD' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const title = `${SUITE}: ${name}`;
  if (available) describe(title, body);
  else describe.skip(`${title} (SKIPPED: ${missing} not set)`, body);
}

export const KSEF_NUMBER =
  /^([1-9](\d[1-9]|[1-9]\d)\d{7})-(20[2-9][0-9]|2[1-9]\d{2}|[3-9]\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])-([0-9A-F]{6})-?([0-9A-F]{6})-([0-9A-F]{2})$/;
export const UNKNOWN_REF = '20250101-SO-0000000000-0000000000-00';
export const UNKNOWN_UPO_REF = '20250101-EU-0000000000-0000000000-00';

export interface InvoiceStatus {
  ordinalNumber: number;
  referenceNumber: string;
  invoiceHash: string;
  ksefNumber?: string | null;
  invoiceFileName?: string | null;
  upoDownloadUrl?: string | null;
  status: { code: number; extensions?: Record<string, string | null> | null };
}

export interface SessionStatus {
  status: { code: number };
  upo?: { pages: { referenceNumber: string; downloadUrl: string }[] } | null;
  invoiceCount?: number | null;
  successfulInvoiceCount?: number | null;
  failedInvoiceCount?: number | null;
}

export interface SessionList {
  continuationToken?: string | null;
  sessions: { referenceNumber: string; dateCreated: string; status: { code: number } }[];
}

export interface InvoiceList {
  continuationToken?: string | null;
  invoices: InvoiceStatus[];
}

/** A value built by the first call that needs it; later calls share it (a memoised fixture). */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => (built ??= build());
}

/**
 * A simulator for the suite around the call (started in beforeAll, stopped in afterAll) and the
 * helpers bound to it. Call it at the top of a describe; read `api`, `simulator` … inside tests.
 */
export function useContractSimulator(options: SimulatorOptions = {}) {
  let simulator!: SimulatorHandle;
  let validator!: ContractValidator;
  let api!: ContractRecorder;
  let certificate!: PublicKeyCertificate;

  beforeAll(async () => {
    validator = createContractValidator(specPath!, { forbidUndocumentedProperties: true });
    simulator = await startSimulator({ port: 0, processingDelayMs: 50, ...options });
    api = new ContractRecorder(validator, simulator.url, xsdPath!);
    const certificates = await api.call('GET', '/security/public-key-certificates');
    certificate = symmetricKeyCertificate(certificates.json as PublicKeyCertificate[]);
    api.take();
  }, 60_000);

  afterAll(async () => {
    await simulator?.stop();
  });

  /** Runs the body, then fails with every contract violation its calls collected (also when the body threw). */
  const contractTest = (name: string, body: () => Promise<void> | void, timeout?: number) =>
    it(
      name,
      async () => {
        api.take();
        let failure: unknown;
        try {
          await body();
        } catch (error) {
          failure = error;
        }
        const violations = api.take();
        const report = `${violations.length} contract violation(s):\n  - ${violations.join('\n  - ')}`;
        if (failure instanceof Error) {
          if (violations.length > 0) failure.message += `\n\n${report}`;
          throw failure;
        }
        if (failure !== undefined) throw new Error(`non-Error thrown: ${JSON.stringify(failure)}`);
        if (violations.length > 0) throw new Error(report);
      },
      timeout,
    );

  const newToken = () => `contract-${randomUUID()}`;

  /** Expects a 400 carrying `code`, in the default format and again with X-Error-Format: problem-details. */
  async function expectBadRequestInBothFormats(
    code: number,
    call: (problemDetails: boolean) => Promise<CheckedResponse>,
  ): Promise<void> {
    for (const problemDetails of [false, true]) {
      const response = await call(problemDetails);
      expect({
        status: response.status,
        problemDetails,
        codes: exceptionCodesOf(response.json),
      }).toEqual({
        status: 400,
        problemDetails,
        codes: [code],
      });
      expect(response.mediaType).toBe(
        problemDetails ? 'application/problem+json' : 'application/json',
      );
    }
  }

  async function openOnline(
    token: string,
    keys: SessionKeys = newSessionKeys(certificate),
  ): Promise<{ ref: string; keys: SessionKeys }> {
    const opened = await api.call('POST', '/sessions/online', {
      token,
      body: { formCode: FA3, encryption: keys.encryption },
    });
    expect(opened.status).toBe(201);
    return { ref: (opened.json as { referenceNumber: string }).referenceNumber, keys };
  }

  async function sendInvoice(
    token: string,
    ref: string,
    keys: Pick<SessionKeys, 'key' | 'iv'>,
    xml: string,
  ): Promise<string> {
    const sent = await api.call('POST', `/sessions/online/${ref}/invoices`, {
      token,
      body: sendInvoiceBody(keys, xml),
    });
    expect(sent.status).toBe(202);
    return (sent.json as { referenceNumber: string }).referenceNumber;
  }

  const invoiceStatus = async (
    token: string,
    ref: string,
    invoiceRef: string,
  ): Promise<InvoiceStatus> => {
    const response = await api.call('GET', `/sessions/${ref}/invoices/${invoiceRef}`, { token });
    expect(response.status).toBe(200);
    return response.json as InvoiceStatus;
  };

  const finalInvoiceStatus = (token: string, ref: string, invoiceRef: string) =>
    pollUntil(
      `invoice ${invoiceRef} to be final`,
      () => invoiceStatus(token, ref, invoiceRef),
      (s) => s.status.code >= 200,
    );

  const sessionStatus = async (token: string, ref: string): Promise<SessionStatus> => {
    const response = await api.call('GET', `/sessions/${ref}`, { token });
    expect(response.status).toBe(200);
    return response.json as SessionStatus;
  };

  const finalSessionStatus = (token: string, ref: string) =>
    pollUntil(
      `session ${ref} to be final`,
      () => sessionStatus(token, ref),
      (s) => s.status.code >= 200,
    );

  return {
    get simulator() {
      return simulator;
    },
    get validator() {
      return validator;
    },
    get api() {
      return api;
    },
    get certificate() {
      return certificate;
    },
    contractTest,
    newToken,
    expectBadRequestInBothFormats,
    openOnline,
    sendInvoice,
    invoiceStatus,
    finalInvoiceStatus,
    sessionStatus,
    finalSessionStatus,
  };
}

export type ContractSuite = ReturnType<typeof useContractSimulator>;

/** The suite's recorder, read at call time (it exists once the suite's beforeAll has run). */
export function liveApi(suite: ContractSuite): ContractRecorder {
  return new Proxy({} as ContractRecorder, {
    get: (_target, key) => Reflect.get(suite.api, key, suite.api) as unknown,
  });
}
