// "Open with a generated key" over real HTTP: certificates from the fake KSeF, the wrapped key
// checked with the certificate's private key, and the 21470 rotation path.
import { constants, privateDecrypt } from 'node:crypto';
import { createKsefHttp } from '../../../src/ksef/http';
import type { KsefHttp } from '../../../src/ksef/http';
import { openOnlineSession } from '../../../src/ksef/open-online-session';
import { createPublicKeyProvider } from '../../../src/ksef/public-key-provider';
import { createKsefSecurityClient } from '../../../src/ksef/security.client';
import { createKsefSessionsClient } from '../../../src/ksef/sessions.client';
import type { OpenOnlineSessionRequestDto } from '../../../src/ksef/wire/sessions.dto';
import { certificateDto, createTestCertificate } from '../../support/test-certificate';
import type { TestCertificate } from '../../support/test-certificate';
import { startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';

const formCode = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };
const opened = {
  referenceNumber: '20251122-SO-0123456789-ABCDEF0123-4F',
  validUntil: '2025-11-22T22:00:00+00:00',
};

describe('open online session with a generated key, over HTTP', () => {
  let withdrawn: TestCertificate;
  let rotated: TestCertificate;
  let upstream: FakeUpstream;
  let http: KsefHttp;

  beforeAll(async () => {
    [withdrawn, rotated] = await Promise.all([
      createTestCertificate({ modulusLength: 1024 }),
      createTestCertificate({ modulusLength: 1024 }),
    ]);
  }, 60_000);

  afterEach(async () => {
    http.close();
    await upstream.stop();
  });

  it('fetches the certificate once, sends the wrapped key and, after 21470, refreshes and retries once', async () => {
    let certificateFetches = 0;
    upstream = await startFakeUpstream((request) => {
      if (request.url === '/v2/security/public-key-certificates') {
        certificateFetches++;
        return {
          status: 200,
          body: [certificateDto(certificateFetches === 1 ? withdrawn : rotated)],
        };
      }
      const body = JSON.parse(request.body) as OpenOnlineSessionRequestDto;
      if (body.encryption.publicKeyId === withdrawn.publicKeyId) {
        return {
          status: 400,
          headers: { 'content-type': 'application/problem+json' },
          body: JSON.stringify({
            title: 'Bad Request',
            status: 400,
            detail: 'x',
            errors: [
              {
                code: 21470,
                description: `Klucz o identyfikatorze ${withdrawn.publicKeyId} nie jest wspierany`,
              },
            ],
            traceId: 't',
          }),
        };
      }
      return { status: 201, body: opened };
    });
    http = createKsefHttp({ baseUrl: upstream.url, timeoutMs: 2000 });
    const publicKeys = createPublicKeyProvider(createKsefSecurityClient(http));
    const client = createKsefSessionsClient(http, { token: 'tok' });

    const result = await openOnlineSession({ client, publicKeys }, formCode);

    expect(result.response).toEqual(opened);
    expect(certificateFetches).toBe(2);
    const opens = upstream.requests.filter((r) => r.url === '/v2/sessions/online');
    expect(opens).toHaveLength(2);
    const accepted = JSON.parse(opens[1]!.body) as OpenOnlineSessionRequestDto;
    expect(accepted.encryption.publicKeyId).toBe(rotated.publicKeyId);
    const key = privateDecrypt(
      { key: rotated.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(accepted.encryption.encryptedSymmetricKey, 'base64'),
    );
    expect(key.toString('base64')).toBe(result.generatedKey!.symmetricKey);
    expect(accepted.encryption.initializationVector).toBe(
      result.generatedKey!.initializationVector,
    );

    // The next open reuses the cached (rotated) certificate: no further certificate fetch.
    await openOnlineSession({ client, publicKeys }, formCode);
    expect(certificateFetches).toBe(2);
  });
});
