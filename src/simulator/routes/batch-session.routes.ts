// POST /sessions/batch and …/close. Opening returns pre-signed PUT URLs on the simulator's own
// storage (no Authorization, valid for parts × 20 minutes, as KSeF's upload window); closing
// checks that every declared part arrived with its declared size (21205/21157) and starts
// processing (150) after processingDelayMs.
import { BATCH_FORM_CODES } from '../../ksef/wire/form-codes';
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';
import type {
  BatchFilePartInfoDto,
  OpenBatchSessionResponseDto,
} from '../../ksef/wire/sessions.dto';
import { processBatch } from '../batch/batch-processor';
import { MAX_PACKAGE_BYTES, MAX_PART_ENCRYPTED_BYTES, MAX_PARTS } from '../batch/package-limits';
import { badRequest, validationError } from '../server/api-error';
import { json, noContent } from '../server/responses';
import { callerOf, type RouteDefinition } from '../server/router';
import { touch } from '../state/session';
import { sessionStatus } from '../state/status-codes';
import {
  optionalBoolean,
  parseJsonBody,
  requireEncryption,
  requireFormCode,
  requireInteger,
  requireObject,
  requireSha256,
} from '../validation/request-validation';
import { createSessionRecord } from './online-session.routes';
import type { RouteDeps } from './route-deps';
import { sessionOf } from './session-views';

const PART_UPLOAD_WINDOW_MS = 20 * 60 * 1000;

export function partStoragePath(referenceNumber: string, ordinalNumber: number): string {
  return `/storage/batch/${referenceNumber}/parts/${ordinalNumber}`;
}

export function batchSessionRoutes(deps: RouteDeps): RouteDefinition[] {
  const { store, engine, signer } = deps;
  return [
    {
      method: 'POST',
      template: '/sessions/batch',
      base: '/v2',
      auth: true,
      handle(request) {
        const body = parseJsonBody(request.body);
        const formCode = requireFormCode(body.formCode, BATCH_FORM_CODES);
        const rawFile = requireObject(body.batchFile, 'batchFile');
        const fileSize = requireInteger(
          rawFile.fileSize,
          'batchFile.fileSize',
          1,
          MAX_PACKAGE_BYTES,
        );
        const fileHash = requireSha256(rawFile.fileHash, 'batchFile.fileHash');
        const compression = rawFile.compressionType ?? 'Zip';
        if (compression !== 'Zip' && compression !== 'TarGz') {
          throw validationError(
            `The value '${JSON.stringify(compression)}' is not valid for batchFile.compressionType.`,
          );
        }
        if (!Array.isArray(rawFile.fileParts) || rawFile.fileParts.length === 0) {
          throw validationError('The batchFile.fileParts field is required.');
        }
        if (rawFile.fileParts.length > MAX_PARTS) {
          throw badRequest(
            KsefExceptionCode.TooManyParts,
            `Liczba części pakietu ${rawFile.fileParts.length} przekracza dozwoloną liczbę ${MAX_PARTS}.`,
          );
        }
        const parts: BatchFilePartInfoDto[] = rawFile.fileParts.map(
          (raw: unknown, index: number) => {
            const part = requireObject(raw, `batchFile.fileParts[${index}]`);
            return {
              ordinalNumber: requireInteger(
                part.ordinalNumber,
                `batchFile.fileParts[${index}].ordinalNumber`,
                1,
              ),
              fileSize: requireInteger(part.fileSize, `batchFile.fileParts[${index}].fileSize`, 1),
              fileHash: requireSha256(part.fileHash, `batchFile.fileParts[${index}].fileHash`),
            };
          },
        );
        const ordinals = parts.map((p) => p.ordinalNumber).sort((a, b) => a - b);
        if (ordinals.some((n, i) => n !== i + 1)) {
          throw validationError(
            'The ordinal numbers of batchFile.fileParts must be 1..n without gaps or repeats.',
          );
        }
        // 100 MB (100 000 000 bytes) per part before encryption, i.e. its ciphertext at most.
        const tooBig = parts.find((p) => p.fileSize > MAX_PART_ENCRYPTED_BYTES);
        if (tooBig) {
          throw badRequest(
            KsefExceptionCode.InvalidPartSize,
            `Rozmiar części ${tooBig.ordinalNumber} przekroczył dozwolony rozmiar 100MB.`,
          );
        }
        const encryption = requireEncryption(body.encryption);
        const offlineMode = optionalBoolean(body.offlineMode, 'offlineMode');
        const caller = callerOf(request);
        const session = createSessionRecord(
          deps,
          caller,
          'batch',
          formCode,
          encryption,
          offlineMode,
        );
        const uploadDeadline = new Date(
          Math.min(
            session.dateCreated.getTime() + parts.length * PART_UPLOAD_WINDOW_MS,
            session.validUntil.getTime(),
          ),
        );
        session.batch = {
          file: { fileSize, fileHash, compressionType: compression, fileParts: parts },
          parts: new Map(),
          uploadDeadline,
        };
        store.addSession(session, caller);
        if (session.key) engine.scheduleExpiry(session);
        const response: OpenBatchSessionResponseDto = {
          referenceNumber: session.referenceNumber,
          partUploadRequests: [...parts]
            .sort((a, b) => a.ordinalNumber - b.ordinalNumber)
            .map((p) => ({
              ordinalNumber: p.ordinalNumber,
              method: 'PUT',
              url: signer.sign(
                'PUT',
                partStoragePath(session.referenceNumber, p.ordinalNumber),
                uploadDeadline,
              ),
              headers: { 'x-ms-blob-type': 'BlockBlob' },
            })),
        };
        return json(201, response);
      },
    },
    {
      method: 'POST',
      template: '/sessions/batch/{referenceNumber}/close',
      base: '/v2',
      auth: true,
      handle(request) {
        const session = sessionOf(store, request);
        if (session.kind !== 'batch' || session.status.code !== 100 || !session.batch) {
          throw badRequest(
            KsefExceptionCode.SessionStatusForbidsOperation,
            `Status sesji ${session.status.code} uniemożliwia jej zamknięcie.`,
          );
        }
        for (const part of session.batch.file.fileParts) {
          const uploaded = session.batch.parts.get(part.ordinalNumber);
          if (!uploaded) {
            throw badRequest(
              KsefExceptionCode.EmptyPackage,
              `Nie przesłano zadeklarowanej '${part.ordinalNumber}' części pliku.`,
            );
          }
          if (uploaded.length !== part.fileSize) {
            throw badRequest(
              KsefExceptionCode.InvalidPartSize,
              `Zadeklarowany rozmiar części '${part.ordinalNumber}' nie zgadza się z rzeczywistym.`,
            );
          }
        }
        session.status = sessionStatus('batch', 150);
        session.dateClosed = new Date();
        touch(session);
        engine.runInBackground(session, engine.delay, () =>
          processBatch(session, engine, { pause: deps.timers.nextTurn }),
        );
        return noContent();
      },
    },
  ];
}
