// The dashboard-polling scenario: an accounting office with N screens open, each showing the same
// K sessions of one KSeF context and refreshing them every second (one `session(ref)` request per
// session, as separate widgets do), or subscribed to them instead. What it costs is KSeF calls per
// second against the context's budget (sessionMisc: 10 a second, 120 a minute), counted at the
// simulator:
//
//   proxy        the same polling through the floor: one KSeF call per poll, what every poll
//                cost before shared reads (a plain proxy, or this gateway's first release)
//   polling      the same polling through the gateway: in-flight reads shared, final statuses kept
//   subscribed   N clients subscribed (graphql-ws) to the K sessions: one feed per session
//
// Of the K sessions, some are open (their status can change, so every look that is not shared in
// flight reaches KSeF) and the rest finished (kept after the first read).
import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { KSEF_DEFAULT_RATE_LIMITS } from '../src/ksef/wire/rate-limit-groups';
import type { HttpClient } from './http-client';
import { graphqlRequest } from './http-client';
import type { SimulatorProcess } from './processes';
import { STATUS_ROUTE } from './scenarios';

export interface DashboardPollingSettings {
  clients: number;
  openSessions: number;
  finishedSessions: number;
  durationS: number;
}

export const DASHBOARD_POLLING_DEFAULTS: DashboardPollingSettings = {
  clients: 20,
  openSessions: 3,
  finishedSessions: 2,
  durationS: 10,
};

export interface DashboardPollingMode {
  mode: 'proxy' | 'polling' | 'subscribed';
  /** Status looks the clients made (polls), or states they received (subscribed). */
  looks: number;
  ksefCallsPerSecond: number;
  errors: number;
}

export interface DashboardPollingReport extends DashboardPollingSettings {
  budgetPerSecond: number;
  budgetPerMinuteAsPerSecond: number;
  modes: DashboardPollingMode[];
}

const OPEN = `mutation { openOnlineSession(input: { formCode: FA_3 }) { session { referenceNumber } } }`;
const CLOSE = `mutation ($ref: ID!) { closeSession(referenceNumber: $ref) { phase } }`;
const LOOK = `query ($ref: ID!) { session(referenceNumber: $ref) { referenceNumber phase isTerminal } }`;
const FOLLOW = `subscription ($ref: ID!) { sessionUpdated(referenceNumber: $ref) { referenceNumber phase isTerminal } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function graphql(http: HttpClient, url: string, query: string, vars: object, token: string) {
  const answer = await http.request(url, graphqlRequest(query, { ...vars }, token));
  const body = JSON.parse(answer.body) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (answer.status !== 200 || body.errors) {
    throw new Error(`dashboard polling: ${answer.status} ${answer.body.slice(0, 300)}`);
  }
  return body.data!;
}

/** Opens the sessions the dashboards show, and finishes some of them. */
async function prepareSessions(
  http: HttpClient,
  gatewayUrl: string,
  token: string,
  settings: DashboardPollingSettings,
): Promise<string[]> {
  const refs: string[] = [];
  for (let i = 0; i < settings.openSessions + settings.finishedSessions; i++) {
    const data = await graphql(http, gatewayUrl, OPEN, {}, token);
    refs.push(
      (data['openOnlineSession'] as { session: { referenceNumber: string } }).session
        .referenceNumber,
    );
  }
  for (const ref of refs.slice(settings.openSessions)) {
    await graphql(http, gatewayUrl, CLOSE, { ref }, token);
    for (let tries = 0; ; tries++) {
      const data = await graphql(http, gatewayUrl, LOOK, { ref }, token);
      if ((data['session'] as { isTerminal: boolean }).isTerminal) break;
      if (tries > 100) throw new Error(`dashboard polling: session ${ref} did not finish`);
      await sleep(100);
    }
  }
  return refs;
}

/** One look at a session: a GraphQL query to the gateway, or the proxied GET through the floor. */
type Look = (ref: string) => Promise<boolean>;

function gatewayLook(http: HttpClient, gatewayUrl: string, token: string): Look {
  return async (ref) => {
    const answer = await http.request(gatewayUrl, graphqlRequest(LOOK, { ref }, token));
    return answer.status === 200 && !answer.body.includes('"errors"');
  };
}

function proxyLook(http: HttpClient, floorUrl: string, token: string): Look {
  return async (ref) => {
    const answer = await http.request(`${floorUrl}/sessions/${ref}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    return answer.status === 200;
  };
}

