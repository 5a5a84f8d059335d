// The simulator's authentication area against the official KSeF contract: every /auth operation it
// serves, driven over real HTTP to its success, its documented 400s (in both error formats) and
// its 401, with every answer checked against the spec (schema for operation + status + media type,
// the exception codes of the operation's 400 table). KSEF_OPENAPI_SPEC and KSEF_UPO_XSD point at
// the official files (.ci/run sets both).
import { startSimulator } from '../../../src/simulator/simulator';
import type { SimulatorHandle } from '../../../src/simulator/simulator';
import { createContractValidator, openApiSpecPathFromEnv } from '../../support/openapi-contract';
import { upoXsdPathFromEnv } from '../../support/upo-xsd';
import { encryptForCertificate, ksefTokenCertificate } from '../../support/ksef-token-login';
import type { PublishedCertificate } from '../../support/ksef-token-login';
import { ContractRecorder, exceptionCodesOf } from '../../support/contract-harness';
import type { CheckedResponse } from '../../support/contract-harness';

const SUITE = 'the simulator’s /auth operations against the official KSeF contract';
const specPath = openApiSpecPathFromEnv(SUITE);
const xsdPath = upoXsdPathFromEnv(SUITE);
const describeContract = specPath !== undefined && xsdPath !== undefined ? describe : describe.skip;

const NIP = '5265877635';
const UNKNOWN_CHALLENGE = '20250101-CR-0000000000-0000000000-00';
const UNKNOWN_KEY_ID = Buffer.alloc(32, 7).toString('base64');

const AUTH_OPERATIONS = [
  'POST /auth/challenge',
  'POST /auth/ksef-token',
  'GET /auth/{referenceNumber}',
  'POST /auth/token/redeem',
  'POST /auth/token/refresh',
];

