// The stack most tests need: the embedded KSeF simulator and the gateway, both real servers on
// port 0, talking real HTTP. Operations are the typed documents GraphQL Code Generator makes from
// test/operations/*.graphql (one named operation a file; `npm run codegen`), exactly what a
// front-end app would import; only router-facing operations (`_entities`) are read as text.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { DocumentNode } from 'graphql';
import { startSimulator } from '../../src/simulator/simulator';
import type { SimulatorHandle, SimulatorOptions } from '../../src/simulator/simulator';
import * as generated from '../operations/__generated__/operations';
import { startTestGateway } from './gateway';
import { INVOICE_SCHEMAS_DIR } from './invoice-schemas';
import type { ListeningGateway, TestGatewaySetup } from './gateway';

// Two real servers per file and a loaded two-core machine: more than jest's default 5 s.
jest.setTimeout(30_000);

const typedDocuments = generated as unknown as Record<string, DocumentNode | undefined>;

export function loadOperation(name: string): string {
  const document = typedDocuments[`${name}Document`];
  if (document) return print(document);
  return readFileSync(join(__dirname, '..', 'operations', `${name}.graphql`), 'utf8');
}

// Response data stays untyped here until the codegen step types test/operations; assertions
// check the shapes that matter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface GraphqlResult<T = Json> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, Json> }[];
}

export interface Stack extends AsyncDisposable {
  simulator: SimulatorHandle;
  gateway: ListeningGateway;
  /** The gateway's `/graphql` URL. */
  url: string;
  /** Runs a named operation from test/operations with the given bearer token (null: none). */
  run<T = Json>(
    operation: string,
    variables: Record<string, unknown>,
    token: string | null,
  ): Promise<GraphqlResult<T>>;
  /** Runs a generated typed document: data and variables are checked by the compiler. */
  runDocument<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    token: string | null,
  ): Promise<GraphqlResult<TData>>;
  stop(): Promise<void>;
}

export async function postGraphql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
): Promise<GraphqlResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== null && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphqlResult, 'status'>;
  return { status: response.status, ...body };
}

export interface StackSetup extends TestGatewaySetup {
  simulator?: SimulatorOptions;
}

/** Simulator and gateway on free ports; `await using stack = await startStack()` or `stop()`. */
export async function startStack(setup: StackSetup = {}): Promise<Stack> {
  const simulator = await startSimulator({
    port: 0,
    processingDelayMs: 30,
    // What CI points at the official schemas: invoices are validated as KSeF validates them.
    invoiceSchemasDir: INVOICE_SCHEMAS_DIR,
    ...setup.simulator,
  });
  let gateway: ListeningGateway;
  try {
    gateway = await startTestGateway(simulator.url, {
      ...setup,
      env: {
        // sessionKey handles, as a deployment with GATEWAY_KEY_SECRETS offers them.
        GATEWAY_KEY_SECRETS: `test:${randomBytes(32).toString('base64')}`,
        ...setup.env,
      },
    });
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  const stop = async () => {
    await gateway.stop();
    await simulator.stop();
  };
  return {
    simulator,
    gateway,
    url: gateway.url,
    run: (operation, variables, token) =>
      postGraphql(gateway.url, loadOperation(operation), variables, token) as Promise<
        GraphqlResult<never>
      >,
    runDocument: (document, variables, token) =>
      postGraphql(gateway.url, print(document), variables, token) as Promise<GraphqlResult<never>>,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** A fresh caller: the simulator shows each token only its own sessions. */
export function newToken(): string {
  return `test-token-${randomUUID()}`;
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Opens an online session through the gateway with a generated key. */
export async function openSession(stack: Stack, token: string) {
  const result = await stack.runDocument(
    generated.OpenOnlineSessionDocument,
    { input: { formCode: 'FA_3' } },
    token,
  );
  if (result.errors || !result.data) {
    throw new Error(`openOnlineSession failed: ${JSON.stringify(result.errors)}`);
  }
  const { session, generatedKey, sessionKey } = result.data.openOnlineSession;
  if (generatedKey === null) throw new Error('openOnlineSession returned no generated key');
  return { session, generatedKey, sessionKey };
}
