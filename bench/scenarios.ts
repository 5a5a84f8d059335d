// What is measured: three operations, each against the gateway and against what the same work
// costs without it (the floor: one proxied REST call per upstream call; and the simulator alone).
// Each scenario states the upstream calls one operation needs at the least; anything beyond that
// is reported as redundant.
import { at, parseJson } from './json';
import { DASHBOARD, ENTITIES, MESH_SESSION_STATUS, SESSION_STATUS } from './operations';
import type { Seeded } from './seed';

export const STATUS_ROUTE = 'GET /sessions/{referenceNumber}';
export const LIST_ROUTE = 'GET /sessions';

export type ScenarioGroup = 'status' | 'dashboard' | 'entities';
/**
 * `gateway`: this product; `floor`: one proxied call over node:http; `direct`: the simulator alone;
 * `peer`: GraphQL Mesh over the official spec; `rung`: the floor with another upstream client.
 */
export type ScenarioKind = 'gateway' | 'floor' | 'direct' | 'peer' | 'rung';

export interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /**
   * Requests to send in turn instead of the one above, one after another across all connections:
   * a lookup that reads another session each time, as a screen of many sessions does. Each has
   * the full URL (path and query) and, for POST, the body.
   */
  variants?: readonly { url: string; body?: string }[];
  /** Cheap check of every response body under load (false counts as an error). */
  verify(body: string): boolean;
  /** Thorough check of one response before the run: a problem, or null. */
  check(body: string): string | null;
}

export interface Scenario {
  id: string;
  group: ScenarioGroup;
  kind: ScenarioKind;
  title: string;
  target: Target;
  /** Upstream calls one operation needs at the least, by simulator route. */
  minimumCalls: Record<string, number>;
}

export interface ScenarioEndpoints {
  gatewayUrl: string;
  floorUrl: string;
  /** The floor with axios and the gateway's adapter on the same agent. */
  floorAxiosUrl: string;
  /** The floor with axios and its stock http adapter. */
  floorAxiosStockUrl: string;
  /** GraphQL Mesh; absent without KSEF_OPENAPI_SPEC. */
  meshUrl?: string;
  /** Ends in /v2. */
  simulatorUrl: string;
}

/** Open sessions a status lookup reads in turn (more than the connections). */
export const STATUS_POOL = 20;
/** `_entities` representations per request. */
export const ENTITY_COUNT = 50;
/** Sessions on a dashboard page. */
export const DASHBOARD_PAGE = 100;
/** The floor's fan-out, like the gateway's status loader (KSEF_STATUS_CONCURRENCY default). */
export const FANOUT_CONCURRENCY = 4;

/** A GraphQL answer with data and no errors. */
function graphqlOk(body: string): boolean {
  return body.startsWith('{"data":{') && !body.includes('"errors":');
}

function graphqlTarget(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  verify: (body: string) => boolean,
  check: (data: unknown) => string | null,
  variants?: Target['variants'],
): Target {
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    ...(variants !== undefined && { variants }),
    verify: (body) => graphqlOk(body) && verify(body),
    check(body) {
      const answer = parseJson(body);
      if (answer === undefined) return `not JSON: ${body.slice(0, 200)}`;
      const errors = at(answer, 'errors');
      if (errors !== undefined) return `GraphQL errors: ${JSON.stringify(errors).slice(0, 300)}`;
      return check(at(answer, 'data'));
    },
  };
}

function restTarget(
  url: string,
  token: string,
  check: (json: unknown) => string | null,
  variants?: Target['variants'],
): Target {
  return {
    url,
    ...(variants !== undefined && { variants }),
    method: 'GET',
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    verify: (body) => body.startsWith('{'),
    check(body) {
      const json = parseJson(body);
      return json === undefined ? `not JSON: ${body.slice(0, 200)}` : check(json);
    },
  };
}

