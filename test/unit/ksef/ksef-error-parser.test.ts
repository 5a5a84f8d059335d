import {
  parseKsefErrorBody,
  parseRetryAfter,
  retryAfterFromText,
  toKsefErrorFromResponse,
} from '../../../src/ksef/ksef-error-parser';
import { KsefError } from '../../../src/ksef/ksef-error';

const exceptionResponse = {
  exception: {
    exceptionDetailList: [
      {
        exceptionCode: 21173,
        exceptionDescription: 'Brak sesji o wskazanym numerze referencyjnym.',
        details: ['Sesja o numerze 20251122-SO-0123456789-ABCDEF0123-4F nie została znaleziona.'],
      },
    ],
    referenceNumber: null,
    serviceCode: '00-c02cc3747020c605be02159bf3324f0e-eee7647dc67aa74a-00',
    serviceCtx: 'srvABCDA',
    serviceName: 'Undefined',
    timestamp: '2025-09-25T13:48:26.8700925+00:00',
  },
};

const badRequestProblem = {
  title: 'Bad Request',
  status: 400,
  instance: '/v2/sessions',
  detail: 'Błąd walidacji danych wejściowych.',
  errors: [
    {
      code: 21405,
      description: 'Błąd walidacji danych wejściowych.',
      details: ["'pageSize' must be between 10 and 1000."],
    },
    {
      code: 21418,
      description: 'Przekazany token kontynuacji ma nieprawidłowy format.',
      details: null,
    },
  ],
  timestamp: '2025-09-25T13:48:26Z',
  traceId: '00-aaaa-bbbb-00',
};

function response(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    method: 'GET',
    path: '/sessions/{referenceNumber}',
    status,
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    now: new Date('2026-01-01T00:00:00Z'),
  };
}

describe('parseKsefErrorBody', () => {
  it('reads the default ExceptionResponse with codes, descriptions, details and the trace id from serviceCode', () => {
    expect(parseKsefErrorBody(JSON.stringify(exceptionResponse))).toEqual({
      format: 'exception-response',
      errors: [
        {
          code: 21173,
          description: 'Brak sesji o wskazanym numerze referencyjnym.',
          details: ['Sesja o numerze 20251122-SO-0123456789-ABCDEF0123-4F nie została znaleziona.'],
        },
      ],
      traceId: '00-c02cc3747020c605be02159bf3324f0e-eee7647dc67aa74a-00',
    });
  });

  it('reads every error of a problem+json 400 and its traceId, null details becoming an empty list', () => {
    const parsed = parseKsefErrorBody(Buffer.from(JSON.stringify(badRequestProblem)));
    expect(parsed.format).toBe('problem-details');
    expect(parsed.traceId).toBe('00-aaaa-bbbb-00');
    expect(parsed.errors).toEqual([
      {
        code: 21405,
        description: 'Błąd walidacji danych wejściowych.',
        details: ["'pageSize' must be between 10 and 1000."],
      },
      {
        code: 21418,
        description: 'Przekazany token kontynuacji ma nieprawidłowy format.',
        details: [],
      },
    ]);
  });

  it('reads the reasonCode of a 403 problem body', () => {
    const parsed = parseKsefErrorBody(
      JSON.stringify({
        title: 'Forbidden',
        status: 403,
        detail: 'Brak uprawnień.',
        reasonCode: 'missing-permissions',
        security: { requiredAnyOfPermissions: ['InvoiceWrite'], presentPermissions: [] },
        traceId: 't-403',
        timestamp: '2025-09-25T13:48:26Z',
      }),
    );
    expect(parsed).toMatchObject({
      format: 'problem-details',
      reasonCode: 'missing-permissions',
      traceId: 't-403',
      detail: 'Brak uprawnień.',
      errors: [],
    });
  });

  it('reads the legacy 429 TooManyRequestsResponse', () => {
    const parsed = parseKsefErrorBody(
      JSON.stringify({
        status: {
          code: 429,
          description: 'Too Many Requests',
          details: ['Przekroczono limit 20 żądań na minutę. Spróbuj ponownie po 30 sekundach.'],
        },
      }),
    );
    expect(parsed.format).toBe('too-many-requests');
    expect(parsed.errors[0]).toEqual({
      code: 429,
      description: 'Too Many Requests',
      details: ['Przekroczono limit 20 żądań na minutę. Spróbuj ponownie po 30 sekundach.'],
    });
  });

  it.each([
    ['an empty body', '', 'empty'],
    ['whitespace', '  \n', 'empty'],
    ['no body at all', undefined, 'empty'],
    ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>', 'unreadable'],
    ['truncated JSON', '{"exception":{"exceptionDetailList":[', 'unreadable'],
    ['a JSON array', '[1,2,3]', 'unreadable'],
    ['a JSON string', '"oops"', 'unreadable'],
    ['an unrelated object', '{"foo":1}', 'unreadable'],
  ])('survives %s', (_name, body, format) => {
    expect(parseKsefErrorBody(body)).toEqual({ format, errors: [] });
  });

  it('skips error entries without a numeric code and non-string details instead of failing', () => {
    const parsed = parseKsefErrorBody(
      JSON.stringify({
        exception: {
          exceptionDetailList: [
            { exceptionCode: '21405' },
            null,
            { exceptionCode: 21405, details: ['a', 7, null] },
          ],
        },
      }),
    );
    expect(parsed.errors).toEqual([{ code: 21405, description: '', details: ['a'] }]);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as seconds from now, rounded up', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter(new Date(now.getTime() + 1500).toUTCString(), now)).toBe(1);
  });

  it('never returns a negative wait for a date in the past', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5', 'NaN'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('reads the wait from KSeF 429 text when the header is missing', () => {
    expect(
      retryAfterFromText(
        'Przekroczono limit 20 żądań na minutę. Spróbuj ponownie po 30 sekundach.',
      ),
    ).toBe(30);
    expect(retryAfterFromText('Too many requests')).toBeUndefined();
  });
});

