// The simulator against the official KSeF contract: listing sessions and invoices. Every answer is
// checked against the spec (test/support/contract-suite.ts); each test stands alone. Run from
// simulator-contract.test.ts, which shares one simulator among the areas.
import { UNKNOWN_REF, liveApi } from '../../support/contract-suite';
import type { ContractSuite, InvoiceList, SessionList } from '../../support/contract-suite';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';

/** The tests of this area, on the suite's one simulator. */
export function listingContracts(suite: ContractSuite): void {
  const { contractTest, newToken, expectBadRequestInBothFormats, openOnline, sendInvoice } = suite;
  const api = liveApi(suite);

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
            // Another first character of the signature: 'A' unless it already is one (1 in 64).
            .replace(/"s":"(.)/, (_match, first: string) => `"s":"${first === 'A' ? 'B' : 'A'}`),
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
}