export function buildScenarios(endpoints: ScenarioEndpoints, seeded: Seeded): Scenario[] {
  const { gatewayUrl, floorUrl, simulatorUrl, floorAxiosUrl, floorAxiosStockUrl, meshUrl } =
    endpoints;
  const { token, sessions } = seeded;
  const v2 = new URL(simulatorUrl).pathname; // '/v2'

  // Status lookups read open sessions in turn, one after another across connections: a status
  // that can still change is read from KSeF every time (a finished one would be kept by the
  // gateway's shared reads and cost no call at all, which is not the work compared here), and
  // with more sessions than connections no two lookups in flight read the same one.
  const open = sessions.filter((s) => s.code === 100).slice(0, STATUS_POOL);
  if (open.length < STATUS_POOL) throw new Error(`need ${STATUS_POOL} open seeded sessions`);
  const target = open[0]!;
  const ref = target.referenceNumber;
  const statusRefs = open.map((s) => s.referenceNumber);
  const graphqlVariants = (url: string, query: string) =>
    statusRefs.map((referenceNumber) => ({
      url,
      body: JSON.stringify({ query, variables: { referenceNumber } }),
    }));
  const restVariants = (base: string) =>
    statusRefs.map((referenceNumber) => ({ url: `${base}${v2}/sessions/${referenceNumber}` }));
  const entityRefs = sessions.slice(0, ENTITY_COUNT).map((s) => s.referenceNumber);
  if (entityRefs.length < ENTITY_COUNT) throw new Error(`need ${ENTITY_COUNT} seeded sessions`);
  if (sessions.length <= DASHBOARD_PAGE)
    throw new Error(`need more than ${DASHBOARD_PAGE} seeded sessions`);
  const listPath = `${v2}/sessions?sessionType=Online&pageSize=${DASHBOARD_PAGE}`;
  const statusPath = `${v2}/sessions/${ref}`;

  const statusCheck = (json: unknown): string | null =>
    typeof at(json, 'status', 'code') === 'number' ? null : 'no status.code in the status body';
  const listCheck = (json: unknown): string | null => {
    const length = at(json, 'sessions', 'length');
    return length === DASHBOARD_PAGE ? null : `list page has ${String(length)} sessions`;
  };

  return [
    {
      id: 'status.gateway',
      group: 'status',
      kind: 'gateway',
      title: 'session(referenceNumber) status lookup',
      target: graphqlTarget(
        gatewayUrl,
        token,
        SESSION_STATUS,
        { referenceNumber: ref },
        (body) => !body.includes('"session":null'),
        (data) =>
          at(data, 'session', 'status', 'code') === target.code
            ? null
            : `unexpected ${JSON.stringify(data)}`,
        graphqlVariants(gatewayUrl, SESSION_STATUS),
      ),
      minimumCalls: { [STATUS_ROUTE]: 1 },
    },
    {
      id: 'status.floor',
      group: 'status',
      kind: 'floor',
      title: 'floor: one proxied GET /sessions/{ref}',
      target: restTarget(`${floorUrl}${statusPath}`, token, statusCheck, restVariants(floorUrl)),
      minimumCalls: { [STATUS_ROUTE]: 1 },
    },
    {
      id: 'status.direct',
      group: 'status',
      kind: 'direct',
      title: 'simulator: GET /sessions/{ref}',
      target: restTarget(
        `${simulatorUrl}/sessions/${ref}`,
        token,
        statusCheck,
        restVariants(new URL(simulatorUrl).origin),
      ),
      minimumCalls: { [STATUS_ROUTE]: 1 },
    },
    ...(meshUrl === undefined
      ? []
      : [
          {
            id: 'status.mesh',
            group: 'status',
            kind: 'peer',
            title: 'GraphQL Mesh (Hive Gateway) over the spec: the same lookup',
            target: graphqlTarget(
              meshUrl,
              token,
              MESH_SESSION_STATUS,
              { referenceNumber: ref },
              (body) => body.includes('"status":{"code"'),
              (data) =>
                at(data, 'sessions_by_referenceNumber', 'status', 'code') === target.code
                  ? null
                  : `unexpected ${JSON.stringify(data)}`,
              graphqlVariants(meshUrl, MESH_SESSION_STATUS),
            ),
            minimumCalls: { [STATUS_ROUTE]: 1 },
          } satisfies Scenario,
        ]),
    {
      id: 'status.axios',
      group: 'status',
      kind: 'rung',
      title: "floor with axios' pipeline and the gateway's adapter",
      target: restTarget(
        `${floorAxiosUrl}${statusPath}`,
        token,
        statusCheck,
        restVariants(floorAxiosUrl),
      ),
      minimumCalls: { [STATUS_ROUTE]: 1 },
    },
    {
      id: 'status.axios-stock',
      group: 'status',
      kind: 'rung',
      title: 'floor with axios and its stock http adapter',
      target: restTarget(
        `${floorAxiosStockUrl}${statusPath}`,
        token,
        statusCheck,
        restVariants(floorAxiosStockUrl),
      ),
      minimumCalls: { [STATUS_ROUTE]: 1 },
    },
    {
      id: 'dashboard.gateway',
      group: 'dashboard',
      kind: 'gateway',
      title: `sessions(first: ${DASHBOARD_PAGE}) with status and counts`,
      target: graphqlTarget(
        gatewayUrl,
        token,
        DASHBOARD,
        {},
        () => true,
        (data) => {
          const nodes = at(data, 'sessions', 'nodes');
          if (!Array.isArray(nodes) || nodes.length !== DASHBOARD_PAGE) {
            return `expected ${DASHBOARD_PAGE} nodes, got ${String(at(nodes, 'length'))}`;
          }
          return nodes.every((n) => typeof at(n, 'status', 'code') === 'number')
            ? null
            : 'a node without status';
        },
      ),
      minimumCalls: { [LIST_ROUTE]: 1 },
    },
    {
      id: 'dashboard.floor',
      group: 'dashboard',
      kind: 'floor',
      title: `floor: one proxied GET /sessions?pageSize=${DASHBOARD_PAGE}`,
      target: restTarget(`${floorUrl}${listPath}`, token, listCheck),
      minimumCalls: { [LIST_ROUTE]: 1 },
    },
    {
      id: 'dashboard.direct',
      group: 'dashboard',
      kind: 'direct',
      title: `simulator: GET /sessions?pageSize=${DASHBOARD_PAGE}`,
      target: restTarget(
        `${simulatorUrl}/sessions?sessionType=Online&pageSize=${DASHBOARD_PAGE}`,
        token,
        listCheck,
      ),
      minimumCalls: { [LIST_ROUTE]: 1 },
    },
    {
      id: 'entities.gateway',
      group: 'entities',
      kind: 'gateway',
      title: `federation _entities, ${ENTITY_COUNT} representations`,
      target: graphqlTarget(
        gatewayUrl,
        token,
        ENTITIES,
        {
          representations: entityRefs.map((referenceNumber) => ({
            __typename: 'Session',
            referenceNumber,
          })),
        },
        (body) => !body.includes('null'),
        (data) => {
          const entities = at(data, '_entities');
          const got = Array.isArray(entities)
            ? entities.map((e) => at(e, 'referenceNumber') ?? null)
            : entities;
          return JSON.stringify(got) === JSON.stringify(entityRefs)
            ? null
            : `entities ${JSON.stringify(got).slice(0, 200)}`;
        },
      ),
      minimumCalls: { [STATUS_ROUTE]: ENTITY_COUNT },
    },
    {
      id: 'entities.floor',
      group: 'entities',
      kind: 'floor',
      title: `floor: ${ENTITY_COUNT} proxied status GETs, ${FANOUT_CONCURRENCY} at a time`,
      target: {
        url: `${floorUrl}/fanout`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          paths: entityRefs.map((r) => `${v2}/sessions/${r}`),
          concurrency: FANOUT_CONCURRENCY,
        }),
        verify: (body) => body.startsWith('[{'),
        check(body) {
          const json = parseJson(body);
          return Array.isArray(json) &&
            json.length === ENTITY_COUNT &&
            json.every((s) => statusCheck(s) === null)
            ? null
            : `fan-out answered ${body.slice(0, 200)}`;
        },
      },
      minimumCalls: { [STATUS_ROUTE]: ENTITY_COUNT },
    },
  ];
}
