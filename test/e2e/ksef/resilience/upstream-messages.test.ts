// What a caller and an operator learn when KSeF cannot be reached: the caller reads KSeF's name
// and the cause ("connection refused"), also once the circuit fails fast, but never the address
// the gateway uses for KSeF; the log says when the circuit opened, why, and for which upstream,
// once per opening.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CIRCUIT_OPENED_LOG_MESSAGE } from '../../../../src/ksef/resilience/circuit-breaker';
import { createLogger } from '../../../../src/logging/logger';
import { captureLog } from '../../../support/captured-log';
import { startTestGateway } from '../../../support/gateway';
import { newToken, postGraphql } from '../../../support/stack';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const LIST = '{ sessions(type: ONLINE) { nodes { referenceNumber } } }';

describe('messages about an unreachable KSeF', () => {
  it('name the cause but not the address, also when failing fast; the log has the opening once', async () => {
    const port = await closedPort();
    const upstream = `http://127.0.0.1:${port}`;
    const log = captureLog();
    const running = await startTestGateway(`${upstream}/v2`, {
      env: {
        KSEF_RETRY_ATTEMPTS: '1',
        CIRCUIT_FAILURE_THRESHOLD: '2',
        CIRCUIT_HALF_OPEN_AFTER_MS: '60000',
      },
      observability: { logger: createLogger({ level: 'info', destination: log.stream }) },
    });
    try {
      const answers = [];
      for (let i = 0; i < 5; i++)
        answers.push(await postGraphql(running.url, LIST, {}, newToken()));
      const errors = answers.map((answer) => answer.errors?.[0]);
      for (const error of errors) {
        expect(error?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
        expect(error?.message).toMatch(/^KSeF /);
        expect(error?.message).toMatch(/connection refused/);
        expect(JSON.stringify(error)).not.toContain(`127.0.0.1:${port}`);
        expect(JSON.stringify(error)).not.toMatch(/https?:\/\//);
      }
      // Two refused calls opened the circuit; the next three failed fast with the same cause.
      for (const error of errors.slice(2)) expect(error?.message).toMatch(/failing fast/);

      const openings = log.lines().filter((line) => line['msg'] === CIRCUIT_OPENED_LOG_MESSAGE);
      expect(openings).toEqual([
        expect.objectContaining({
          level: 40,
          upstream,
          failures: 2,
          afterTrial: false,
          lastFailure: expect.stringMatching(/connection refused/),
          at: expect.any(String),
        }),
      ]);
    } finally {
      await running.stop();
    }
  });
});
