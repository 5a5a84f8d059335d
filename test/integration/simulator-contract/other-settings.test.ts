// The simulator against the official KSeF contract with other settings: slow processing (the
// intermediate states) and its rate limits switched on.
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { exceptionCodesOf } from '../../support/contract-harness';
import {
  describeContract,
  UNKNOWN_UPO_REF,
  useContractSimulator,
} from '../../support/contract-suite';
import type {
  InvoiceList,
  InvoiceStatus,
  SessionList,
  SessionStatus,
} from '../../support/contract-suite';
import { FA3, newSessionKeys, sendInvoiceBody } from '../../support/ksef-client-crypto';

describeContract('slow processing, to see the intermediate states', () => {
  const suite = useContractSimulator({ processingDelayMs: 1500 });
  const { contractTest, newToken } = suite;

  contractTest(
    'shows an invoice in progress without KSeF number or UPO link and a closed session (170) without UPO',
    async () => {
      const { api } = suite;
      const token = newToken();
      const keys = newSessionKeys(suite.certificate);
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
      const inProgress = (
        await api.call('GET', `/sessions/${ref}/invoices/${invoiceRef}`, { token })
      ).json as InvoiceStatus;
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
    },
  );
});

describeContract('rate limits switched on', () => {
  const suite = useContractSimulator({
    rateLimits: { sessionList: { perSecond: 1, perMinute: 100, perHour: 1000 } },
  });
  const { contractTest, newToken } = suite;

  contractTest(
    'answers 429 with Retry-After as TooManyRequestsResponse by default and as problem details on request',
    async () => {
      const { api } = suite;
      const token = newToken();
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
    },
  );
});
