import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createContractValidator,
  openApiSpecPathFromEnv,
  toJsonSchema,
} from '../../support/openapi-contract';
import type { ContractValidator } from '../../support/openapi-contract';

const SESSION_REF = '20250625-SO-2C3E6C8000-B675CF5D68-07';
const INVOICE_REF = '20250918-EE-2F15D39000-242207E5C4-1B';
const HASH = 'GZMGNVzs3krF6URKgvaw77OOeG3nJ+WGziT5xguliQ8=';

describe('translating OpenAPI 3.0 schemas for Ajv', () => {
  it('turns nullable typed schemas into a type union with null and keeps enums accepting null', () => {
    expect(
      toJsonSchema({
        type: 'string',
        enum: ['Online', 'Offline'],
        nullable: true,
        example: 'Online',
      }),
    ).toEqual({
      type: ['string', 'null'],
      enum: ['Online', 'Offline', null],
    });
  });

  it('wraps a nullable allOf reference in anyOf with null and rewrites the reference', () => {
    expect(
      toJsonSchema(
        {
          allOf: [{ $ref: '#/components/schemas/UpoResponse' }],
          required: ['pages'],
          nullable: true,
        },
        {},
        'root',
      ),
    ).toEqual({
      anyOf: [
        { allOf: [{ $ref: 'root#/definitions/UpoResponse' }], required: ['pages'] },
        { type: 'null' },
      ],
    });
  });

  it('drops annotations and vendor extensions and closes objects only when asked to', () => {
    const source = {
      type: 'object',
      description: 'x',
      deprecated: true,
      readOnly: true,
      'x-sort': ['a'],
      properties: { a: { type: 'integer', format: 'int32', example: 1 } },
    };
    expect(toJsonSchema(source)).toEqual({
      type: 'object',
      properties: { a: { type: 'integer', format: 'int32' } },
    });
    expect(toJsonSchema(source, { forbidUndocumentedProperties: true })).toEqual({
      type: 'object',
      properties: { a: { type: 'integer', format: 'int32' } },
      additionalProperties: false,
    });
  });
});

describe('the contract validator on a small hand-written OpenAPI document', () => {
  let dir: string;
  let validator: ContractValidator;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'openapi-contract-'));
    const specPath = join(dir, 'mini.json');
    writeFileSync(
      specPath,
      JSON.stringify({
        openapi: '3.0.4',
        info: { title: 'mini', version: '1' },
        paths: {
          '/things/{id}': {
            get: {
              responses: {
                '200': {
                  description: 'OK',
                  headers: { 'x-ms-meta-hash': { schema: { type: 'string' } } },
                  content: {
                    'application/json': { schema: { $ref: '#/components/schemas/Thing' } },
                  },
                },
                '204': { description: 'No Content' },
              },
            },
          },
          '/things/special': { get: { responses: { '200': { description: 'OK' } } } },
        },
        components: {
          schemas: {
            Thing: {
              required: ['id', 'size', 'hash', 'when'],
              type: 'object',
              properties: {
                id: { type: 'string', minLength: 2 },
                size: { type: 'integer', format: 'int32' },
                big: { type: 'integer', format: 'int64', nullable: true },
                hash: { type: 'string', format: 'byte' },
                when: { type: 'string', format: 'date-time' },
                link: { type: 'string', format: 'uri', nullable: true },
              },
            },
          },
        },
      }),
    );
    validator = createContractValidator(specPath);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ok = {
    id: 'ab',
    size: 1,
    big: null,
    hash: HASH,
    when: '2025-09-25T13:48:26.8700925+00:00',
    link: 'https://x.test/a?b=c',
  };
  const check = (
    body: unknown,
    status = 200,
    contentType: string | undefined = 'application/json; charset=utf-8',
  ) =>
    validator.validateResponse({
      method: 'GET',
      pathTemplate: '/things/{id}',
      status,
      contentType,
      body,
    });

  it('accepts a body that satisfies the schema', () => {
    expect(check(ok)).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ['an int32 out of range', { ...ok, size: 2 ** 31 }, '/size must match format "int32"'],
    ['a non-Base64 byte string', { ...ok, hash: 'not base64!' }, '/hash must match format "byte"'],
    [
      'a date-time without a time zone',
      { ...ok, when: '2025-09-25T13:48:26' },
      '/when must match format "date-time"',
    ],
    ['a relative uri', { ...ok, link: '/relative' }, '/link must match format "uri"'],
    [
      'a missing required field',
      { id: 'ab', size: 1, hash: HASH },
      "must have required property 'when'",
    ],
  ])('rejects %s', (_label, body, expected) => {
    const result = check(body);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain(expected);
  });

  it('rejects a status, a media type or a body the spec does not document', () => {
    expect(check(ok, 500).errors[0]).toContain(
      'status 500 is not documented (documented: 200, 204)',
    );
    expect(check(ok, 200, 'text/plain').errors[0]).toContain(
      'content type text/plain is not documented',
    );
    expect(check(undefined).errors[0]).toContain('none was sent');
    expect(check(ok, 204).errors[0]).toContain('documents no body');
    expect(check(undefined, 204)).toEqual({ valid: true, errors: [] });
  });

  it('throws for an operation the spec does not have, since that is a mistake in the test itself', () => {
    expect(() =>
      validator.validateResponse({
        method: 'POST',
        pathTemplate: '/things/{id}',
        status: 200,
        contentType: 'application/json',
        body: ok,
      }),
    ).toThrow('POST /things/{id} is not in the spec');
  });

  it('prefers the template with more literal segments when matching a concrete path', () => {
    expect(validator.matchPathTemplate('GET', '/things/special')).toBe('/things/special');
    expect(validator.matchPathTemplate('GET', '/things/42?x=1')).toBe('/things/{id}');
    expect(validator.matchPathTemplate('GET', '/other')).toBeUndefined();
  });

  it('answers which headers a response documents, case-insensitively', () => {
    expect(validator.hasHeader('get', '/things/{id}', 200, 'X-MS-META-HASH')).toBe(true);
    expect(validator.hasHeader('get', '/things/{id}', 204, 'x-ms-meta-hash')).toBe(false);
  });
});

