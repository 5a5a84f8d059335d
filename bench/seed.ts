// Seed data for the benchmark, made the way a real client makes it: through the simulator's REST
// API, with a real AES key wrapped under the simulator's SymmetricKeyEncryption certificate
// (src/ksef/crypto.ts). The result is a realistic mix for one token — sessions still open, some
// that received an invoice and ended with 200 and a UPO, some closed empty (440) — so a list page
// of 100 looks like a real dashboard's and status reads return real bodies.
import { FORM_CODES } from '../src/ksef/wire/form-codes';
import { encryptInvoice, generateSessionKey, wrapSymmetricKey } from '../src/ksef/crypto';
import type {
  OpenOnlineSessionRequestDto,
  OpenOnlineSessionResponseDto,
  PublicKeyCertificateDto,
  SessionStatusResponseDto,
} from '../src/ksef/wire/sessions.dto';
import { buildSampleInvoice } from '../src/simulator/sample-invoice';
import type { HttpClient } from './http-client';

export interface SeedPlan {
  /** Sessions opened in total (every fifth gets an invoice and ends 200, every fifteenth ends 440). */
  sessions: number;
}

export interface SeededSession {
  referenceNumber: string;
  /** Final status code once processing is over (100 for the ones left open). */
  code: number;
  /** Set for sessions that ended with 200. */
  upoReferenceNumber?: string;
}

export interface Seeded {
  token: string;
  sessions: SeededSession[];
}

type Role = 'open' | 'succeeded' | 'cancelled';

function roleOf(index: number): Role {
  if (index % 5 === 0) return 'succeeded';
  if (index % 15 === 1) return 'cancelled';
  return 'open';
}

async function inBatches<T, R>(
  items: T[],
  size: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(task))));
  }
  return results;
}

export async function seedSessions(
  http: HttpClient,
  simulatorUrl: string,
  token: string,
  plan: SeedPlan,
): Promise<Seeded> {
  const auth = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const expect = async (
    what: string,
    status: number,
    answer: Promise<{ status: number; body: string }>,
  ): Promise<string> => {
    const got = await answer;
    if (got.status !== status) {
      throw new Error(
        `seeding: ${what} answered ${got.status}, expected ${status}: ${got.body.slice(0, 300)}`,
      );
    }
    return got.body;
  };

  const certificates = JSON.parse(
    await expect(
      'GET /security/public-key-certificates',
      200,
      http.request(`${simulatorUrl}/security/public-key-certificates`),
    ),
  ) as PublicKeyCertificateDto[];
  const certificate = certificates.find((c) => c.usage.includes('SymmetricKeyEncryption'));
  if (certificate === undefined) throw new Error('seeding: no SymmetricKeyEncryption certificate');

  const indexes = Array.from({ length: plan.sessions }, (_, index) => index);
  const opened = await inBatches(indexes, 8, async (index) => {
    const key = generateSessionKey();
    const request: OpenOnlineSessionRequestDto = {
      formCode: FORM_CODES.FA_3,
      encryption: {
        encryptedSymmetricKey: wrapSymmetricKey(key.key, certificate.certificate),
        initializationVector: key.iv.toString('base64'),
      },
    };
    const body = await expect(
      'POST /sessions/online',
      201,
      http.request(`${simulatorUrl}/sessions/online`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(request),
      }),
    );
    const { referenceNumber } = JSON.parse(body) as OpenOnlineSessionResponseDto;
    const role = roleOf(index);
    if (role === 'succeeded') {
      const invoice = encryptInvoice(buildSampleInvoice({ formCode: 'FA_3' }), key.key, key.iv);
      await expect(
        'POST /sessions/online/{ref}/invoices',
        202,
        http.request(`${simulatorUrl}/sessions/online/${referenceNumber}/invoices`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(invoice),
        }),
      );
    }
    if (role !== 'open') {
      await expect(
        'POST /sessions/online/{ref}/close',
        204,
        http.request(`${simulatorUrl}/sessions/online/${referenceNumber}/close`, {
          method: 'POST',
          headers: auth,
        }),
      );
    }
    return { referenceNumber, role };
  });

  // Closed sessions finish after the simulator's processing delay: wait for their final status.
  const deadline = Date.now() + 30_000;
  const sessions = await inBatches(opened, 8, async ({ referenceNumber, role }) => {
    for (;;) {
      const status = JSON.parse(
        await expect(
          'GET /sessions/{ref}',
          200,
          http.request(`${simulatorUrl}/sessions/${referenceNumber}`, { headers: auth }),
        ),
      ) as SessionStatusResponseDto;
      const code = status.status.code;
      const done = role === 'open' ? code === 100 : code >= 200;
      if (done) {
        const upoReferenceNumber = status.upo?.pages[0]?.referenceNumber;
        return {
          referenceNumber,
          code,
          ...(upoReferenceNumber !== undefined && { upoReferenceNumber }),
        } satisfies SeededSession;
      }
      if (Date.now() > deadline) {
        throw new Error(`seeding: session ${referenceNumber} still has status ${code}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return { token, sessions };
}
