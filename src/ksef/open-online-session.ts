// The use case "open an online session, generating the key when the caller gave none".
//
// A caller who brings `encryption` keeps the AES key to itself; it is passed through unchanged
// and never retried (the key is wrapped under a certificate the gateway did not choose). Otherwise
// the gateway generates key + IV, wraps the key under MF's current certificate and hands key + IV
// back exactly once: the caller needs them to encrypt invoices for this session, and the gateway
// keeps no copy (it would be a secret outliving the request).
//
// On 400 with 21470 (KSeF no longer knows the key id — an emergency rotation) the certificate is
// fetched again and the open retried once. The 400 proves KSeF refused the request, so no session
// was opened and the retry cannot create a duplicate.
import { KsefExceptionCode } from './wire/exception-codes';
import { isKsefError } from './ksef-error';
import { generateSessionKey, wrapSymmetricKey } from './crypto';
import type { SessionKey } from './crypto';
import type { PublicKeyProvider } from './public-key-provider';
import type { KsefSessionsClient } from './sessions.client';
import type {
  EncryptionInfoDto,
  FormCodeDto,
  OpenOnlineSessionResponseDto,
  PublicKeyCertificateDto,
} from './wire/sessions.dto';

export interface GeneratedSessionKey {
  /** Base64 of the 32-byte AES-256 key. */
  symmetricKey: string;
  /** Base64 of the 16-byte IV. */
  initializationVector: string;
}

export interface OpenOnlineSessionResult {
  response: OpenOnlineSessionResponseDto;
  /** Present only when the gateway generated the key. */
  generatedKey?: GeneratedSessionKey;
}

export interface OpenOnlineSessionDeps {
  client: Pick<KsefSessionsClient, 'openOnlineSession'>;
  publicKeys: PublicKeyProvider;
}

export async function openOnlineSession(
  deps: OpenOnlineSessionDeps,
  formCode: FormCodeDto,
  encryption?: EncryptionInfoDto,
): Promise<OpenOnlineSessionResult> {
  if (encryption !== undefined) {
    return { response: await deps.client.openOnlineSession({ formCode, encryption }) };
  }

  const sessionKey = generateSessionKey();
  const certificate = await deps.publicKeys.current();
  let response: OpenOnlineSessionResponseDto;
  try {
    response = await deps.client.openOnlineSession({
      formCode,
      encryption: encryptionFor(sessionKey, certificate),
    });
  } catch (error: unknown) {
    if (!isKsefError(error) || !error.hasCode(KsefExceptionCode.UnknownPublicKey)) throw error;
    const renewed = await deps.publicKeys.refresh();
    // The same key id again would only earn the same 21470.
    if (renewed.publicKeyId === certificate.publicKeyId) throw error;
    // The key was never usable by KSeF, so re-wrapping the same key and IV is safe.
    response = await deps.client.openOnlineSession({
      formCode,
      encryption: encryptionFor(sessionKey, renewed),
    });
  }
  return {
    response,
    generatedKey: {
      symmetricKey: sessionKey.key.toString('base64'),
      initializationVector: sessionKey.iv.toString('base64'),
    },
  };
}

function encryptionFor(
  sessionKey: SessionKey,
  certificate: PublicKeyCertificateDto,
): EncryptionInfoDto {
  return {
    encryptedSymmetricKey: wrapSymmetricKey(sessionKey.key, certificate.certificate),
    initializationVector: sessionKey.iv.toString('base64'),
    publicKeyId: certificate.publicKeyId,
  };
}
