// A KSeF call whose 2xx body must be JSON of one documented shape. The shape guard runs on every
// answer, so a body that parses but is not what the spec promises becomes a contract violation
// here instead of an undefined somewhere in a resolver.
import type { KsefCaller } from './caller';
import type { KsefHttp, KsefRequestSpec } from './http';
import { contractViolation } from './ksef-error';

export async function requestJson<T>(
  http: KsefHttp,
  spec: Omit<KsefRequestSpec, 'responseType'> & { caller?: KsefCaller },
  isExpected: (value: unknown) => value is T,
  schemaName: string,
): Promise<T> {
  const response = await http.request({ ...spec, responseType: 'json' });
  if (!isExpected(response.data)) {
    throw contractViolation(
      spec.method,
      spec.pathTemplate,
      response.status,
      `answered with a body that is not a ${schemaName}`,
    );
  }
  return response.data;
}

/** The `x-continuation-token` header of a next-page request; none for the first page. */
export function continuationHeader(token: string | undefined): Record<string, string> | undefined {
  // An empty token means "first page" (KSeF reports the last page with null/empty).
  return token === undefined || token === '' ? undefined : { 'x-continuation-token': token };
}
