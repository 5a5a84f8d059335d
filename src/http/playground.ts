// The offline GraphQL playground served at `GET /graphql` to browsers. Apollo's own landing page
// loads Apollo Sandbox from a CDN and shows nothing without internet access, so the page is
// GraphiQL as `@graphql-yoga/render-graphiql` ships it: React, GraphiQL, Monaco and its three web
// workers, CSS, fonts and icons all inlined (about 9 MB of HTML). Render it once at start.
//
// The page carries a Content-Security-Policy that allows no network access except the GraphQL
// endpoint, so a future version of the package that fetched anything from a CDN would be blocked
// by the browser (and caught by the end-to-end test) instead of silently leaking requests.
import type * as RenderGraphiql from '@graphql-yoga/render-graphiql';
import { liveSocketScript } from './playground-live-socket';
import { schemaViewScript } from './playground-schema-view';

// The package is one 9 MB module: required on first render, so a gateway no browser visits never
// loads it (about 65 MB of memory).
let renderGraphiQL: typeof RenderGraphiql.renderGraphiQL | undefined;
function loadRenderGraphiQL(): typeof RenderGraphiql.renderGraphiQL {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  renderGraphiQL ??= (require('@graphql-yoga/render-graphiql') as typeof RenderGraphiql)
    .renderGraphiQL;
  return renderGraphiQL;
}

export interface PlaygroundExample {
  /** Equal to the operation's name, which GraphiQL shows as the tab title. */
  name: string;
  query: string;
  /** JSON text for the variables editor. */
  variables?: string;
}

export interface PlaygroundOptions {
  /** Where GraphiQL sends operations: a path on this origin (`/graphql`) or an absolute URL. */
  endpoint: string;
  /**
   * Pre-filled request headers, e.g. `{ Authorization: 'Bearer <sandbox token>' }` in sandbox
   * mode. Without them the headers editor shows an `Authorization: Bearer ` line to complete.
   */
  defaultHeaders?: Readonly<Record<string, string>>;
  /** One tab each, in this order. */
  exampleOperations: readonly PlaygroundExample[];
  title?: string;
  /**
   * Keep edited headers in the browser's localStorage across reloads. Off by default: a real
   * KSeF access token is a secret; turn it on in sandbox mode, where the token is not one.
   */
  persistHeaders?: boolean;
}

const DEFAULT_TITLE = 'KSeF sessions gateway';

// GraphiQL 5 leaves framer-motion's tab-reorder transforms on the tabs and hides them with
// `.graphiql-tab:not(:focus-within) { transform: none !important }`. Pressing a tab focuses it,
// the stale transform applies, the tab jumps away from under the pointer and the click is lost
// (seen in Chromium). Pinning the tabs in place keeps clicks working; dragging a tab still
// reorders, it just does not slide while dragged.
const TAB_FIX_STYLE = '<style>.graphiql-tab{transform:none!important}</style>';

// GraphiQL 5 reopens the stored tab whose query, variables and headers equal its separately
// stored `graphiql:query`/`variables`/`headers` (the query taken from the page's `?query=` first,
// which Yoga's wrapper keeps in step with the editor). It writes those keys only on edits, so a
// reload without one found no match and added an empty "<untitled>" tab, or a duplicate when the
// URL named another tab than the stored active one. Copying the values of the tab the URL names
// (else the active one) into those keys before GraphiQL starts makes the match succeed.
const TAB_RESTORE_SCRIPT = `<script>
(function () {
  try {
    var state = JSON.parse(localStorage.getItem('graphiql:tabState') || 'null');
    if (!state || !Array.isArray(state.tabs)) return;
    var tab = state.tabs[state.activeTabIndex];
    var urlQuery = new URLSearchParams(location.search).get('query');
    for (var i = 0; urlQuery && i < state.tabs.length; i++) {
      if (state.tabs[i] && state.tabs[i].query === urlQuery) {
        tab = state.tabs[i];
        break;
      }
    }
    if (!tab) return;
    ['query', 'variables', 'headers'].forEach(function (key) {
      if (typeof tab[key] === 'string' && tab[key]) localStorage.setItem('graphiql:' + key, tab[key]);
      else localStorage.removeItem('graphiql:' + key);
    });
  } catch (e) {
    // Storage unavailable or in another shape: GraphiQL then starts as it would anyway.
  }
})();
</script>`;
const HEADERS_TO_COMPLETE: Readonly<Record<string, string>> = { Authorization: 'Bearer ' };

