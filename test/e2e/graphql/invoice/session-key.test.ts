// The sealed `sessionKey` handle through the real gateway: it opens only for its session and the
// caller's KSeF context, a refused handle sends nothing, secrets rotate without breaking open
// sessions, and neither the handle nor the key it seals ever reaches a log line.
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../../../src/logging/logger';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import { startSimulator } from '../../../../src/simulator/simulator';
import type { SimulatorHandle } from '../../../../src/simulator/simulator';
import {
  OpenOnlineSessionDocument,
  SendInvoiceDocument,
} from '../../../operations/__generated__/operations';
import { captureLog } from '../../../support/captured-log';
import { startTestGateway } from '../../../support/gateway';
import type { ListeningGateway } from '../../../support/gateway';
import { newToken, postGraphql } from '../../../support/stack';
import { print } from 'graphql';

const SEND_ROUTE = 'POST /sessions/online/{referenceNumber}/invoices';
const secret = (kid: string) => ({ kid, value: randomBytes(32).toString('base64') });
const OLD = secret('old');
const NEW = secret('new');
const secrets = (...list: { kid: string; value: string }[]) =>
  list.map(({ kid, value }) => `${kid}:${value}`).join(',');

let simulator: SimulatorHandle;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, processingDelayMs: 30 });
});

afterAll(async () => {
  await simulator?.stop();
});

async function open(gateway: ListeningGateway, token: string) {
  const result = await postGraphql(
    gateway.url,
    print(OpenOnlineSessionDocument),
    { input: { formCode: 'FA_3' } },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data.openOnlineSession as {
    session: { referenceNumber: string };
    sessionKey: string;
    generatedKey: { symmetricKey: string; initializationVector: string };
  };
}

async function send(
  gateway: ListeningGateway,
  token: string,
  sessionReferenceNumber: string,
  sessionKey: string,
) {
  const invoiceXml = buildSampleInvoice({
    formCode: 'FA_3',
    invoiceNumber: `FV/${randomBytes(4).toString('hex')}`,
  });
  return postGraphql(
    gateway.url,
    print(SendInvoiceDocument),
    { input: { sessionReferenceNumber, invoiceXml, sessionKey } },
    token,
  );
}

describe('sealed session keys', () => {
  it('are refused for another session, another caller, or when altered, and nothing is sent', async () => {
    await using gateway = await startTestGateway(simulator.url, {
      env: { GATEWAY_KEY_SECRETS: secrets(OLD) },
    });
    const token = newToken();
    const first = await open(gateway, token);
    const second = await open(gateway, token);
    const tampered = first.sessionKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    simulator.requestLog.clear();

    const cases = [
      // The handle of another session.
      [token, first.session.referenceNumber, second.sessionKey],
      // Another caller (another KSeF context) with the right session's handle.
      [newToken(), first.session.referenceNumber, first.sessionKey],
      [token, first.session.referenceNumber, tampered],
      [token, first.session.referenceNumber, 'v1.old.not-a-handle'],
    ] as const;
    for (const [caller, reference, handle] of cases) {
      const result = await send(gateway, caller, reference, handle);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe('input.sessionKey');
    }
    expect(simulator.requestLog.count({ route: SEND_ROUTE })).toBe(0);
    expect(simulator.requestLog.count()).toBe(0);

    const accepted = await send(gateway, token, first.session.referenceNumber, first.sessionKey);
    expect(accepted.errors).toBeUndefined();
    expect(simulator.requestLog.count({ route: SEND_ROUTE })).toBe(1);
  });

  it('rotate: a handle sealed under the old secret still opens; new ones are sealed under the first', async () => {
    const token = newToken();
    await using before = await startTestGateway(simulator.url, {
      env: { GATEWAY_KEY_SECRETS: secrets(OLD) },
    });
    const opened = await open(before, token);
    expect(opened.sessionKey).toMatch(/^v1\.old\./);

    // Another replica, or the same gateway after the rotation: the new secret first.
    await using after = await startTestGateway(simulator.url, {
      env: { GATEWAY_KEY_SECRETS: secrets(NEW, OLD) },
    });
    const sent = await send(after, token, opened.session.referenceNumber, opened.sessionKey);
    expect(sent.errors).toBeUndefined();
    expect((await open(after, token)).sessionKey).toMatch(/^v1\.new\./);

    // Once the old secret is dropped, its handles stop opening.
    await using dropped = await startTestGateway(simulator.url, {
      env: { GATEWAY_KEY_SECRETS: secrets(NEW) },
    });
    const refused = await send(dropped, token, opened.session.referenceNumber, opened.sessionKey);
    expect(refused.errors?.[0]?.message).toMatch(/no longer has/);
  });

  it('are not offered without GATEWAY_KEY_SECRETS outside sandbox mode', async () => {
    await using gateway = await startTestGateway(simulator.url);
    const token = newToken();
    const opened = await open(gateway, token);
    expect(opened.sessionKey).toBeNull();
    expect(opened.generatedKey.symmetricKey).toHaveLength(44);
  });

  it('never reach a log line, nor does the key they seal, at trace level', async () => {
    const log = captureLog();
    await using gateway = await startTestGateway(simulator.url, {
      env: { GATEWAY_KEY_SECRETS: secrets(OLD) },
      observability: { logger: createLogger({ level: 'trace', destination: log.stream }) },
    });
    const token = newToken();
    const opened = await open(gateway, token);
    const sent = await send(gateway, token, opened.session.referenceNumber, opened.sessionKey);
    expect(sent.errors).toBeUndefined();

    const text = log.raw();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(opened.sessionKey);
    expect(text).not.toContain(opened.sessionKey.split('.')[2]!.slice(0, 24));
    for (const secretValue of [
      opened.generatedKey.symmetricKey,
      opened.generatedKey.initializationVector,
    ]) {
      const bytes = Buffer.from(secretValue, 'base64');
      for (const encoding of ['base64', 'base64url', 'hex'] as const) {
        expect(text).not.toContain(bytes.toString(encoding).replace(/=+$/, ''));
      }
    }
    expect(text).not.toContain(OLD.value);
    expect(text).not.toContain(token);
  });
});
