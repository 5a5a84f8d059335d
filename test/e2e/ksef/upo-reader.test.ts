// A gateway that reaches KSeF through a proxy (KSEF_API_URL = the proxy) receives UPO links that
// point at KSeF's own host, which is not the upstream it was configured with. It must not fetch
// a host it was not told about, and it must not fail either: it reads the UPO through the API.
import { startSimulator } from '../../../src/simulator/simulator';
import { startForwardingProxy } from '../../support/forwarding-proxy';
import { startTestGateway } from '../../support/gateway';
import { postGraphql } from '../../support/stack';

const SEED_TOKEN = 'seeded-upo-reader';

const SESSIONS_WITH_UPO = `{
  sessions(type: ONLINE, first: 20, filter: { statuses: [SUCCEEDED] }) {
    nodes { referenceNumber upo { pages { referenceNumber downloadUrl document { sha256 documents { ksefNumber } } } } }
  }
}`;

describe('UPO documents through a proxy in front of KSeF', () => {
  it('reads them through the API when the pre-signed link points outside the configured upstream', async () => {
    const simulator = await startSimulator({ port: 0, seed: { token: SEED_TOKEN } });
    try {
      await using proxy = await startForwardingProxy(new URL(simulator.url).origin);
      await using gateway = await startTestGateway(`${proxy.origin}/v2`);
      simulator.requestLog.clear();

      const result = await postGraphql(gateway.url, SESSIONS_WITH_UPO, {}, SEED_TOKEN);

      expect(result.errors).toBeUndefined();
      const pages = (result.data.sessions.nodes as { upo: { pages: unknown[] } | null }[]).flatMap(
        (session) => session.upo?.pages ?? [],
      ) as { downloadUrl: string; document: { sha256: string; documents: unknown[] } | null }[];
      expect(pages.length).toBeGreaterThan(0);
      for (const page of pages) {
        // The link names the simulator's (KSeF's) own origin, not the proxy's.
        expect(new URL(page.downloadUrl).origin).toBe(new URL(simulator.url).origin);
        expect(page.document?.sha256).toHaveLength(44);
        expect(page.document?.documents.length).toBeGreaterThan(0);
      }
      expect(
        simulator.requestLog.count({
          route: 'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}',
        }),
      ).toBe(pages.length);
      expect(
        simulator.requestLog.count({
          route: 'GET /storage/upo/{referenceNumber}/{documentReferenceNumber}',
        }),
      ).toBe(0);
    } finally {
      await simulator.stop();
    }
  });

  it('uses the pre-signed link when it points into the configured upstream', async () => {
    const simulator = await startSimulator({ port: 0, seed: { token: SEED_TOKEN } });
    try {
      await using gateway = await startTestGateway(simulator.url);
      simulator.requestLog.clear();

      const result = await postGraphql(gateway.url, SESSIONS_WITH_UPO, {}, SEED_TOKEN);

      expect(result.errors).toBeUndefined();
      expect(
        simulator.requestLog.count({
          route: 'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}',
        }),
      ).toBe(0);
      expect(
        simulator.requestLog.count({
          route: 'GET /storage/upo/{referenceNumber}/{documentReferenceNumber}',
        }),
      ).toBeGreaterThan(0);
    } finally {
      await simulator.stop();
    }
  });
});
