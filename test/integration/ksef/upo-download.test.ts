// Pre-signed UPO links: fetched without the caller's token, and only from the KSeF environment.
import { createHash } from 'node:crypto';
import { createKsefHttp } from '../../../src/ksef/http';
import type { KsefHttp } from '../../../src/ksef/http';
import { createUpoDownloader } from '../../../src/ksef/upo-download';
import { startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';

describe('UPO download from downloadUrl', () => {
  let ksef: FakeUpstream;
  let elsewhere: FakeUpstream;
  let http: KsefHttp;
  const xml = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3"/>',
  );
  const hash = createHash('sha256').update(xml).digest('base64');

  beforeEach(async () => {
    const reply = () => ({
      status: 200,
      headers: { 'content-type': 'application/xml', 'x-ms-meta-hash': hash },
      body: xml,
    });
    ksef = await startFakeUpstream(reply);
    elsewhere = await startFakeUpstream(reply);
    http = createKsefHttp({ baseUrl: ksef.url, timeoutMs: 2000 });
  });

  afterEach(async () => {
    http.close();
    await ksef.stop();
    await elsewhere.stop();
  });

  it('fetches a link on the KSeF origin without Authorization, x-request-id or X-Error-Format, keeping the query', async () => {
    const upo = await createUpoDownloader(http).download(
      `${ksef.origin}/storage/01/session-upo/upo_00.xml?sv=2024&sig=abc%2B`,
    );
    expect(upo.bytes.equals(xml)).toBe(true);
    expect(upo.metaHash).toBe(hash);
    const [request] = ksef.requests;
    expect(request!.url).toBe('/storage/01/session-upo/upo_00.xml?sv=2024&sig=abc%2B');
    expect(request!.headers).not.toHaveProperty('authorization');
    expect(request!.headers).not.toHaveProperty('x-request-id');
    expect(request!.headers).not.toHaveProperty('x-error-format');
  });

  it('refuses a link to another origin without contacting it', async () => {
    await expect(
      createUpoDownloader(http).download(`${elsewhere.origin}/upo.xml?sig=1`),
    ).rejects.toMatchObject({
      kind: 'contract-violation',
    });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('fetches from an origin on the configured allow-list', async () => {
    const upo = await createUpoDownloader(http, { allowedOrigins: [elsewhere.origin] }).download(
      `${elsewhere.origin}/upo.xml?sig=1`,
    );
    expect(upo.bytes.equals(xml)).toBe(true);
    expect(elsewhere.requests[0]!.headers).not.toHaveProperty('authorization');
  });

  it('does not follow a redirect away from the allowed origin', async () => {
    ksef.reply(() => ({ status: 302, headers: { location: `${elsewhere.origin}/upo.xml` } }));
    await expect(
      createUpoDownloader(http).download(`${ksef.origin}/storage/upo.xml`),
    ).rejects.toMatchObject({
      kind: 'contract-violation',
    });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('reports an expired link (403 from storage) as forbidden, labelled without the URL', async () => {
    ksef.reply(() => ({
      status: 403,
      headers: { 'content-type': 'application/xml' },
      body: '<Error><Code>AuthenticationFailed</Code></Error>',
    }));
    const error: unknown = await createUpoDownloader(http)
      .download(`${ksef.origin}/storage/upo.xml?sig=very-secret`)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ kind: 'forbidden', path: '{downloadUrl}' });
    expect((error as Error).message).not.toContain('very-secret');
  });
});