describe('toKsefErrorFromResponse', () => {
  it('maps 400 with 21173 to not-found and keeps the error list and trace id', () => {
    const error = toKsefErrorFromResponse(response(400, exceptionResponse));
    expect(error).toBeInstanceOf(KsefError);
    expect(error.kind).toBe('not-found');
    expect(error.hasCode(21173)).toBe(true);
    expect(error.status).toBe(400);
    expect(error.method).toBe('GET');
    expect(error.path).toBe('/sessions/{referenceNumber}');
    expect(error.traceId).toBe('00-c02cc3747020c605be02159bf3324f0e-eee7647dc67aa74a-00');
  });

  it('maps any other 400 to bad-request with all errors', () => {
    const error = toKsefErrorFromResponse(response(400, badRequestProblem));
    expect(error.kind).toBe('bad-request');
    expect(error.errors.map((e) => e.code)).toEqual([21405, 21418]);
    expect(error.message).toContain('21405');
  });

  it('maps 401 to unauthenticated', () => {
    const error = toKsefErrorFromResponse(
      response(401, {
        title: 'Unauthorized',
        status: 401,
        detail: 'Token wygasł.',
        timestamp: '2026-01-01T00:00:00Z',
      }),
    );
    expect(error.kind).toBe('unauthenticated');
    expect(error.message).toContain('Token wygasł.');
  });

  it('maps 401 with an empty body (KSeF before 2.2.0) to unauthenticated', () => {
    expect(toKsefErrorFromResponse(response(401, '')).kind).toBe('unauthenticated');
  });

  it('maps 403 to forbidden with its reasonCode', () => {
    const error = toKsefErrorFromResponse(
      response(403, {
        title: 'Forbidden',
        status: 403,
        detail: 'IP',
        reasonCode: 'ip-not-allowed',
        timestamp: 'x',
      }),
    );
    expect(error.kind).toBe('forbidden');
    expect(error.reasonCode).toBe('ip-not-allowed');
  });

  it('treats 404 as a contract violation: KSeF reports unknown sessions as 400 21173, so 404 means a wrong path', () => {
    expect(toKsefErrorFromResponse(response(404, '')).kind).toBe('contract-violation');
  });

  it('maps a problem+json 429 to rate-limited with Retry-After seconds', () => {
    const error = toKsefErrorFromResponse(
      response(
        429,
        {
          title: 'Too Many Requests',
          status: 429,
          detail: 'Spróbuj ponownie po 30 sekundach.',
          traceId: 't',
          timestamp: 'x',
          instance: '/v2/sessions',
        },
        { 'retry-after': '12' },
      ),
    );
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(12);
  });

  it('maps a legacy 429 to rate-limited, taking Retry-After as an HTTP date', () => {
    const error = toKsefErrorFromResponse(
      response(
        429,
        { status: { code: 429, description: 'Too Many Requests', details: [] } },
        { 'retry-after': 'Thu, 01 Jan 2026 00:00:45 GMT' },
      ),
    );
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(45);
  });

  it('falls back to the seconds written in the 429 text when Retry-After is missing', () => {
    const error = toKsefErrorFromResponse(
      response(429, {
        status: {
          code: 429,
          description: 'Too Many Requests',
          details: ['Spróbuj ponownie po 2680 sekundach.'],
        },
      }),
    );
    expect(error.retryAfterSeconds).toBe(2680);
  });

  it.each([500, 502, 503, 504])('maps %i to unavailable, even with an HTML body', (status) => {
    const error = toKsefErrorFromResponse(response(status, '<html>Bad Gateway</html>'));
    expect(error.kind).toBe('unavailable');
    expect(error.errors).toEqual([]);
  });

  it('keeps the ExceptionResponse of a KSeF 500', () => {
    const error = toKsefErrorFromResponse(
      response(500, {
        exception: {
          exceptionDetailList: [
            { exceptionCode: 500, exceptionDescription: 'Wystąpił nieoczekiwany błąd.' },
          ],
        },
      }),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.hasCode(500)).toBe(true);
  });

  it('maps 3xx and undocumented 4xx to contract-violation', () => {
    expect(toKsefErrorFromResponse(response(302, '')).kind).toBe('contract-violation');
    expect(toKsefErrorFromResponse(response(405, '')).kind).toBe('contract-violation');
  });
});