/** The policy in the page's `<meta http-equiv>`; exported for tests and for a response header. */
export function playgroundContentSecurityPolicy(endpoint: string): string {
  // Operations over HTTP(S) and subscriptions over WS(S) on the same origin ('self' covers both).
  const origin = /^https?:\/\//i.test(endpoint) ? new URL(endpoint).origin : '';
  const endpointOrigin = origin ? ` ${origin} ${origin.replace(/^http/i, 'ws')}` : '';
  return [
    "default-src 'none'",
    // The whole app is one inline script; Monaco's workers are started from blob: URLs.
    "script-src 'unsafe-inline' blob:",
    'worker-src blob:',
    "style-src 'unsafe-inline'",
    'font-src data:',
    'img-src data: blob:',
    `connect-src 'self'${endpointOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderPlaygroundPage(options: PlaygroundOptions): string {
  const headers = JSON.stringify(options.defaultHeaders ?? HEADERS_TO_COMPLETE, null, 2);
  const graphiqlOptions = {
    // Escaped once here: the package writes the title as HTML into <title> and into the page.
    title: escapeHtml(options.title ?? DEFAULT_TITLE),
    endpoint: options.endpoint,
    // Headers of new tabs; the example tabs carry their own copy below.
    headers,
    defaultTabs: options.exampleOperations.map((example) => ({
      query: example.query,
      variables: example.variables ?? null,
      headers,
    })),
    shouldPersistHeaders: options.persistHeaders ?? false,
    // Open the headers editor when there is a token to show, or one to enter.
    defaultEditorToolsVisibility: 'headers' as const,
    // Subscriptions over graphql-transport-ws on the same path (API.md, "Live status"); the token
    // reaches connectionParams through liveSocketScript().
    subscriptionsProtocol: 'WS' as const,
  };

  const rendered = loadRenderGraphiQL()(graphiqlOptions);
  // renderGraphiQL embeds `JSON.stringify(options)` in a <script> as is; a `</script>` or `<!--`
  // inside a query or header would end the script early. Swap in a script-safe encoding.
  const rawJson = JSON.stringify(graphiqlOptions);
  const withSafeOptions = replaceOnce(rendered, rawJson, toScriptSafeJson(rawJson));
  const csp = `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(
    playgroundContentSecurityPolicy(options.endpoint),
  )}" />`;
  const withCsp = replaceOnce(
    withSafeOptions,
    '<meta charset="utf-8" />',
    `<meta charset="utf-8" />\n${csp}`,
  );
  const withTabFix = replaceOnce(
    withCsp,
    '</head>',
    `${TAB_FIX_STYLE}\n${liveSocketScript()}\n</head>`,
  );
  return replaceOnce(
    withTabFix,
    '<div id="root"></div>',
    `<div id="root"></div>\n${schemaViewScript()}\n${TAB_RESTORE_SCRIPT}`,
  );
}

/**
 * True when the caller is a browser asking for a page (`Accept: text/html` preferred over JSON);
 * false for GraphQL clients, curl (`*∕*`) and requests without `Accept`, which must reach the
 * GraphQL GET path (and Apollo's CSRF prevention) untouched. Decided by `Accept` alone: GraphiQL
 * keeps the current query in the page's `?query=` parameter, so a reload must get the page back.
 */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) {
    return false;
  }
  let html = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) {
      continue;
    }
    if (type === 'text/html') {
      html = Math.max(html, q);
    } else if (type === 'application/json' || type === 'application/graphql-response+json') {
      json = Math.max(json, q);
    }
  }
  return html > 0 && html > json;
}

function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0) {
    // The package's template changed shape; refuse to start rather than serve an unchecked page.
    throw new Error(
      `Playground template changed: cannot find ${JSON.stringify(search.slice(0, 40))}`,
    );
  }
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

function toScriptSafeJson(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
