// Resolvers through Apollo's executeOperation (no gateway HTTP), against the real simulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestGateway } from '../../support/gateway';
import type { Gateway } from '../../../src/gateway';
import { startSimulator } from '../../../src/simulator/simulator';
import type { SimulatorHandle } from '../../../src/simulator/simulator';

const operation = (name: string) =>
  readFileSync(join(__dirname, '..', '..', 'operations', `${name}.graphql`), 'utf8');

let simulator: SimulatorHandle;
let gateway: Gateway;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, processingDelayMs: 20 });
  gateway = await createTestGateway(simulator.url);
});

afterAll(async () => {
  await gateway?.stop();
  await simulator?.stop();
});

async function execute(name: string, variables: Record<string, unknown>, token: string | null) {
  const result = await gateway.execute({
    query: operation(name),
    variables,
    authorization: token ? `Bearer ${token}` : null,
  });
  // Untyped: these tests read many operations' shapes.
  return result as {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    data?: any;
    errors?: { extensions?: Record<string, unknown> }[];
  };
}

describe('session resolvers', () => {
  it('open, read and close a session, the close returning the fresh status', async () => {
    const token = `t-${randomUUID()}`;
    const opened = await execute('OpenOnlineSession', { input: { formCode: 'FA_2' } }, token);
    expect(opened.errors).toBeUndefined();
    const ref = opened.data.openOnlineSession.session.referenceNumber;
    simulator.requestLog.clear();

    const read = await execute('GetSession', { referenceNumber: ref }, token);
    expect(read.data.session).toMatchObject({
      referenceNumber: ref,
      type: 'ONLINE',
      phase: 'OPEN',
      upo: null,
    });

    const closed = await execute('CloseSession', { referenceNumber: ref }, token);
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeSession.status.code).not.toBe(100);
    expect(
      simulator.requestLog.count({ route: 'POST /sessions/online/{referenceNumber}/close' }),
    ).toBe(1);
  });

  it('refuses a non-session reference (an invoice reference) before any upstream call', async () => {
    simulator.requestLog.clear();
    const result = await execute(
      'CloseSession',
      { referenceNumber: '20250101-EE-0000000000-0000000000-00' },
      'x',
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(simulator.requestLog.count()).toBe(0);
  });

  it('answers an unknown UPO with null', async () => {
    const result = await execute(
      'GetUpo',
      {
        sessionReferenceNumber: '20250101-SO-0000000000-0000000000-00',
        upoReferenceNumber: '20250101-EU-0000000000-0000000000-00',
      },
      `t-${randomUUID()}`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.upo).toBeNull();
  });
});
