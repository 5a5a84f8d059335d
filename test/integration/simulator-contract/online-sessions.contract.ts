// The simulator against the official KSeF contract: online sessions, public keys and rate limits. Every answer is
// checked against the spec (test/support/contract-suite.ts); each test stands alone. Run from
// simulator-contract.test.ts, which shares one simulator among the areas.
import {
  KSEF_NUMBER,
  UNKNOWN_REF,
  UNKNOWN_UPO_REF,
  liveApi,
  once,
} from '../../support/contract-suite';
import type { ContractSuite, InvoiceList } from '../../support/contract-suite';
import { randomBytes } from 'node:crypto';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import type { PublicKeyCertificate } from '../../support/ksef-client-crypto';
import {
  FA3,
  symmetricKeyCertificate,
  newSessionKeys,
  sendInvoiceBody,
  sha256Base64,
} from '../../support/ksef-client-crypto';

/** The tests of this area, on the suite's one simulator. */
export function onlineSessionContracts(suite: ContractSuite): void {
  const {
    contractTest,
    newToken,
    expectBadRequestInBothFormats,
    openOnline,
    sendInvoice,
    invoiceStatus,
    finalInvoiceStatus,
    sessionStatus,
    finalSessionStatus,
  } = suite;
  const api = liveApi(suite);

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
    // Two sessions, each built once by the first test that needs it and only read afterwards, so
    // that every test here stands alone (run one with -t and it builds what it reads). Contract
    // violations of the building calls fail that first test.
    const token = newToken();

    /** Open, with one invoice accepted (200, a KSeF number); never changed afterwards. */
    const accepted = once(async () => {
      const { ref, keys } = await openOnline(token);
      const opened = await sessionStatus(token, ref);
      const goodInvoiceRef = await sendInvoice(token, ref, keys, buildSampleInvoice());
      const good = await finalInvoiceStatus(token, ref, goodInvoiceRef);
      return { ref, keys, opened, goodInvoiceRef, good, ksefNumber: good.ksefNumber! };
    });

    /**
     * One accepted invoice, two rejected as 450 (a wrong seller NIP, broken XML), one 435 (another
     * key), one 440 duplicate of the first; then closed, and final.
     */
    const full = once(async () => {
      const { ref, keys } = await openOnline(token);
      const goodInvoiceRef = await sendInvoice(token, ref, keys, buildSampleInvoice());
      const good = await finalInvoiceStatus(token, ref, goodInvoiceRef);
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
        // hashes and sizes of the plaintext are what the client believes it sent; the content is
        // encrypted with a key the session does not know, so only processing can find out (435).
        body: { ...sendInvoiceBody(otherKeys, buildSampleInvoice()) },
      });
      expect(undecryptable.status).toBe(202);
      const goodUpo = await api.call('GET', `/sessions/${ref}/invoices/${goodInvoiceRef}/upo`, {
        token,
      });
      const number = /<NumerFaktury>([^<]+)<\/NumerFaktury>/.exec(goodUpo.text)?.[1];
      expect(number).toBeDefined();
      const duplicate = await sendInvoice(
        token,
        ref,
        keys,
        buildSampleInvoice({ invoiceNumber: number! }),
      );
      const rejected = {
        semantic: await finalInvoiceStatus(token, ref, semantic),
        malformed: await finalInvoiceStatus(token, ref, malformed),
        undecryptable: await finalInvoiceStatus(
          token,
          ref,
          (undecryptable.json as { referenceNumber: string }).referenceNumber,
        ),
        duplicate: await finalInvoiceStatus(token, ref, duplicate),
      };
      const listed = await api.call('GET', `/sessions/${ref}/invoices`, { token });
      const failed = await api.call('GET', `/sessions/${ref}/invoices/failed`, { token });
      const closed = await api.call('POST', `/sessions/online/${ref}/close`, { token });
      const final = await finalSessionStatus(token, ref);
      return {
        ref,
        keys,
        goodInvoiceRef,
        good,
        ksefNumber: good.ksefNumber!,
        rejected,
        listed,
        failed,
        closed,
        final,
      };
    });

    contractTest(
      'POST /sessions/online opens a session with 201 and GET /sessions/{ref} shows it open without a UPO',
      async () => {
        const { opened } = await accepted();
        expect(opened.status.code).toBe(100);
        expect(opened.upo ?? null).toBeNull();
      },
    );

    contractTest(
      'a correct invoice is accepted with 202 and ends with 200 and a KSeF number',
      async () => {
        const { good } = await accepted();
        expect(good.status.code).toBe(200);
        expect(good.ksefNumber).toMatch(KSEF_NUMBER);
      },
    );

    contractTest(
      'the invoice UPO is the same XSD-valid document by invoice reference, by KSeF number and by its downloadUrl',
      async () => {
        const { ref, goodInvoiceRef, ksefNumber } = await accepted();
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
        const { rejected } = await full();
        expect([
          rejected.semantic.status.code,
          rejected.malformed.status.code,
          rejected.undecryptable.status.code,
        ]).toEqual([450, 450, 435]);
      },
    );

    contractTest(
      'a second invoice with the same seller and number ends as a 440 duplicate pointing at the original',
      async () => {
        const { ref, good, rejected } = await full();
        expect(rejected.duplicate.status.code).toBe(440);
        expect(rejected.duplicate.status.extensions).toEqual({
          originalSessionReferenceNumber: ref,
          originalKsefNumber: good.ksefNumber,
        });
      },
    );

    contractTest(
      'GET /sessions/{ref}/invoices lists all five invoices and /invoices/failed only the four rejected',
      async () => {
        const { listed, failed } = await full();
        expect([listed.status, failed.status]).toEqual([200, 200]);
        expect((listed.json as InvoiceList).invoices.map((i) => i.ordinalNumber)).toEqual([
          1, 2, 3, 4, 5,
        ]);
        expect((failed.json as InvoiceList).invoices.map((i) => i.status.code).sort()).toEqual([
          435, 440, 450, 450,
        ]);
        expect((listed.json as InvoiceList).continuationToken ?? null).toBeNull();
      },
    );

    contractTest(
      'the invoice-UPO-by-KSeF-number route answers 21178 for a KSeF number without a UPO',
      async () => {
        const { ref, ksefNumber } = await accepted();
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
        const { ref } = await accepted();
        await expectBadRequestInBothFormats(21405, (problemDetails) =>
          api.call('GET', `/sessions/${ref}/invoices/NOT-A-REFERENCE/upo`, {
            token,
            problemDetails,
          }),
        );
      },
    );

    contractTest('the session UPO route answers 21178 before the session has a UPO', async () => {
      const { ref } = await accepted();
      await expectBadRequestInBothFormats(21178, (problemDetails) =>
        api.call('GET', `/sessions/${ref}/upo/${UNKNOWN_UPO_REF}`, { token, problemDetails }),
      );
    });

    contractTest(
      'POST /sessions/online/{ref}/close answers 204 without a body and the session ends with 200 and a UPO',
      async () => {
        const { closed, final } = await full();
        expect(closed.status).toBe(204);
        expect(closed.bytes).toHaveLength(0);
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
        const { ref, ksefNumber } = await full();
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
        const { ref, goodInvoiceRef, ksefNumber, rejected } = await full();
        // The spec documents only 21405 for the invoice status and the invoice-UPO-by-reference routes and only
        // 21178/21405 for the invoice-UPO-by-KSeF-number route; 21173 is not listed for any of the three.
        const calls = [
          `/sessions/${UNKNOWN_REF}/invoices/${goodInvoiceRef}`,
          `/sessions/${ref}/invoices/${UNKNOWN_REF}`,
          `/sessions/${UNKNOWN_REF}/invoices/${goodInvoiceRef}/upo`,
          `/sessions/${ref}/invoices/${rejected.semantic.referenceNumber}/upo`,
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
        const { ref, keys } = await full();
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
        const { ref } = await full();
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
        const keys = newSessionKeys(suite.certificate);
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
        const keys = newSessionKeys(suite.certificate);
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
        const keys = newSessionKeys(suite.certificate);
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
}
