import { createHash } from 'node:crypto';
import type { KsefHttp, KsefRequestSpec, KsefResponse } from '../../../src/ksef/http';
import { KsefError } from '../../../src/ksef/ksef-error';
import { toUpoDownload } from '../../../src/ksef/upo-download';
import {
  allowedOriginSet,
  checkDownloadUrl,
  createUpoDownloader,
} from '../../../src/ksef/upo-download';

const upstream = 'https://api-test.ksef.mf.gov.pl';

function refusal(fn: () => unknown): KsefError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KsefError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('downloadUrl origin checks', () => {
  const allowed = allowedOriginSet(upstream, ['storage.ksef.example', 'http://127.0.0.1:9999']);

  it.each([
    'https://api-test.ksef.mf.gov.pl/storage/01/20250918-SB/session-upo/upo_00.xml?sv=2024&sig=abc',
    'HTTPS://API-TEST.KSEF.MF.GOV.PL:443/storage/x.xml',
    'https://storage.ksef.example/x.xml?sig=1',
    'http://127.0.0.1:9999/x.xml',
  ])('allows %s', (url) => {
    expect(checkDownloadUrl(url, upstream, allowed)).toBeInstanceOf(URL);
  });

  it('resolves a relative URL against the upstream', () => {
    expect(checkDownloadUrl('/v2/sessions/a/upo/b', upstream, allowed).toString()).toBe(
      `${upstream}/v2/sessions/a/upo/b`,
    );
  });

  it.each([
    ['another host', 'https://evil.example/upo.xml'],
    ['a look-alike host', 'https://api-test.ksef.mf.gov.pl.evil.example/upo.xml'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data'],
    ['a protocol downgrade', 'http://api-test.ksef.mf.gov.pl/upo.xml'],
    ['another port', 'https://api-test.ksef.mf.gov.pl:8443/upo.xml'],
    ['a non-HTTP scheme', 'file:///etc/passwd'],
    ['a protocol-relative URL to elsewhere', '//evil.example/upo.xml'],
    ['embedded credentials', 'https://user:pw@api-test.ksef.mf.gov.pl/upo.xml'],
    ['a bare host entry only meaning https', 'http://storage.ksef.example/x.xml'],
  ])('refuses %s with a contract-violation', (_name, url) => {
    const error = refusal(() => checkDownloadUrl(url, upstream, allowed));
    expect(error.kind).toBe('contract-violation');
    expect(error.message).not.toContain('?');
    expect(error.message).not.toMatch(/:\/\/|evil|169\.254|ksef\.mf\.gov\.pl/);
  });

  it('keeps the refused origin for the log, out of the message', () => {
    const error = refusal(() => checkDownloadUrl('https://evil.example/u.xml', upstream, allowed));
    expect(error.message).toBe(
      "Refused to download the UPO: its host is not the KSeF environment's",
    );
    expect(error.cause).toEqual({ origin: 'https://evil.example' });
  });

  it('refuses garbage that is not a URL', () => {
    expect(refusal(() => checkDownloadUrl('http://', upstream, allowed)).kind).toBe(
      'contract-violation',
    );
  });
});

describe('createUpoDownloader', () => {
  function fakeHttp(bytes: Buffer, headers: Record<string, string> = {}) {
    const specs: KsefRequestSpec[] = [];
    const http: KsefHttp = {
      baseUrl: `${upstream}/v2`,
      origin: upstream,
      timeoutMs: 10_000,
      request: ((spec: KsefRequestSpec): Promise<KsefResponse<Buffer>> => {
        specs.push(spec);
        return Promise.resolve({ status: 200, headers, data: bytes });
      }) as KsefHttp['request'],
      close: () => undefined,
    };
    return { http, specs };
  }

  it('fetches an allowed URL without a caller (so without Authorization), labelled without the URL', async () => {
    const xml = Buffer.from('<Potwierdzenie/>');
    const { http, specs } = fakeHttp(xml, {
      'x-ms-meta-hash': createHash('sha256').update(xml).digest('base64'),
    });
    const result = await createUpoDownloader(http).download(
      `${upstream}/storage/upo.xml?sig=secret`,
    );
    expect(result.bytes.equals(xml)).toBe(true);
    expect(specs).toHaveLength(1);
    expect(specs[0]!.caller).toBeUndefined();
    expect(specs[0]!.absoluteUrl?.toString()).toBe(`${upstream}/storage/upo.xml?sig=secret`);
    expect(specs[0]!.pathTemplate).not.toContain('secret');
  });

  it('never calls out for a refused URL', async () => {
    const { http, specs } = fakeHttp(Buffer.alloc(0));
    await expect(
      createUpoDownloader(http).download('https://evil.example/upo.xml'),
    ).rejects.toMatchObject({ kind: 'contract-violation' });
    expect(specs).toHaveLength(0);
  });
});

describe('toUpoDownload', () => {
  const xml = Buffer.from('<?xml version="1.0"?><Potwierdzenie>ą</Potwierdzenie>');
  const hash = createHash('sha256').update(xml).digest('base64');

  it('returns the bytes untouched with the hash KSeF sent', () => {
    const result = toUpoDownload('GET', '/p', 200, xml, { 'x-ms-meta-hash': hash });
    expect(result.bytes).toBe(xml);
    expect(result.metaHash).toBe(hash);
  });

  it('accepts a UPO without x-ms-meta-hash', () => {
    expect(toUpoDownload('GET', '/p', 200, xml, {}).metaHash).toBeUndefined();
  });

  it('refuses bytes that do not match x-ms-meta-hash', () => {
    expect(() =>
      toUpoDownload('GET', '/p', 200, Buffer.concat([xml, Buffer.from(' ')]), {
        'x-ms-meta-hash': hash,
      }),
    ).toThrow(/x-ms-meta-hash/);
  });
});
