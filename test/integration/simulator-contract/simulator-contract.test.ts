// THE contract test of the embedded simulator: every endpoint it serves is driven over real HTTP through its
// successes and its error cases, and every answer is checked against the official KSeF OpenAPI spec (schema for
// operation + status + media type, documented exception codes, headers) and every UPO against the official XSD.
// Both files live outside the repository: KSEF_OPENAPI_SPEC and KSEF_UPO_XSD point at them (.ci/run sets both).
import { randomBytes, randomUUID } from 'node:crypto';
import { zipSync } from 'fflate';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { startSimulator } from '../../../src/simulator/simulator';
import type { SimulatorHandle } from '../../../src/simulator/simulator';
import { createContractValidator, openApiSpecPathFromEnv } from '../../support/openapi-contract';
import type { ContractValidator } from '../../support/openapi-contract';
import { upoXsdPathFromEnv } from '../../support/upo-xsd';
import { ContractRecorder, exceptionCodesOf, pollUntil } from '../../support/contract-harness';
import type { CheckedResponse } from '../../support/contract-harness';
import {
  FA3,
  batchPackage,
  newSessionKeys,
  sendInvoiceBody,
  sha256Base64,
  symmetricKeyCertificate,
} from '../../support/ksef-client-crypto';
import type { PublicKeyCertificate, SessionKeys } from '../../support/ksef-client-crypto';

const SUITE = 'the simulator against the official KSeF contract';
const specPath = openApiSpecPathFromEnv(SUITE);
const xsdPath = upoXsdPathFromEnv(SUITE);
const describeContract = specPath !== undefined && xsdPath !== undefined ? describe : describe.skip;
const title =
  specPath !== undefined && xsdPath !== undefined
    ? SUITE
    : `${SUITE} (SKIPPED: ${[specPath === undefined ? 'KSEF_OPENAPI_SPEC' : '', xsdPath === undefined ? 'KSEF_UPO_XSD' : ''].filter(Boolean).join(' and ')} not set)`;

const KSEF_NUMBER =
  /^([1-9](\d[1-9]|[1-9]\d)\d{7})-(20[2-9][0-9]|2[1-9]\d{2}|[3-9]\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])-([0-9A-F]{6})-?([0-9A-F]{6})-([0-9A-F]{2})$/;
const UNKNOWN_REF = '20250101-SO-0000000000-0000000000-00';
const UNKNOWN_UPO_REF = '20250101-EU-0000000000-0000000000-00';

interface InvoiceStatus {
  ordinalNumber: number;
  referenceNumber: string;
  invoiceHash: string;
  ksefNumber?: string | null;
  invoiceFileName?: string | null;
  upoDownloadUrl?: string | null;
  status: { code: number; extensions?: Record<string, string | null> | null };
}

interface SessionStatus {
  status: { code: number };
  upo?: { pages: { referenceNumber: string; downloadUrl: string }[] } | null;
  invoiceCount?: number | null;
  successfulInvoiceCount?: number | null;
  failedInvoiceCount?: number | null;
}

interface SessionList {
  continuationToken?: string | null;
  sessions: { referenceNumber: string; dateCreated: string; status: { code: number } }[];
}

interface InvoiceList {
  continuationToken?: string | null;
  invoices: InvoiceStatus[];
}

