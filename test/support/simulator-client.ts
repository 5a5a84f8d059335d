/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, asserted field by field */
// Test-side helpers: plain HTTP against the simulator and the client half of KSeF's cryptography
// (RSA-OAEP-SHA256 key wrap with the published certificate, AES-256-CBC invoices), done with
// node:crypto independently of the simulator's own code.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { FORM_CODES, type FormCodeName } from '../../src/ksef/wire/form-codes';
import type {
  OpenOnlineSessionResponseDto,
  PublicKeyCertificateDto,
  SendInvoiceRequestDto,
} from '../../src/ksef/wire/sessions.dto';
import { newSessionKeys } from './ksef-client-crypto';
import type { SimulatorHandle } from '../../src/simulator/simulator';

export interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function api(
  sim: SimulatorHandle,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? 'token-a'}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('base64');

export async function symmetricKeyCertificate(
  sim: SimulatorHandle,
): Promise<PublicKeyCertificateDto> {
  const result = await api(sim, 'GET', '/security/public-key-certificates', { token: null });
  const certs = result.json as PublicKeyCertificateDto[];
  const cert = certs.find((c) => c.usage.includes('SymmetricKeyEncryption'));
  if (!cert) throw new Error('no SymmetricKeyEncryption certificate');
  return cert;
}

export interface OpenedSession {
  referenceNumber: string;
  validUntil: string;
  key: Buffer;
  iv: Buffer;
}

export async function encryptionFor(
  sim: SimulatorHandle,
  key = randomBytes(32),
  iv = randomBytes(16),
) {
  return newSessionKeys(await symmetricKeyCertificate(sim), key, iv);
}

export async function openOnline(
  sim: SimulatorHandle,
  token = 'token-a',
  formCode: FormCodeName = 'FA_3',
): Promise<OpenedSession> {
  const { key, iv, encryption } = await encryptionFor(sim);
  const result = await api(sim, 'POST', '/sessions/online', {
    token,
    body: { formCode: FORM_CODES[formCode], encryption },
  });
  if (result.status !== 201) throw new Error(`open failed: ${result.status} ${result.text}`);
  const body = result.json as OpenOnlineSessionResponseDto;
  return { ...body, key, iv };
}

export function aesEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

export function encryptInvoice(
  xml: string | Buffer,
  key: Buffer,
  iv: Buffer,
): SendInvoiceRequestDto {
  const plain = Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8');
  const encrypted = aesEncrypt(plain, key, iv);
  return {
    invoiceHash: sha256(plain),
    invoiceSize: plain.length,
    encryptedInvoiceHash: sha256(encrypted),
    encryptedInvoiceSize: encrypted.length,
    encryptedInvoiceContent: encrypted.toString('base64'),
  };
}

export async function sendInvoice(
  sim: SimulatorHandle,
  session: OpenedSession,
  xml: string,
  token = 'token-a',
): Promise<string> {
  const result = await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/invoices`, {
    token,
    body: encryptInvoice(xml, session.key, session.iv),
  });
  if (result.status !== 202) throw new Error(`send failed: ${result.status} ${result.text}`);
  return (result.json as { referenceNumber: string }).referenceNumber;
}

/** Polls until `done` holds or the deadline passes (then fails with the last value). */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 15));
    last = await read();
  }
  return last;
}

export async function sessionStatusCode(
  sim: SimulatorHandle,
  ref: string,
  token = 'token-a',
): Promise<any> {
  return (await api(sim, 'GET', `/sessions/${ref}`, { token })).json;
}

export async function waitForSessionCode(
  sim: SimulatorHandle,
  ref: string,
  token = 'token-a',
  timeoutMs = 5000,
): Promise<any> {
  return pollUntil(
    () => sessionStatusCode(sim, ref, token),
    (s) => s?.status?.code >= 200,
    timeoutMs,
  );
}

export async function waitForInvoice(
  sim: SimulatorHandle,
  ref: string,
  invoiceRef: string,
  token = 'token-a',
): Promise<any> {
  return pollUntil(
    async () => (await api(sim, 'GET', `/sessions/${ref}/invoices/${invoiceRef}`, { token })).json,
    (s) => s?.status?.code >= 200,
  );
}