describeContract(SUITE, () => {
  let simulator: SimulatorHandle;
  let api: ContractRecorder;
  let certificate: PublishedCertificate;
  let skew = 0;

  beforeAll(async () => {
    const validator = createContractValidator(specPath!, { forbidUndocumentedProperties: true });
    simulator = await startSimulator({
      port: 0,
      auth: { authenticationDelayMs: 30_000, now: () => Date.now() + skew },
    });
    api = new ContractRecorder(validator, simulator.url, xsdPath!);
    certificate = await ksefTokenCertificate(simulator.url);
  }, 60_000);

  afterAll(async () => {
    await simulator?.stop();
  });

  afterEach(() => {
    const violations = api.take();
    if (violations.length > 0) {
      throw new Error(
        `${violations.length} contract violation(s):\n  - ${violations.join('\n  - ')}`,
      );
    }
  });

  async function expectBadRequestInBothFormats(
    code: number,
    call: (problemDetails: boolean) => Promise<CheckedResponse>,
  ): Promise<void> {
    for (const problemDetails of [false, true]) {
      const response = await call(problemDetails);
      expect({ status: response.status, codes: exceptionCodesOf(response.json) }).toEqual({
        status: 400,
        codes: [code],
      });
    }
  }

  async function submit(ksefToken: string, nip = NIP) {
    const challenge = (await api.call('POST', '/auth/challenge')).json as {
      challenge: string;
      timestampMs: number;
    };
    const started = await api.call('POST', '/auth/ksef-token', {
      body: {
        challenge: challenge.challenge,
        contextIdentifier: { type: 'Nip', value: nip },
        encryptedToken: encryptForCertificate(`${ksefToken}|${challenge.timestampMs}`, certificate),
        publicKeyId: certificate.publicKeyId,
      },
    });
    expect(started.status).toBe(202);
    return started.json as { referenceNumber: string; authenticationToken: { token: string } };
  }

  /** A login taken through to redeemed tokens (the clock moved past the operation's delay). */
  async function redeemed(ksefToken: string) {
    const started = await submit(ksefToken);
    skew += 30_000;
    const tokens = await api.call('POST', '/auth/token/redeem', {
      token: started.authenticationToken.token,
    });
    expect(tokens.status).toBe(200);
    return {
      started,
      tokens: tokens.json as {
        accessToken: { token: string };
        refreshToken: { token: string };
      },
    };
  }

  it('issues a challenge and starts an operation that shows 100, then 200', async () => {
    const { token } = simulator.auth.issueKsefToken({ nip: NIP });
    const started = await submit(token);
    const path = `/auth/${started.referenceNumber}`;
    const bearer = { token: started.authenticationToken.token };
    expect(
      ((await api.call('GET', path, bearer)).json as { status: { code: number } }).status.code,
    ).toBe(100);
    skew += 30_000;
    expect(
      ((await api.call('GET', path, bearer)).json as { status: { code: number } }).status.code,
    ).toBe(200);
  });

  it('shows a failed operation (450) with its reason in the status details', async () => {
    const started = await submit('not-a-token');
    skew += 30_000;
    const status = await api.call('GET', `/auth/${started.referenceNumber}`, {
      token: started.authenticationToken.token,
    });
    expect((status.json as { status: unknown }).status).toMatchObject({
      code: 450,
      details: ['Nieprawidłowy token'],
    });
  });

  it('answers POST /auth/ksef-token with 21111, 21470 and 21405 in both formats', async () => {
    const body = {
      challenge: UNKNOWN_CHALLENGE,
      contextIdentifier: { type: 'Nip', value: NIP },
      encryptedToken: Buffer.from('x').toString('base64'),
    };
    await expectBadRequestInBothFormats(21111, (problemDetails) =>
      api.call('POST', '/auth/ksef-token', { body, problemDetails }),
    );
    await expectBadRequestInBothFormats(21470, (problemDetails) =>
      api.call('POST', '/auth/ksef-token', {
        body: { ...body, publicKeyId: UNKNOWN_KEY_ID },
        problemDetails,
      }),
    );
    await expectBadRequestInBothFormats(21405, (problemDetails) =>
      api.call('POST', '/auth/ksef-token', {
        body: { challenge: UNKNOWN_CHALLENGE, contextIdentifier: { type: 'Nip' } },
        invalidRequest: true,
        problemDetails,
      }),
    );
  });

  it('answers GET /auth/{ref} with 21304 for an operation the token does not name, 401 without one', async () => {
    const { token } = simulator.auth.issueKsefToken({ nip: NIP });
    const started = await submit(token);
    const other = (await submit(token)).referenceNumber;
    await expectBadRequestInBothFormats(21304, (problemDetails) =>
      api.call('GET', `/auth/${other}`, {
        token: started.authenticationToken.token,
        problemDetails,
      }),
    );
    expect((await api.call('GET', `/auth/${started.referenceNumber}`)).status).toBe(401);
  });

  it('redeems once (21301 after), and refuses redeem without a token (401)', async () => {
    const { token } = simulator.auth.issueKsefToken({ nip: NIP });
    const { started } = await redeemed(token);
    await expectBadRequestInBothFormats(21301, (problemDetails) =>
      api.call('POST', '/auth/token/redeem', {
        token: started.authenticationToken.token,
        problemDetails,
      }),
    );
    expect((await api.call('POST', '/auth/token/redeem')).status).toBe(401);
  });

  it('refreshes, answers 21301 once the KSeF token is revoked, and 401 to an expired access token', async () => {
    const { token } = simulator.auth.issueKsefToken({ nip: NIP });
    const { tokens } = await redeemed(token);
    const refreshed = await api.call('POST', '/auth/token/refresh', {
      token: tokens.refreshToken.token,
    });
    expect(refreshed.status).toBe(200);
    const status = await api.call('GET', '/sessions?sessionType=Online', {
      token: (refreshed.json as { accessToken: { token: string } }).accessToken.token,
    });
    expect(status.status).toBe(200);
    simulator.auth.revokeKsefToken(token);
    await expectBadRequestInBothFormats(21301, (problemDetails) =>
      api.call('POST', '/auth/token/refresh', { token: tokens.refreshToken.token, problemDetails }),
    );
    expect(
      (await api.call('POST', '/auth/token/refresh', { token: tokens.accessToken.token })).status,
    ).toBe(401);
    skew += 16 * 60_000;
    const expired = await api.call('GET', '/sessions?sessionType=Online', {
      token: tokens.accessToken.token,
    });
    expect(expired.status).toBe(401);
  });

  it('drove every /auth operation it serves to a success, its 400s in both formats and its 401', () => {
    const gaps = AUTH_OPERATIONS.flatMap((operation) => {
      const [method, path] = operation.split(' ') as [string, string];
      const calls = api.calls.filter((c) => c.method === method && c.pathTemplate === path);
      const missing: string[] = [];
      if (!calls.some((c) => c.status >= 200 && c.status < 300)) missing.push('no success');
      // The challenge needs no input, so it has no 400 a client can provoke (its table is empty).
      if (path !== '/auth/challenge') {
        for (const mediaType of ['application/json', 'application/problem+json']) {
          if (!calls.some((c) => c.status === 400 && c.mediaType === mediaType))
            missing.push(`no 400 as ${mediaType}`);
        }
      }
      if (path !== '/auth/challenge' && path !== '/auth/ksef-token') {
        if (!calls.some((c) => c.status === 401 && c.mediaType === 'application/problem+json'))
          missing.push('no 401 as application/problem+json');
      }
      return missing.map((gap) => `${operation}: ${gap}`);
    });
    expect(gaps).toEqual([]);
  });
});
