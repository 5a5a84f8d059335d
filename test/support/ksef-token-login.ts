// The client half of KSeF's KSeF-token login, written against the wire with fetch and node:crypto
// only (not the gateway's client), so simulator tests do not trust the code they check:
// challenge → RSA-OAEP(SHA-256) of `token|timestampMs` under the KsefTokenEncryption
// certificate → POST /auth/ksef-token → poll GET /auth/{ref} → redeem.
import { X509Certificate, constants, publicEncrypt } from 'node:crypto';

export interface PublishedCertificate {
  certificate: string;
  publicKeyId: string;
  usage: string[];
}

export interface AuthCall {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
}

async function call(
  apiBase: string,
  method: string,
  path: string,
  options: { bearer?: string; body?: unknown; problemDetails?: boolean } = {},
): Promise<AuthCall> {
  const headers: Record<string, string> = {};
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  if (options.problemDetails) headers['x-error-format'] = 'problem-details';
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${apiBase}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

export async function ksefTokenCertificate(apiBase: string): Promise<PublishedCertificate> {
  const listed = await call(apiBase, 'GET', '/security/public-key-certificates');
  const found = (listed.json as PublishedCertificate[]).find((c) =>
    c.usage.includes('KsefTokenEncryption'),
  );
  if (found === undefined) throw new Error('no KsefTokenEncryption certificate was published');
  return found;
}

/** Base64 RSA-OAEP (SHA-256, MGF1-SHA-256) of `plaintext` under the certificate's key. */
export function encryptForCertificate(
  plaintext: string,
  certificate: PublishedCertificate,
): string {
  const key = new X509Certificate(Buffer.from(certificate.certificate, 'base64')).publicKey;
  return publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(plaintext, 'utf8'),
  ).toString('base64');
}

export interface StartedLogin {
  referenceNumber: string;
  authenticationToken: string;
}

/** Challenge and POST /auth/ksef-token (202 expected); `plaintext` overrides `token|timestampMs`. */
export async function startKsefTokenLogin(
  apiBase: string,
  request: { nip: string; ksefToken: string; plaintext?: (timestampMs: number) => string },
): Promise<StartedLogin> {
  const certificate = await ksefTokenCertificate(apiBase);
  const challenge = await call(apiBase, 'POST', '/auth/challenge');
  if (challenge.status !== 200) throw new Error(`challenge answered ${challenge.status}`);
  const { timestampMs } = challenge.json as { timestampMs: number };
  const plaintext = request.plaintext?.(timestampMs) ?? `${request.ksefToken}|${timestampMs}`;
  const started = await call(apiBase, 'POST', '/auth/ksef-token', {
    body: {
      challenge: (challenge.json as { challenge: string }).challenge,
      contextIdentifier: { type: 'Nip', value: request.nip },
      encryptedToken: encryptForCertificate(plaintext, certificate),
      publicKeyId: certificate.publicKeyId,
    },
  });
  if (started.status !== 202) {
    throw new Error(`ksef-token answered ${started.status}: ${JSON.stringify(started.json)}`);
  }
  return {
    referenceNumber: started.json.referenceNumber as string,
    authenticationToken: started.json.authenticationToken.token as string,
  };
}

/** Polls GET /auth/{ref} until its status code is no longer 100; returns the final status body. */
export async function finalAuthStatus(apiBase: string, login: StartedLogin): Promise<AuthCall> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const status = await call(apiBase, 'GET', `/auth/${login.referenceNumber}`, {
      bearer: login.authenticationToken,
    });
    if (status.status !== 200 || status.json.status.code !== 100) return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the authentication stayed in progress');
}

export interface RedeemedTokens {
  accessToken: { token: string; validUntil: string };
  refreshToken: { token: string; validUntil: string };
}

/** The whole login; throws unless it ends with 200 and a redeem. */
export async function loginWithKsefTokenOverHttp(
  apiBase: string,
  request: { nip: string; ksefToken: string },
): Promise<RedeemedTokens> {
  const login = await startKsefTokenLogin(apiBase, request);
  const status = await finalAuthStatus(apiBase, login);
  if (status.json?.status?.code !== 200) {
    throw new Error(`the authentication failed: ${JSON.stringify(status.json)}`);
  }
  const redeemed = await call(apiBase, 'POST', '/auth/token/redeem', {
    bearer: login.authenticationToken,
  });
  if (redeemed.status !== 200) throw new Error(`redeem answered ${redeemed.status}`);
  return redeemed.json as RedeemedTokens;
}

export { call as authCall };
