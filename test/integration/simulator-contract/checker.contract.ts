// The simulator against the official KSeF contract: the checker itself. Every answer is
// checked against the spec (test/support/contract-suite.ts); each test stands alone. Run from
// simulator-contract.test.ts, which shares one simulator among the areas.
import { UNKNOWN_UPO_REF, liveApi } from '../../support/contract-suite';
import type { ContractSuite } from '../../support/contract-suite';
import { sha256Base64 } from '../../support/ksef-client-crypto';

/** The tests of this area, on the suite's one simulator. */
export function checkerContracts(suite: ContractSuite): void {
  const { contractTest, newToken, openOnline } = suite;
  const api = liveApi(suite);

  describe('the checker itself', () => {
    it('reports answers that break the spec when the simulator is made to misbehave', async () => {
      api.take();
      const token = newToken();
      const { ref } = await openOnline(token);
      const callsBefore = api.calls.length;
      suite.simulator.faults.inject(
        'GET /sessions/{referenceNumber}',
        { type: 'status', status: 200, body: '{"status":{"code":"100"}}' },
        { times: 1 },
      );
      suite.simulator.faults.inject(
        'GET /sessions/{referenceNumber}/invoices',
        { type: 'status', status: 500, body: '{}' },
        { times: 1 },
      );
      suite.simulator.faults.inject(
        'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}',
        {
          type: 'status',
          status: 200,
          body: '<Potwierdzenie/>',
          headers: { 'content-type': 'application/xml', 'x-ms-meta-hash': sha256Base64('x') },
        },
        { times: 1 },
      );
      suite.simulator.faults.inject(
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
      const served = Object.entries(suite.validator.spec.paths).flatMap(([path, item]) =>
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
}
