// A fetch wrapper for contract tests: every answer from the KSeF API is checked against the official spec
// (schema for operation + status + media type, documented exception codes, Retry-After, x-ms-meta-hash,
// the error format the caller asked for) and every mismatch is collected as a readable violation. Requests the
// test sends on purpose to succeed are checked against the spec too, so a wrong test cannot pass by accident.
import { createHash } from 'node:crypto';
import type { ContractValidator } from './openapi-contract';
import { validateUpoAgainstXsd } from './upo-xsd';

export interface CallOptions {
  token?: string | null;
  /** An object is sent as JSON; a string as it is (with Content-Type application/json). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Adds `X-Error-Format: problem-details`. */
  problemDetails?: boolean;
  /** The body is deliberately not what the spec's request schema describes (to provoke 21405). */
  invalidRequest?: boolean;
}

export interface CheckedResponse {
  method: string;
  url: string;
  pathTemplate: string;
  status: number;
  headers: Headers;
  /** Content-Type without parameters, lower case ('' when absent). */
  mediaType: string;
  bytes: Buffer;
  text: string;
  /** The parsed body for JSON media types; undefined otherwise. */
  json: unknown;
}

export function sha256Base64(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('base64');
}

function mediaTypeOf(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** Exception codes in a 400 body of either dialect. */
export function exceptionCodesOf(body: unknown): number[] {
  const legacy = (
    body as { exception?: { exceptionDetailList?: { exceptionCode?: unknown }[] | null } } | null
  )?.exception;
  if (legacy?.exceptionDetailList)
    return legacy.exceptionDetailList.map((d) => Number(d.exceptionCode));
  const problem = (body as { errors?: { code?: unknown }[] } | null)?.errors;
  return Array.isArray(problem) ? problem.map((e) => Number(e.code)) : [];
}

export class ContractRecorder {
  private violations: string[] = [];
  readonly calls: { method: string; pathTemplate: string; status: number; mediaType: string }[] =
    [];

  constructor(
    private readonly validator: ContractValidator,
    /** Base URL of the API, ending in /v2. */
    private readonly apiBase: string,
    private readonly upoXsdPath: string,
  ) {}

  violation(message: string): void {
    this.violations.push(message);
  }

  /** Returns and forgets the violations collected so far. */
  take(): string[] {
    const taken = this.violations;
    this.violations = [];
    return taken;
  }

  /** Calls the API at `path` (relative to the base, query included) and checks the answer against the spec. */
  async call(method: string, path: string, options: CallOptions = {}): Promise<CheckedResponse> {
    const pathOnly = path.split('?')[0]!;
    const pathTemplate = this.validator.matchPathTemplate(method, pathOnly);
    if (pathTemplate === undefined)
      throw new Error(`${method} ${pathOnly} is not an operation of the spec`);

    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json, application/xml',
      ...options.headers,
    };
    if (options.token !== null && options.token !== undefined)
      headers.authorization = `Bearer ${options.token}`;
    if (options.problemDetails) headers['x-error-format'] = 'problem-details';
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      if (!options.invalidRequest && typeof options.body !== 'string') {
        const request = this.validator.validateRequestBody({
          method,
          pathTemplate,
          contentType: 'application/json',
          body: options.body,
        });
        if (!request.valid)
          throw new Error(`the test's own request breaks the spec:\n${request.errors.join('\n')}`);
      }
    }

    const url = `${this.apiBase}${path}`;
    const response = await fetch(url, { method, headers, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const checked: CheckedResponse = {
      method,
      url,
      pathTemplate,
      status: response.status,
      headers: response.headers,
      mediaType: mediaTypeOf(response.headers),
      bytes,
      text: bytes.toString('utf8'),
      json: undefined,
    };
    this.calls.push({ method, pathTemplate, status: checked.status, mediaType: checked.mediaType });
    const label = `${method} ${pathOnly} → ${checked.status}`;

    let parsedBody: unknown = bytes.length === 0 ? undefined : checked.text;
    if (bytes.length > 0 && isJsonMediaType(checked.mediaType)) {
      try {
        checked.json = JSON.parse(checked.text);
        parsedBody = checked.json;
      } catch {
        this.violation(
          `${label}: the ${checked.mediaType} body is not JSON: ${checked.text.slice(0, 200)}`,
        );
        return checked;
      }
    }

    const result = this.validator.validateResponse({
      method,
      pathTemplate,
      status: checked.status,
      contentType: response.headers.get('content-type') ?? undefined,
      body: parsedBody,
    });
    for (const error of result.errors) this.violation(`${label}: ${error}${this.excerpt(checked)}`);

    this.checkHeaders(checked, label, options);
    if (checked.status === 200 && checked.mediaType === 'application/xml')
      await this.checkUpo(label, checked);
    return checked;
  }

  /**
   * Downloads a UPO from a pre-signed storage URL (no Authorization, as the spec says) and checks it like an API
   * UPO: 200, application/xml, x-ms-meta-hash = Base64 SHA-256 of the bytes, valid against the UPO XSD.
   */
  async storageUpo(url: string): Promise<CheckedResponse> {
    const response = await this.storage('GET', url);
    const label = `GET ${new URL(url).pathname} (downloadUrl) → ${response.status}`;
    if (response.status !== 200)
      this.violation(`${label}: a pre-signed UPO link must answer 200${this.excerpt(response)}`);
    else {
      if (response.mediaType !== 'application/xml')
        this.violation(
          `${label}: content type ${response.mediaType || '<none>'}, expected application/xml`,
        );
      const hash = response.headers.get('x-ms-meta-hash');
      if (hash !== sha256Base64(response.bytes)) {
        this.violation(
          `${label}: x-ms-meta-hash ${hash ?? '<missing>'} is not the Base64 SHA-256 of the UPO (${sha256Base64(response.bytes)})`,
        );
      }
      await this.checkUpo(label, response);
    }
    return response;
  }

  private async checkUpo(label: string, response: CheckedResponse): Promise<void> {
    const result = await validateUpoAgainstXsd(response.text, this.upoXsdPath);
    for (const error of result.errors) this.violation(`${label}: UPO breaks the XSD: ${error}`);
  }

  /** Fetches a pre-signed storage URL (not an operation of the spec) without Authorization. */
  async storage(
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: Buffer } = {},
  ): Promise<CheckedResponse> {
    const body = init.body === undefined ? undefined : new Uint8Array(init.body);
    const response = await fetch(url, { method, headers: init.headers, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      method,
      url,
      pathTemplate: '(storage)',
      status: response.status,
      headers: response.headers,
      mediaType: mediaTypeOf(response.headers),
      bytes,
      text: bytes.toString('utf8'),
      json: undefined,
    };
  }

  private excerpt(response: CheckedResponse): string {
    return response.text === '' ? '' : `\n      body: ${response.text.slice(0, 400)}`;
  }

  private checkHeaders(response: CheckedResponse, label: string, options: CallOptions): void {
    const { method, pathTemplate, status, headers, mediaType } = response;

    if (status === 429) {
      const retryAfter = headers.get('retry-after');
      if (retryAfter === null)
        this.violation(`${label}: 429 without the Retry-After header the spec documents`);
      else if (!/^\d+$/.test(retryAfter))
        this.violation(
          `${label}: Retry-After '${retryAfter}' is not an integer number of seconds (spec: RetryAfter int32)`,
        );
    }

    if (
      status >= 200 &&
      status < 300 &&
      this.validator.hasHeader(method, pathTemplate, status, 'x-ms-meta-hash')
    ) {
      const hash = headers.get('x-ms-meta-hash');
      if (hash === null)
        this.violation(`${label}: missing the x-ms-meta-hash header the spec documents`);
      else if (hash !== sha256Base64(response.bytes)) {
        this.violation(
          `${label}: x-ms-meta-hash ${hash} is not the Base64 SHA-256 of the body (${sha256Base64(response.bytes)})`,
        );
      }
    }

    if (status === 400 || status === 429) {
      const expected = options.problemDetails ? 'application/problem+json' : 'application/json';
      if (mediaType !== expected) {
        this.violation(
          `${label}: ${options.problemDetails ? 'with' : 'without'} X-Error-Format: problem-details the error must be ${expected}, got ${mediaType || '<none>'}`,
        );
      }
    }

    if (status === 400) {
      const documented = this.validator.documentedExceptionCodes(method, pathTemplate);
      const sent = exceptionCodesOf(response.json);
      if (sent.length === 0)
        this.violation(`${label}: a 400 without any exception code${this.excerpt(response)}`);
      for (const code of sent) {
        if (!documented.includes(code)) {
          this.violation(
            `${label}: exception code ${code} is not in the operation's 400 table (documented: ${documented.join(', ')})`,
          );
        }
      }
    }
  }
}

/** Polls `read` until `done` holds for its result, failing with the last result after `timeoutMs`. */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value).slice(0, 600)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