describeContract(title, () => {
  let simulator: SimulatorHandle;
  let validator: ContractValidator;
  let api: ContractRecorder;
  let certificate: PublicKeyCertificate;

  beforeAll(async () => {
    validator = createContractValidator(specPath!, { forbidUndocumentedProperties: true });
    simulator = await startSimulator({ port: 0, processingDelayMs: 50 });
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

  describe('public keys and rate limits', () => {
    contractTest(
      'GET /security/public-key-certificates answers without a token with usable X.509 certificates',
      async () => {
        const response = await api.call('GET', '/security/public-key-certificates');
        expect(response.status).toBe(200);
        expect(response.mediaType).toBe('application/json');
        const certificates = response.json as PublicKeyCertificate[];
        expect(
          certificates
            .map((c) => c.usage)
            .flat()
            .sort(),
        ).toEqual(['KsefTokenEncryption', 'SymmetricKeyEncryption']);
        expect(() => newSessionKeys(symmetricKeyCertificate(certificates))).not.toThrow();
      },
    );

    contractTest('GET /rate-limits reports the effective limits and needs a token', async () => {
      const response = await api.call('GET', '/rate-limits', { token: newToken() });
      expect(response.status).toBe(200);
      expect(
        (response.json as Record<string, { perSecond: number }>).sessionList?.perSecond,
      ).toBeGreaterThan(0);
      const anonymous = await api.call('GET', '/rate-limits');
      expect(anonymous.status).toBe(401);
      expect(anonymous.mediaType).toBe('application/problem+json');
    });
  });

  describe('an online session from opening to the session UPO', () => {
    const token = newToken();
    let ref: string;
    let keys: SessionKeys;
    let goodInvoiceRef: string;
    let rejectedInvoiceRef: string;
    let ksefNumber: string;

    contractTest(
      'POST /sessions/online opens a session with 201 and GET /sessions/{ref} shows it open without a UPO',
      async () => {
        ({ ref, keys } = await openOnline(token));
        const status = await sessionStatus(token, ref);
        expect(status.status.code).toBe(100);
        expect(status.upo ?? null).toBeNull();
      },
    );

    contractTest(
      'a correct invoice is accepted with 202 and ends with 200 and a KSeF number',
      async () => {
        goodInvoiceRef = await sendInvoice(token, ref, keys, buildSampleInvoice());
        const final = await finalInvoiceStatus(token, ref, goodInvoiceRef);
        expect(final.status.code).toBe(200);
        expect(final.ksefNumber).toMatch(KSEF_NUMBER);
        ksefNumber = final.ksefNumber!;
      },
    );

    contractTest(
      'the invoice UPO is the same XSD-valid document by invoice reference, by KSeF number and by its downloadUrl',
      async () => {
        const byReference = await api.call(
          'GET',
          `/sessions/${ref}/invoices/${goodInvoiceRef}/upo`,
          { token },
        );
        const byKsefNumber = await api.call(
          'GET',
          `/sessions/${ref}/invoices/ksef/${ksefNumber}/upo`,
          { token },
        );
        expect([byReference.status, byKsefNumber.status]).toEqual([200, 200]);
        expect(byReference.mediaType).toBe('application/xml');
        const { upoDownloadUrl, invoiceHash } = await invoiceStatus(token, ref, goodInvoiceRef);
        expect(upoDownloadUrl).toEqual(expect.stringMatching(/^https?:\/\//));
        const downloaded = await api.storageUpo(upoDownloadUrl!);
        expect(downloaded.status).toBe(200);
        expect(byKsefNumber.text).toBe(byReference.text);
        expect(downloaded.text).toBe(byReference.text);
        expect(byReference.text).toContain(
          `<NumerKSeFDokumentu>${ksefNumber}</NumerKSeFDokumentu>`,
        );
        expect(byReference.text).toContain(`<SkrotDokumentu>${invoiceHash}</SkrotDokumentu>`);
      },
    );

    contractTest(
      'a semantically wrong invoice and broken XML end with 450 (as KSeF reports "Nieprawidłowy XML"), a wrongly encrypted one with 435',
      async () => {
        const semantic = await sendInvoice(
          token,
          ref,
          keys,
          buildSampleInvoice({ sellerNip: '1234567890' }),
        );
        const malformed = await sendInvoice(token, ref, keys, '<Faktura><Naglowek>');
        const otherKeys = { key: randomBytes(32), iv: randomBytes(16) };
        const undecryptable = await api.call('POST', `/sessions/online/${ref}/invoices`, {
          token,
          // hashes and sizes of the plaintext are what the client believes it sent; the content is encrypted with a
          // key the session does not know, so only processing can find out (435).
          body: { ...sendInvoiceBody(otherKeys, buildSampleInvoice()) },
        });
        expect(undecryptable.status).toBe(202);
        const codes = [];
        for (const invoiceRef of [
          semantic,
          malformed,
          (undecryptable.json as { referenceNumber: string }).referenceNumber,
        ]) {
          codes.push((await finalInvoiceStatus(token, ref, invoiceRef)).status.code);
        }
        expect(codes).toEqual([450, 450, 435]);
        rejectedInvoiceRef = semantic;
      },
    );

    contractTest(
      'a second invoice with the same seller and number ends as a 440 duplicate pointing at the original',
      async () => {
        const original = await invoiceStatus(token, ref, goodInvoiceRef);
        const upo = await api.call('GET', `/sessions/${ref}/invoices/${goodInvoiceRef}/upo`, {
          token,
        });
        const number = /<NumerFaktury>([^<]+)<\/NumerFaktury>/.exec(upo.text)?.[1];
        expect(number).toBeDefined();
        const duplicate = await sendInvoice(
          token,
          ref,
          keys,
          buildSampleInvoice({ invoiceNumber: number! }),
        );
        const final = await finalInvoiceStatus(token, ref, duplicate);
        expect(final.status.code).toBe(440);
        expect(final.status.extensions).toEqual({
          originalSessionReferenceNumber: ref,
          originalKsefNumber: original.ksefNumber,
        });
      },
    );

    contractTest(
      'GET /sessions/{ref}/invoices lists all five invoices and /invoices/failed only the four rejected',
      async () => {
        const all = await api.call('GET', `/sessions/${ref}/invoices`, { token });
        const failed = await api.call('GET', `/sessions/${ref}/invoices/failed`, { token });
        expect([all.status, failed.status]).toEqual([200, 200]);
        expect((all.json as InvoiceList).invoices.map((i) => i.ordinalNumber)).toEqual([
          1, 2, 3, 4, 5,
        ]);
        expect((failed.json as InvoiceList).invoices.map((i) => i.status.code).sort()).toEqual([
          435, 440, 450, 450,
        ]);
        expect((all.json as InvoiceList).continuationToken ?? null).toBeNull();
      },
    );

    contractTest(
      'the invoice-UPO-by-KSeF-number route answers 21178 for a KSeF number without a UPO',
      async () => {
        const unknownKsefNumber = `${ksefNumber.slice(0, 20)}000000000000-00`;
        expect(unknownKsefNumber).toMatch(KSEF_NUMBER);
        await expectBadRequestInBothFormats(21178, (problemDetails) =>
          api.call('GET', `/sessions/${ref}/invoices/ksef/${unknownKsefNumber}/upo`, {
            token,
            problemDetails,
          }),
        );
      },
    );

    contractTest(
      'the invoice-UPO-by-reference route answers 21405 for a malformed invoice reference',
      async () => {
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('GET', `/sessions/${ref}/invoices/NOT-A-REFERENCE/upo`, {
            token,
            problemDetails,
          }),
        );
      },
    );

    contractTest('the session UPO route answers 21178 before the session has a UPO', async () => {
      await expectBadRequestInBothFormats(21178, (problemDetails) =>
        api.call('GET', `/sessions/${ref}/upo/${UNKNOWN_UPO_REF}`, { token, problemDetails }),
      );
    });

    contractTest(
      'POST /sessions/online/{ref}/close answers 204 without a body and the session ends with 200 and a UPO',
      async () => {
        const closed = await api.call('POST', `/sessions/online/${ref}/close`, { token });
        expect(closed.status).toBe(204);
        expect(closed.bytes).toHaveLength(0);
        const final = await finalSessionStatus(token, ref);
        expect(final.status.code).toBe(200);
        expect(final.upo?.pages).toHaveLength(1);
        expect([
          final.invoiceCount,
          final.successfulInvoiceCount,
          final.failedInvoiceCount,
        ]).toEqual([5, 1, 4]);
      },
    );

    contractTest(
      'the session UPO is the same XSD-valid document through the API and through its downloadUrl',
      async () => {
        const final = await sessionStatus(token, ref);
        const page = final.upo!.pages[0]!;
        const viaApi = await api.call('GET', `/sessions/${ref}/upo/${page.referenceNumber}`, {
          token,
        });
        expect(viaApi.status).toBe(200);
        expect(viaApi.mediaType).toBe('application/xml');
        const viaLink = await api.storageUpo(page.downloadUrl);
        expect(viaLink.text).toBe(viaApi.text);
        expect(viaApi.text).toContain(`<NumerReferencyjnySesji>${ref}</NumerReferencyjnySesji>`);
        expect(viaApi.text).toContain(`<NumerKSeFDokumentu>${ksefNumber}</NumerKSeFDokumentu>`);
        expect(viaApi.text.match(/<Dokument>/g)).toHaveLength(1); // only the accepted invoice
      },
    );

    contractTest(
      'the per-invoice routes answer unknown sessions and invoices with exception codes their 400 tables document',
      async () => {
        // The spec documents only 21405 for the invoice status and the invoice-UPO-by-reference routes and only
        // 21178/21405 for the invoice-UPO-by-KSeF-number route; 21173 is not listed for any of the three.
        const calls = [
          `/sessions/${UNKNOWN_REF}/invoices/${goodInvoiceRef}`,
          `/sessions/${ref}/invoices/${UNKNOWN_REF}`,
          `/sessions/${UNKNOWN_REF}/invoices/${goodInvoiceRef}/upo`,
          `/sessions/${ref}/invoices/${rejectedInvoiceRef}/upo`,
          `/sessions/${UNKNOWN_REF}/invoices/ksef/${ksefNumber}/upo`,
        ];
        for (const path of calls) {
          for (const problemDetails of [false, true]) {
            expect(
              `${path}: ${(await api.call('GET', path, { token, problemDetails })).status}`,
            ).toBe(`${path}: 400`);
          }
        }
      },
    );

    contractTest(
      'a closed session refuses a second close and further invoices with 21180',
      async () => {
        await expectBadRequestInBothFormats(21180, (problemDetails) =>
          api.call('POST', `/sessions/online/${ref}/close`, { token, problemDetails }),
        );
        await expectBadRequestInBothFormats(21180, (problemDetails) =>
          api.call('POST', `/sessions/online/${ref}/invoices`, {
            token,
            problemDetails,
            body: sendInvoiceBody(keys, buildSampleInvoice()),
          }),
        );
      },
    );

    contractTest(
      'the session UPO route answers 21178 for an unknown page and 21173 for an unknown session',
      async () => {
        await expectBadRequestInBothFormats(21178, (problemDetails) =>
          api.call('GET', `/sessions/${ref}/upo/${UNKNOWN_UPO_REF}`, { token, problemDetails }),
        );
        await expectBadRequestInBothFormats(21173, (problemDetails) =>
          api.call('GET', `/sessions/${UNKNOWN_REF}/upo/${UNKNOWN_UPO_REF}`, {
            token,
            problemDetails,
          }),
        );
      },
    );
  });

  describe('online session errors', () => {
    contractTest(
      'POST /sessions/online answers 21470 for an unknown publicKeyId and 21405 for a body without formCode',
      async () => {
        const token = newToken();
        const keys = newSessionKeys(certificate);
        await expectBadRequestInBothFormats(21470, (problemDetails) =>
          api.call('POST', '/sessions/online', {
            token,
            problemDetails,
            body: {
              formCode: FA3,
              encryption: { ...keys.encryption, publicKeyId: sha256Base64('no such key') },
            },
          }),
        );
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('POST', '/sessions/online', {
            token,
            problemDetails,
            invalidRequest: true,
            body: { encryption: keys.encryption },
          }),
        );
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('POST', '/sessions/online', {
            token,
            problemDetails,
            invalidRequest: true,
            body: '{"formCode": ',
          }),
        );
      },
    );

    contractTest(
      'POST /sessions/online without a token answers 401 with UnauthorizedProblemDetails',
      async () => {
        const keys = newSessionKeys(certificate);
        for (const problemDetails of [false, true]) {
          const response = await api.call('POST', '/sessions/online', {
            problemDetails,
            body: { formCode: FA3, encryption: keys.encryption },
          });
          expect(response.status).toBe(401);
          expect(response.mediaType).toBe('application/problem+json');
          expect((response.json as { status: number }).status).toBe(401);
        }
        const listing = await api.call('GET', '/sessions?sessionType=Online');
        expect(listing.status).toBe(401);
      },
    );

    contractTest(
      'sending an invoice whose size or hash does not match answers 21402 or 21403',
      async () => {
        const token = newToken();
        const { ref, keys } = await openOnline(token);
        const good = sendInvoiceBody(keys, buildSampleInvoice());
        await expectBadRequestInBothFormats(21402, (problemDetails) =>
          api.call('POST', `/sessions/online/${ref}/invoices`, {
            token,
            problemDetails,
            body: { ...good, encryptedInvoiceSize: good.encryptedInvoiceSize + 16 },
          }),
        );
        await expectBadRequestInBothFormats(21403, (problemDetails) =>
          api.call('POST', `/sessions/online/${ref}/invoices`, {
            token,
            problemDetails,
            body: { ...good, encryptedInvoiceHash: sha256Base64('other') },
          }),
        );
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('POST', `/sessions/online/${ref}/invoices`, {
            token,
            problemDetails,
            invalidRequest: true,
            body: { ...good, invoiceHash: 'short' },
          }),
        );
      },
    );

    contractTest(
      'an unknown session answers 21173 on status, listings, invoices and close',
      async () => {
        const token = newToken();
        const keys = newSessionKeys(certificate);
        const calls: [string, string, unknown?][] = [
          ['GET', `/sessions/${UNKNOWN_REF}`],
          ['GET', `/sessions/${UNKNOWN_REF}/invoices`],
          ['GET', `/sessions/${UNKNOWN_REF}/invoices/failed`],
          [
            'POST',
            `/sessions/online/${UNKNOWN_REF}/invoices`,
            sendInvoiceBody(keys, buildSampleInvoice()),
          ],
          ['POST', `/sessions/online/${UNKNOWN_REF}/close`],
          ['POST', `/sessions/batch/${UNKNOWN_REF}/close`],
        ];
        for (const [method, path, body] of calls) {
          await expectBadRequestInBothFormats(21173, (problemDetails) =>
            api.call(method, path, { token, problemDetails, body }),
          );
        }
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('GET', '/sessions/not-a-reference-number', { token, problemDetails }),
        );
      },
    );

    contractTest('another caller cannot see a session: it answers 21173', async () => {
      const { ref } = await openOnline(newToken());
      await expectBadRequestInBothFormats(21173, (problemDetails) =>
        api.call('GET', `/sessions/${ref}`, { token: newToken(), problemDetails }),
      );
    });

    contractTest(
      'an online session closed without invoices ends cancelled (440) without a UPO',
      async () => {
        const token = newToken();
        const { ref } = await openOnline(token);
        expect((await api.call('POST', `/sessions/online/${ref}/close`, { token })).status).toBe(
          204,
        );
        const final = await finalSessionStatus(token, ref);
        expect(final.status.code).toBe(440);
        expect(final.upo ?? null).toBeNull();
      },
    );
  });

  describe('listing sessions and invoices', () => {
    contractTest(
      'GET /sessions pages Online sessions newest first with x-continuation-token and honours the filters',
      async () => {
        const token = newToken();
        const refs: string[] = [];
        for (let i = 0; i < 12; i++) refs.push((await openOnline(token)).ref);

        const first = await api.call('GET', '/sessions?sessionType=Online&pageSize=10', { token });
        const firstPage = first.json as SessionList;
        expect(firstPage.sessions).toHaveLength(10);
        expect(firstPage.continuationToken).toEqual(expect.any(String));
        const second = await api.call('GET', '/sessions?sessionType=Online&pageSize=10', {
          token,
          headers: { 'x-continuation-token': firstPage.continuationToken! },
        });
        const secondPage = second.json as SessionList;
        expect(secondPage.sessions).toHaveLength(2);
        expect(secondPage.continuationToken ?? null).toBeNull();
        const listed = [...firstPage.sessions, ...secondPage.sessions];
        expect(new Set(listed.map((s) => s.referenceNumber))).toEqual(new Set(refs));
        const created = listed.map((s) => Date.parse(s.dateCreated));
        expect(created).toEqual([...created].sort((a, b) => b - a));

        const byRef = await api.call(
          'GET',
          `/sessions?sessionType=Online&referenceNumber=${refs[3]}`,
          { token },
        );
        expect((byRef.json as SessionList).sessions.map((s) => s.referenceNumber)).toEqual([
          refs[3],
        ]);
        const inProgress = await api.call(
          'GET',
          '/sessions?sessionType=Online&statuses=InProgress&statuses=Failed&pageSize=100',
          { token },
        );
        expect((inProgress.json as SessionList).sessions).toHaveLength(12);
        const succeeded = await api.call('GET', '/sessions?sessionType=Online&statuses=Succeeded', {
          token,
        });
        expect((succeeded.json as SessionList).sessions).toHaveLength(0);
        const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
        const none = await api.call(
          'GET',
          `/sessions?sessionType=Online&dateCreatedFrom=${future}`,
          { token },
        );
        expect((none.json as SessionList).sessions).toHaveLength(0);
        const batch = await api.call('GET', '/sessions?sessionType=Batch', { token });
        expect((batch.json as SessionList).sessions).toHaveLength(0);
      },
    );

    contractTest(
      'GET /sessions answers 21418 for a tampered continuation token and 21405 for pageSize 5 or no sessionType',
      async () => {
        const token = newToken();
        for (let i = 0; i < 11; i++) await openOnline(token);
        const first = await api.call('GET', '/sessions?sessionType=Online', { token });
        const continuation = (first.json as SessionList).continuationToken!;
        const tampered = Buffer.from(
          Buffer.from(continuation, 'base64')
            .toString('utf8')
            .replace(/"s":"./, '"s":"A'),
        ).toString('base64');
        expect(tampered).not.toBe(continuation);
        for (const bad of [tampered, 'not-a-token']) {
          await expectBadRequestInBothFormats(21418, (problemDetails) =>
            api.call('GET', '/sessions?sessionType=Online', {
              token,
              problemDetails,
              headers: { 'x-continuation-token': bad },
            }),
          );
        }
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('GET', '/sessions?sessionType=Online&pageSize=5', { token, problemDetails }),
        );
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('GET', '/sessions', { token, problemDetails }),
        );
        for (const query of [
          'statuses=Nonsense',
          'referenceNumber=too-short',
          'dateCreatedFrom=yesterday',
          'sessionType=Both',
        ]) {
          await expectBadRequestInBothFormats(21405, (problemDetails) =>
            api.call(
              'GET',
              `/sessions?${query.startsWith('sessionType') ? '' : 'sessionType=Online&'}${query}`,
              { token, problemDetails },
            ),
          );
        }
      },
    );

    contractTest(
      'GET /sessions/{ref}/invoices pages eleven invoices and rejects a tampered token with 21418',
      async () => {
        const token = newToken();
        const { ref, keys } = await openOnline(token);
        const sent: string[] = [];
        for (let i = 0; i < 11; i++)
          sent.push(await sendInvoice(token, ref, keys, buildSampleInvoice()));
        const first = await api.call('GET', `/sessions/${ref}/invoices?pageSize=10`, { token });
        const firstPage = first.json as InvoiceList;
        expect(firstPage.invoices).toHaveLength(10);
        const second = await api.call('GET', `/sessions/${ref}/invoices?pageSize=10`, {
          token,
          headers: { 'x-continuation-token': firstPage.continuationToken! },
        });
        const secondPage = second.json as InvoiceList;
        expect(
          [...firstPage.invoices, ...secondPage.invoices].map((i) => i.referenceNumber).sort(),
        ).toEqual([...sent].sort());
        expect(secondPage.continuationToken ?? null).toBeNull();
        for (const path of [`/sessions/${ref}/invoices`, `/sessions/${ref}/invoices/failed`]) {
          await expectBadRequestInBothFormats(21418, (problemDetails) =>
            api.call('GET', path, {
              token,
              problemDetails,
              headers: { 'x-continuation-token': 'bm90IGEgdG9rZW4=' },
            }),
          );
          await expectBadRequestInBothFormats(21405, (problemDetails) =>
            api.call('GET', `${path}?pageSize=5`, { token, problemDetails }),
          );
        }
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('GET', `/sessions/${ref}/invoices/${UNKNOWN_REF}`, { token, problemDetails }),
        );
      },
    );
  });

  describe('a batch session', () => {
    const zipOf = (count: number) => {
      const files: Record<string, Uint8Array> = {};
      for (let i = 1; i <= count; i++)
        files[`faktura-${i}.xml`] = Buffer.from(buildSampleInvoice(), 'utf8');
      return Buffer.from(zipSync(files));
    };

    contractTest(
      'opens with 201 and partUploadRequests, takes the parts, closes with 204 and ends with 200 and a session UPO',
      async () => {
        const token = newToken();
        const keys = newSessionKeys(certificate);
        const pkg = batchPackage(keys, zipOf(3), 2);
        const opened = await api.call('POST', '/sessions/batch', {
          token,
          body: {
            formCode: FA3,
            batchFile: pkg.batchFile,
            encryption: keys.encryption,
            offlineMode: false,
          },
        });
        expect(opened.status).toBe(201);
        const { referenceNumber: ref, partUploadRequests } = opened.json as {
          referenceNumber: string;
          partUploadRequests: {
            ordinalNumber: number;
            method: string;
            url: string;
            headers: Record<string, string | null>;
          }[];
        };
        expect(partUploadRequests.map((p) => p.ordinalNumber)).toEqual([1, 2]);
        for (const part of partUploadRequests) {
          const headers = Object.fromEntries(
            Object.entries(part.headers).filter((e): e is [string, string] => e[1] !== null),
          );
          const uploaded = await api.storage(part.method, part.url, {
            headers,
            body: pkg.encryptedParts[part.ordinalNumber - 1],
          });
          expect(uploaded.status).toBe(201);
        }
        const listed = await api.call('GET', '/sessions?sessionType=Batch', { token });
        expect((listed.json as SessionList).sessions.map((s) => s.referenceNumber)).toEqual([ref]);
        const closed = await api.call('POST', `/sessions/batch/${ref}/close`, { token });
        expect(closed.status).toBe(204);
        expect(closed.bytes).toHaveLength(0);
        const final = await finalSessionStatus(token, ref);
        expect(final.status.code).toBe(200);
        expect([final.invoiceCount, final.successfulInvoiceCount]).toEqual([3, 3]);

        const invoices = (await api.call('GET', `/sessions/${ref}/invoices`, { token }))
          .json as InvoiceList;
        expect(invoices.invoices.map((i) => i.invoiceFileName).sort()).toEqual([
          'faktura-1.xml',
          'faktura-2.xml',
          'faktura-3.xml',
        ]);
        const page = final.upo!.pages[0]!;
        const viaApi = await api.call('GET', `/sessions/${ref}/upo/${page.referenceNumber}`, {
          token,
        });
        expect(viaApi.status).toBe(200);
        expect((await api.storageUpo(page.downloadUrl)).text).toBe(viaApi.text);
        const first = invoices.invoices[0]!;
        expect(
          (
            await api.call('GET', `/sessions/${ref}/invoices/${first.referenceNumber}/upo`, {
              token,
            })
          ).status,
        ).toBe(200);
        expect(
          (
            await api.call('GET', `/sessions/${ref}/invoices/ksef/${first.ksefNumber!}/upo`, {
              token,
            })
          ).status,
        ).toBe(200);
        await expectBadRequestInBothFormats(21180, (problemDetails) =>
          api.call('POST', `/sessions/batch/${ref}/close`, { token, problemDetails }),
        );
      },
    );

    contractTest(
      'POST /sessions/batch answers 21161 for 51 parts, 21405 for no parts and 21470 for an unknown key',
      async () => {
        const token = newToken();
        const keys = newSessionKeys(certificate);
        const pkg = batchPackage(keys, zipOf(1), 1);
        const part = pkg.batchFile.fileParts[0]!;
        const tooMany = Array.from({ length: 51 }, (_, i) => ({ ...part, ordinalNumber: i + 1 }));
        // 51 parts break the spec's maxItems: 50 as well; KSeF documents 21161 for exactly this case.
        await expectBadRequestInBothFormats(21161, (problemDetails) =>
          api.call('POST', '/sessions/batch', {
            token,
            problemDetails,
            invalidRequest: true,
            body: {
              formCode: FA3,
              batchFile: { ...pkg.batchFile, fileParts: tooMany },
              encryption: keys.encryption,
            },
          }),
        );
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('POST', '/sessions/batch', {
            token,
            problemDetails,
            invalidRequest: true,
            body: {
              formCode: FA3,
              batchFile: { ...pkg.batchFile, fileParts: [] },
              encryption: keys.encryption,
            },
          }),
        );
        await expectBadRequestInBothFormats(21470, (problemDetails) =>
          api.call('POST', '/sessions/batch', {
            token,
            problemDetails,
            body: {
              formCode: FA3,
              batchFile: pkg.batchFile,
              encryption: { ...keys.encryption, publicKeyId: sha256Base64('no such key') },
            },
          }),
        );
      },
    );

    contractTest(
      'closing a batch session before its declared part was uploaded answers 21205',
      async () => {
        const token = newToken();
        const keys = newSessionKeys(certificate);
        const pkg = batchPackage(keys, zipOf(2), 2);
        const opened = await api.call('POST', '/sessions/batch', {
          token,
          body: { formCode: FA3, batchFile: pkg.batchFile, encryption: keys.encryption },
        });
        const { referenceNumber: ref, partUploadRequests } = opened.json as {
          referenceNumber: string;
          partUploadRequests: { url: string; method: string }[];
        };
        const uploaded = await api.storage(
          partUploadRequests[0]!.method,
          partUploadRequests[0]!.url,
          { body: pkg.encryptedParts[0] },
        );
        expect(uploaded.status).toBe(201);
        await expectBadRequestInBothFormats(21205, (problemDetails) =>
          api.call('POST', `/sessions/batch/${ref}/close`, { token, problemDetails }),
        );
      },
    );

    contractTest(
      'closing a batch session whose uploaded part differs in size from the declared one answers 21157',
      async () => {
        const token = newToken();
        const keys = newSessionKeys(certificate);
        const pkg = batchPackage(keys, zipOf(1), 1);
        const opened = await api.call('POST', '/sessions/batch', {
          token,
          body: { formCode: FA3, batchFile: pkg.batchFile, encryption: keys.encryption },
        });
        const { referenceNumber: ref, partUploadRequests } = opened.json as {
          referenceNumber: string;
          partUploadRequests: { url: string; method: string }[];
        };
        const shorter = pkg.encryptedParts[0]!.subarray(16);
        expect(
          (
            await api.storage(partUploadRequests[0]!.method, partUploadRequests[0]!.url, {
              body: shorter,
            })
          ).status,
        ).toBe(201);
        await expectBadRequestInBothFormats(21157, (problemDetails) =>
          api.call('POST', `/sessions/batch/${ref}/close`, { token, problemDetails }),
        );
      },
    );
  });

  describe('the checker itself', () => {
    it('reports answers that break the spec when the simulator is made to misbehave', async () => {
      api.take();
      const token = newToken();
      const { ref } = await openOnline(token);
      const callsBefore = api.calls.length;
      simulator.faults.inject(
        'GET /sessions/{referenceNumber}',
        { type: 'status', status: 200, body: '{"status":{"code":"100"}}' },
        { times: 1 },
      );
      simulator.faults.inject(
        'GET /sessions/{referenceNumber}/invoices',
        { type: 'status', status: 500, body: '{}' },
        { times: 1 },
      );
      simulator.faults.inject(
        'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}',
        {
          type: 'status',
          status: 200,
          body: '<Potwierdzenie/>',
          headers: { 'content-type': 'application/xml', 'x-ms-meta-hash': sha256Base64('x') },
        },
        { times: 1 },
      );
      simulator.faults.inject(
        'GET /sessions',
        { type: 'status', status: 429, body: '{"status":{"code":429}}' },
        { times: 1 },
      );
      await api.call('GET', `/sessions/${ref}`, { token });
      await api.call('GET', `/sessions/${ref}/invoices`, { token });
      await api.call('GET', `/sessions/${ref}/upo/${UNKNOWN_UPO_REF}`, { token });
      await api.call('GET', '/sessions?sessionType=Online', { token });
      api.calls.splice(callsBefore); // the injected answers must not count as coverage below
      const violations = api.take().join('\n');
      expect(violations).toContain("must have required property 'dateCreated'");
      expect(violations).toContain('/status/code must be integer');
      expect(violations).toContain('status 500 is not documented');
      expect(violations).toContain('is not the Base64 SHA-256 of the body');
      expect(violations).toContain('UPO breaks the XSD');
      expect(violations).toContain('429 without the Retry-After header');
      expect(violations).toContain("must have required property 'description'");
    });
  });

  contractTest(
    'every operation the simulator serves was driven to a documented success and, where the spec lists one, a 400',
    () => {
      const served = Object.entries(validator.spec.paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter(
            () =>
              path.startsWith('/sessions') ||
              path === '/security/public-key-certificates' ||
              path === '/rate-limits',
          )
          .map((method) => `${method.toUpperCase()} ${path}`),
      );
      const missing = served.flatMap((operation) => {
        const [method, path] = operation.split(' ') as [string, string];
        const calls = api.calls.filter((c) => c.method === method && c.pathTemplate === path);
        const gaps = [];
        if (!calls.some((c) => c.status >= 200 && c.status < 300))
          gaps.push(`${operation}: no success`);
        // Only the /sessions operations have 400 cases a client can provoke.
        if (path.startsWith('/sessions')) {
          for (const mediaType of ['application/json', 'application/problem+json']) {
            if (!calls.some((c) => c.status === 400 && c.mediaType === mediaType))
              gaps.push(`${operation}: no 400 as ${mediaType}`);
          }
        }
        return gaps;
      });
      expect(served).toHaveLength(15);
      expect(missing).toEqual([]);
    },
  );
});

