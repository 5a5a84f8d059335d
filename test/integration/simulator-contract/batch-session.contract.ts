// The simulator against the official KSeF contract: batch sessions. Every answer is
// checked against the spec (test/support/contract-suite.ts); each test stands alone. Run from
// simulator-contract.test.ts, which shares one simulator among the areas.
import { liveApi } from '../../support/contract-suite';
import type { ContractSuite, InvoiceList, SessionList } from '../../support/contract-suite';
import { zipSync } from 'fflate';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { FA3, batchPackage, newSessionKeys, sha256Base64 } from '../../support/ksef-client-crypto';

/** The tests of this area, on the suite's one simulator. */
export function batchSessionContracts(suite: ContractSuite): void {
  const { contractTest, newToken, expectBadRequestInBothFormats, finalSessionStatus } = suite;
  const api = liveApi(suite);

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
        const keys = newSessionKeys(suite.certificate);
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
        const keys = newSessionKeys(suite.certificate);
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
        const keys = newSessionKeys(suite.certificate);
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
        const keys = newSessionKeys(suite.certificate);
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
}