const specPath = openApiSpecPathFromEnv('the contract validator against the official KSeF spec');
const describeWithSpec = specPath === undefined ? describe.skip : describe;

describeWithSpec(
  specPath === undefined
    ? 'the contract validator against the official KSeF spec (SKIPPED: KSEF_OPENAPI_SPEC is not set)'
    : 'the contract validator against the official KSeF spec',
  () => {
    let validator: ContractValidator;
    beforeAll(() => {
      validator = createContractValidator(specPath!, { forbidUndocumentedProperties: true });
    });

    const invoiceStatus = {
      ordinalNumber: 1,
      invoiceNumber: 'FA/1/2025',
      ksefNumber: '5265877635-20250916-0200A0D6723E-C2',
      referenceNumber: INVOICE_REF,
      invoiceHash: HASH,
      invoiceFileName: null,
      acquisitionDate: '2025-09-16T11:05:41.045+02:00',
      invoicingDate: '2025-09-16T11:05:40.841+02:00',
      permanentStorageDate: null,
      upoDownloadUrl: 'https://api-test.ksef.mf.gov.pl/storage/upo.xml?sig=abc',
      upoDownloadUrlExpirationDate: '2025-09-19T11:05:41+00:00',
      invoicingMode: 'Online',
      status: { code: 200, description: 'Sukces', details: null, extensions: null },
    };
    const invoicePath = '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}';
    const checkInvoice = (body: unknown) =>
      validator.validateResponse({
        method: 'GET',
        pathTemplate: invoicePath,
        status: 200,
        contentType: 'application/json',
        body,
      });

    it('accepts a correct invoice status body', () => {
      expect(checkInvoice(invoiceStatus)).toEqual({ valid: true, errors: [] });
    });

    it('accepts a session status whose upo, validUntil and counters are null', () => {
      const body = {
        status: { code: 100, description: 'Sesja interaktywna otwarta' },
        dateCreated: '2025-09-16T11:05:41Z',
        dateUpdated: '2025-09-16T11:05:41Z',
        validUntil: null,
        upo: null,
        invoiceCount: null,
      };
      expect(
        validator.validateResponse({
          method: 'GET',
          pathTemplate: '/sessions/{referenceNumber}',
          status: 200,
          contentType: 'application/json',
          body,
        }),
      ).toEqual({ valid: true, errors: [] });
    });

    it('rejects an invoice status missing the required invoiceHash', () => {
      const { invoiceHash: _omitted, ...body } = invoiceStatus;
      const result = checkInvoice(body);
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain("must have required property 'invoiceHash'");
    });

    it('rejects an invoice status whose ordinalNumber is a string and whose ksefNumber breaks the pattern', () => {
      const result = checkInvoice({ ...invoiceStatus, ordinalNumber: '1', ksefNumber: 'KSEF-1' });
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain('/ordinalNumber must be integer');
      expect(result.errors.join('\n')).toContain('/ksefNumber');
    });

    it('rejects a property the spec does not define when undocumented properties are forbidden', () => {
      const result = checkInvoice({ ...invoiceStatus, ksefNumer: 'typo' });
      expect(result.errors.join('\n')).toContain("'ksefNumer' is not in the spec");
    });

    it('rejects a status code the spec does not list for the operation', () => {
      const result = validator.validateResponse({
        method: 'GET',
        pathTemplate: '/sessions',
        status: 404,
        contentType: 'application/json',
        body: {},
      });
      expect(result.valid).toBe(false);
      expect(result.errors[0]).toContain(
        'status 404 is not documented (documented: 200, 400, 401, 403, 429)',
      );
    });

    it('accepts both documented 400 formats and tells them apart by content type', () => {
      const legacy = {
        exception: {
          exceptionDetailList: [
            {
              exceptionCode: 21405,
              exceptionDescription: 'Błąd walidacji danych wejściowych.',
              details: ['x'],
            },
          ],
          referenceNumber: null,
          serviceCode: 'c',
          serviceCtx: 'srvABCDA',
          serviceName: 'Undefined',
          timestamp: '2025-10-11T12:23:56.0154302+00:00',
        },
      };
      const problem = {
        title: 'Bad Request',
        status: 400,
        instance: '/v2/sessions',
        detail: 'Żądanie jest nieprawidłowe.',
        errors: [
          { code: 21405, description: 'Błąd walidacji danych wejściowych.', details: ['x'] },
        ],
        timestamp: '2025-07-11T12:23:56.0154302+00:00',
        traceId: 't',
      };
      const check = (contentType: string, body: unknown) =>
        validator.validateResponse({
          method: 'GET',
          pathTemplate: '/sessions',
          status: 400,
          contentType,
          body,
        });
      expect(check('application/json', legacy)).toEqual({ valid: true, errors: [] });
      expect(check('application/problem+json', problem)).toEqual({ valid: true, errors: [] });
      expect(check('application/problem+json', legacy).valid).toBe(false);
    });

    it('knows that close returns 204 without a body, the 429 carries Retry-After and UPOs carry x-ms-meta-hash', () => {
      expect(
        validator.documentedStatuses('POST', '/sessions/online/{referenceNumber}/close'),
      ).toContain('204');
      expect(
        validator.documentedMediaTypes('POST', '/sessions/online/{referenceNumber}/close', 204),
      ).toEqual([]);
      expect(validator.hasHeader('GET', '/sessions', 429, 'retry-after')).toBe(true);
      expect(
        validator.hasHeader(
          'GET',
          '/sessions/{referenceNumber}/upo/{upoReferenceNumber}',
          200,
          'x-ms-meta-hash',
        ),
      ).toBe(true);
      expect(validator.matchPathTemplate('GET', `/sessions/${SESSION_REF}/invoices/failed`)).toBe(
        '/sessions/{referenceNumber}/invoices/failed',
      );
    });

    it('reads the exception codes each operation documents in its 400 table', () => {
      expect(validator.documentedExceptionCodes('GET', '/sessions')).toEqual([21418, 21405]);
      expect(
        validator.documentedExceptionCodes('POST', '/sessions/online/{referenceNumber}/close'),
      ).toEqual([21173, 21180, 21405]);
      expect(
        validator.documentedExceptionCodes(
          'GET',
          '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}',
        ),
      ).toEqual([21405]);
    });
  },
);