describeContract(`${title}: slow processing, to see the intermediate states`, () => {
  let simulator: SimulatorHandle;
  let api: ContractRecorder;
  let certificate: PublicKeyCertificate;

  beforeAll(async () => {
    const validator = createContractValidator(specPath!, { forbidUndocumentedProperties: true });
    simulator = await startSimulator({ port: 0, processingDelayMs: 1500 });
    api = new ContractRecorder(validator, simulator.url, xsdPath!);
    certificate = symmetricKeyCertificate(
      (await api.call('GET', '/security/public-key-certificates')).json as PublicKeyCertificate[],
    );
  }, 60_000);

  afterAll(async () => {
    await simulator?.stop();
  });

  it('shows an invoice in progress without KSeF number or UPO link and a closed session (170) without UPO', async () => {
    api.take();
    const token = `contract-${randomUUID()}`;
    const keys = newSessionKeys(certificate);
    const opened = await api.call('POST', '/sessions/online', {
      token,
      body: { formCode: FA3, encryption: keys.encryption },
    });
    const ref = (opened.json as { referenceNumber: string }).referenceNumber;
    const sent = await api.call('POST', `/sessions/online/${ref}/invoices`, {
      token,
      body: sendInvoiceBody(keys, buildSampleInvoice()),
    });
    const invoiceRef = (sent.json as { referenceNumber: string }).referenceNumber;
    const inProgress = (await api.call('GET', `/sessions/${ref}/invoices/${invoiceRef}`, { token }))
      .json as InvoiceStatus;
    expect(inProgress.status.code).toBeLessThan(200);
    expect([inProgress.ksefNumber ?? null, inProgress.upoDownloadUrl ?? null]).toEqual([
      null,
      null,
    ]);
    const listed = (await api.call('GET', `/sessions/${ref}/invoices`, { token }))
      .json as InvoiceList;
    expect(listed.invoices.map((i) => i.referenceNumber)).toEqual([invoiceRef]);

    expect((await api.call('POST', `/sessions/online/${ref}/close`, { token })).status).toBe(204);
    const closed = (await api.call('GET', `/sessions/${ref}`, { token })).json as SessionStatus;
    expect(closed.status.code).toBe(170);
    expect(closed.upo ?? null).toBeNull();
    const stillInProgress = (
      await api.call('GET', `/sessions?sessionType=Online&statuses=InProgress`, { token })
    ).json as SessionList;
    expect(stillInProgress.sessions.map((s) => [s.referenceNumber, s.status.code])).toEqual([
      [ref, 170],
    ]);
    const noUpoYet = await api.call('GET', `/sessions/${ref}/upo/${UNKNOWN_UPO_REF}`, { token });
    expect(exceptionCodesOf(noUpoYet.json)).toEqual([21178]);
    const violations = api.take();
    if (violations.length > 0)
      throw new Error(
        `${violations.length} contract violation(s):\n  - ${violations.join('\n  - ')}`,
      );
  });
});