/** N clients, each looking at every session once a second, at its own phase in the second. */
async function poll(
  look: Look,
  refs: readonly string[],
  settings: DashboardPollingSettings,
): Promise<{ looks: number; errors: number }> {
  let looks = 0;
  let errors = 0;
  const endAt = Date.now() + settings.durationS * 1_000;
  const client = async (phaseMs: number) => {
    await sleep(phaseMs);
    while (Date.now() < endAt) {
      const tickAt = Date.now();
      await Promise.all(
        refs.map(async (ref) => {
          try {
            if (!(await look(ref))) errors++;
          } catch {
            errors++;
          }
          looks++;
        }),
      );
      await sleep(Math.max(0, 1_000 - (Date.now() - tickAt)));
    }
  };
  await Promise.all(
    Array.from({ length: settings.clients }, (_, i) => client((i * 1_000) / settings.clients)),
  );
  return { looks, errors };
}

/** N graphql-ws clients, each subscribed to every session for the duration. */
async function subscribe(
  gatewayUrl: string,
  refs: readonly string[],
  token: string,
  settings: DashboardPollingSettings,
): Promise<{ looks: number; errors: number }> {
  let looks = 0;
  let errors = 0;
  const clients: Client[] = [];
  const unsubscribes: (() => void)[] = [];
  for (let i = 0; i < settings.clients; i++) {
    const client = createClient({
      url: gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(client);
    for (const ref of refs) {
      unsubscribes.push(
        client.subscribe(
          { query: FOLLOW, variables: { ref } },
          {
            next: (result) => {
              if (result.errors) errors++;
              else looks++;
            },
            error: () => errors++,
            complete: () => undefined,
          },
        ),
      );
    }
  }
  await sleep(settings.durationS * 1_000);
  for (const unsubscribe of unsubscribes) unsubscribe();
  await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
  return { looks, errors };
}

export async function measureDashboardPolling(
  http: HttpClient,
  urls: { gateway: string; floor: string },
  simulator: SimulatorProcess,
  token: string,
  settings: DashboardPollingSettings = DASHBOARD_POLLING_DEFAULTS,
): Promise<DashboardPollingReport> {
  const refs = await prepareSessions(http, urls.gateway, token, settings);
  const modes: DashboardPollingMode[] = [];
  const measure = async (
    mode: DashboardPollingMode['mode'],
    run: () => Promise<{ looks: number; errors: number }>,
  ) => {
    await simulator.clearCalls();
    const startedAt = Date.now();
    const { looks, errors } = await run();
    const seconds = (Date.now() - startedAt) / 1_000;
    const calls = (await simulator.calls()).byRoute[STATUS_ROUTE] ?? 0;
    modes.push({
      mode,
      looks,
      ksefCallsPerSecond: Math.round((calls / seconds) * 10) / 10,
      errors,
    });
  };
  await measure('proxy', () => poll(proxyLook(http, urls.floor, token), refs, settings));
  await measure('polling', () => poll(gatewayLook(http, urls.gateway, token), refs, settings));
  await measure('subscribed', () => subscribe(urls.gateway, refs, token, settings));
  const budget = KSEF_DEFAULT_RATE_LIMITS.sessionMisc;
  return {
    ...settings,
    budgetPerSecond: budget.perSecond,
    budgetPerMinuteAsPerSecond: Math.round((budget.perMinute / 60) * 10) / 10,
    modes,
  };
}

export function formatDashboardPolling(report: DashboardPollingReport): string[] {
  const sessions = report.openSessions + report.finishedSessions;
  return [
    `dashboard polling: ${report.clients} clients × ${sessions} sessions of one context ` +
      `(${report.openSessions} open, ${report.finishedSessions} finished), each looked at every second, ${report.durationS} s per mode;`,
    `KSeF budget for status reads (sessionMisc) per context: ${report.budgetPerSecond}/s, ` +
      `${report.budgetPerMinuteAsPerSecond}/s sustained over a minute`,
    ...report.modes.map(
      (m) =>
        `  ${m.mode.padEnd(11)} ${String(m.ksefCallsPerSecond).padStart(6)} KSeF calls/s · ${m.looks} ${m.mode === 'subscribed' ? 'states delivered' : 'looks'}` +
        (m.errors > 0 ? ` · ERRORS ${m.errors}` : ''),
    ),
  ];
}
