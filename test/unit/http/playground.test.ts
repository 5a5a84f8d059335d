import {
  playgroundContentSecurityPolicy,
  renderPlaygroundPage,
  wantsHtml,
} from '../../../src/http/playground';
import { PLAYGROUND_EXAMPLES } from '../../../src/http/playground-examples';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Every URL the browser would fetch on its own from markup: src, href, srcset, CSS url(). */
function fetchedUrls(html: string): string[] {
  const attributes = [
    ...html.matchAll(/<[a-z]+\b[^>]*?\s(?:src|href|srcset|poster|data)\s*=\s*["']([^"']*)["']/gi),
  ];
  const cssUrls = [...html.matchAll(/url\(\s*["']?([^"')]*)/gi)];
  const imports = [...html.matchAll(/@import\s+["']([^"']+)["']/gi)];
  return [...attributes, ...cssUrls, ...imports].map((match) => match[1] ?? '');
}

function isRemote(url: string): boolean {
  if (/^(https?:)?\/\//i.test(url)) {
    return !LOCAL_HOSTS.has(new URL(url, 'http://localhost').hostname);
  }
  return false;
}

describe('the playground page', () => {
  let sandboxPage: string;
  let plainPage: string;

  beforeAll(() => {
    sandboxPage = renderPlaygroundPage({
      endpoint: '/graphql',
      defaultHeaders: { Authorization: 'Bearer sandbox-token' },
      exampleOperations: PLAYGROUND_EXAMPLES,
    });
    plainPage = renderPlaygroundPage({
      endpoint: '/graphql',
      exampleOperations: PLAYGROUND_EXAMPLES,
    });
  });

  it('loads nothing from another host: every script, stylesheet, font and image is inline', () => {
    const urls = fetchedUrls(sandboxPage);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter(isRemote)).toEqual([]);
    expect(sandboxPage).not.toMatch(/<script\b[^>]*\ssrc=/i);
    expect(sandboxPage).not.toMatch(/<link\b[^>]*\srel=["']?stylesheet/i);
  });

  it('names no CDN anywhere in the page', () => {
    expect(sandboxPage).not.toMatch(
      /unpkg\.com|cdn\.jsdelivr\.net|cdnjs|esm\.sh|fonts\.googleapis/i,
    );
  });

  it('lets the browser connect only to its own origin, by a content security policy', () => {
    const policy = playgroundContentSecurityPolicy('/graphql');
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(sandboxPage).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${policy}" />`,
    );
  });

  it('allows an absolute endpoint origin in the policy when the endpoint lives elsewhere', () => {
    expect(playgroundContentSecurityPolicy('https://gw.example.com/graphql')).toContain(
      "connect-src 'self' https://gw.example.com wss://gw.example.com",
    );
  });

  it('opens one tab per example operation, in order', () => {
    let last = -1;
    for (const example of PLAYGROUND_EXAMPLES) {
      const firstLine = example.query
        .split('\n')
        .find((line) => /^(query|mutation|subscription) /.test(line))!;
      const at = sandboxPage.indexOf(firstLine);
      expect(at).toBeGreaterThan(last);
      last = at;
    }
    expect(sandboxPage).toContain('"defaultTabs":[');
  });

  it('pre-fills the Authorization header when one is given', () => {
    expect(sandboxPage).toContain('\\"Authorization\\": \\"Bearer sandbox-token\\"');
    expect(plainPage).not.toContain('sandbox-token');
  });

  it('offers an Authorization header to complete when none is given', () => {
    expect(plainPage).toContain('\\"Authorization\\": \\"Bearer \\"');
  });

  it('does not keep headers in the browser unless asked to', () => {
    expect(sandboxPage).toContain('"shouldPersistHeaders":false');
    const persisted = renderPlaygroundPage({
      endpoint: '/graphql',
      exampleOperations: [],
      persistHeaders: true,
    });
    expect(persisted).toContain('"shouldPersistHeaders":true');
  });

  it('keeps a </script> inside an example from ending the page script early', () => {
    const scriptEnds = (html: string): number => html.split('</script>').length;
    const hostile = renderPlaygroundPage({
      endpoint: '/graphql',
      title: 'A <b>title</b>',
      defaultHeaders: { 'X-Note': '</script><script>alert(1)</script>' },
      exampleOperations: [
        { name: 'Evil', query: '# </script><script>alert(2)</script>\n{ __typename }' },
      ],
    });
    expect(scriptEnds(hostile)).toBe(scriptEnds(plainPage));
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).toContain('<title>A &lt;b&gt;title&lt;/b&gt;</title>');
  });
});

describe('wantsHtml', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8', true],
    ['text/html', true],
    ['application/json, text/html;q=0.9', false],
    ['text/html;q=0.5, application/json;q=0.4', true],
    ['application/graphql-response+json, application/json, multipart/mixed', false],
    ['application/json', false],
    ['*/*', false],
    ['text/html;q=0', false],
    ['text/html, application/json', false],
    ['', false],
    [undefined, false],
  ])('%p → %p', (accept, expected) => {
    expect(wantsHtml(accept)).toBe(expected);
  });
});