describeContract(`${title}: rate limits switched on`, () => {
  let simulator: SimulatorHandle;
  let api: ContractRecorder;

  beforeAll(async () => {
    const validator = createContractValidator(specPath!, { forbidUndocumentedProperties: true });
    simulator = await startSimulator({
      port: 0,
      processingDelayMs: 50,
      rateLimits: { sessionList: { perSecond: 1, perMinute: 100, perHour: 1000 } },
    });
    api = new ContractRecorder(validator, simulator.url, xsdPath!);
  }, 60_000);

  afterAll(async () => {
    await simulator?.stop();
  });

  it('answers 429 with Retry-After as TooManyRequestsResponse by default and as problem details on request', async () => {
    api.take();
    const token = `contract-${randomUUID()}`;
    const seen: { status: number; mediaType: string; retryAfter: string | null }[] = [];
    for (const problemDetails of [false, true]) {
      const responses = [];
      for (let i = 0; i < 3; i++)
        responses.push(
          await api.call('GET', '/sessions?sessionType=Online', { token, problemDetails }),
        );
      const limited = responses.find((r) => r.status === 429);
      expect(limited).toBeDefined();
      seen.push({
        status: limited!.status,
        mediaType: limited!.mediaType,
        retryAfter: limited!.headers.get('retry-after'),
      });
    }
    expect(seen).toEqual([
      { status: 429, mediaType: 'application/json', retryAfter: expect.stringMatching(/^\d+$/) },
      {
        status: 429,
        mediaType: 'application/problem+json',
        retryAfter: expect.stringMatching(/^\d+$/),
      },
    ]);
    const limits = await api.call('GET', '/rate-limits', { token });
    expect((limits.json as Record<string, { perSecond: number }>).sessionList).toEqual({
      perSecond: 1,
      perMinute: 100,
      perHour: 1000,
    });
    const violations = api.take();
    if (violations.length > 0)
      throw new Error(
        `${violations.length} contract violation(s):\n  - ${violations.join('\n  - ')}`,
      );
  });
});
