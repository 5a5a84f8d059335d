// The simulator's stand-in for KSeF's Azure blob storage: pre-signed UPO downloads and batch part
// uploads. No Authorization (the signature is the permission), no rate limits. Like Azure, a
// missing/altered/expired signature answers 403 AuthenticationFailed and a missing blob 404, with
// an XML error body. A part upload is checked (signature, session, status) before its body is
// read, and a body over the largest part KSeF accepts answers Azure's 413 RequestBodyTooLarge.
import { sha256Base64 } from '../crypto/session-crypto';
import type { SimResponse } from '../server/responses';
import type { RouteDefinition, SimRequestHead } from '../server/router';
import { touch } from '../state/session';
import { upoBlobKey } from '../state/session-engine';
import type { RouteDeps } from './route-deps';

function azureError(status: number, code: string, message: string): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

function checkSignature(deps: RouteDeps, request: SimRequestHead): SimResponse | null {
  const verdict = deps.signer.verify(request.method, request.path, request.query);
  if (verdict === 'ok') return null;
  return azureError(
    403,
    'AuthenticationFailed',
    verdict === 'expired'
      ? 'Signed expiry time has passed.'
      : 'Server failed to authenticate the request. Make sure the signature is formed correctly.',
  );
}

export function storageRoutes(deps: RouteDeps): RouteDefinition[] {
  return [
    {
      method: 'GET',
      template: '/storage/upo/{referenceNumber}/{documentReferenceNumber}',
      base: '',
      auth: false,
      handle(request) {
        const denied = checkSignature(deps, request);
        if (denied) return denied;
        const bytes = deps.store.blob(
          upoBlobKey(
            request.params.referenceNumber ?? '',
            request.params.documentReferenceNumber ?? '',
          ),
        );
        if (!bytes) return azureError(404, 'BlobNotFound', 'The specified blob does not exist.');
        return {
          status: 200,
          body: bytes,
          headers: {
            'content-type': 'application/xml',
            'x-ms-meta-hash': sha256Base64(bytes),
            'x-ms-blob-type': 'BlockBlob',
          },
        };
      },
    },
    {
      method: 'PUT',
      template: '/storage/batch/{referenceNumber}/parts/{ordinalNumber}',
      base: '',
      auth: false,
      admit(request) {
        const denied = checkSignature(deps, request);
        if (denied) return denied;
        const session = deps.store.anySession(request.params.referenceNumber ?? '');
        const ordinal = Number(request.params.ordinalNumber);
        const declared = session?.batch?.file.fileParts.find((p) => p.ordinalNumber === ordinal);
        if (!session?.batch || !declared)
          return azureError(404, 'ContainerNotFound', 'The specified container does not exist.');
        if (session.status.code !== 100) {
          return azureError(
            403,
            'AuthorizationFailure',
            'This request is not authorized to perform this operation.',
          );
        }
        return null;
      },
      bodyTooLarge: () =>
        azureError(
          413,
          'RequestBodyTooLarge',
          'The request body is too large and exceeds the maximum permissible limit.',
        ),
      handle(request) {
        const session = deps.store.anySession(request.params.referenceNumber ?? '');
        // Admitted before the body was read; the session may have moved on while it arrived.
        if (!session?.batch || session.status.code !== 100) {
          return azureError(
            403,
            'AuthorizationFailure',
            'This request is not authorized to perform this operation.',
          );
        }
        if (request.body.length === 0)
          return azureError(400, 'InvalidHeaderValue', 'The request body is empty.');
        session.batch.parts.set(Number(request.params.ordinalNumber), request.body);
        touch(session);
        return {
          status: 201,
          headers: {
            'x-ms-content-sha256': sha256Base64(request.body),
            'x-ms-request-server-encrypted': 'true',
          },
        };
      },
    },
  ];
}
