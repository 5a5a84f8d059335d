// Wire types of the KSeF API 2.0 sessions area, named after the schemas of the official OpenAPI
// specification (components.schemas.X → XDto). Both the gateway's client and the embedded simulator
// speak exactly these shapes; nothing here knows about GraphQL.
//
// Dates travel as ISO-8601 strings (KSeF sends offsets and up to 7 fractional digits); int64 sizes
// travel as JSON numbers (KSeF's limits stay far below 2^53).

export type SessionTypeDto = 'Online' | 'Batch';
export type CommonSessionStatusDto = 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled';
export type CompressionTypeDto = 'Zip' | 'TarGz';
export type InvoicingModeDto = 'Online' | 'Offline';
export type PublicKeyCertificateUsageDto = 'KsefTokenEncryption' | 'SymmetricKeyEncryption';

export interface StatusInfoDto {
  code: number;
  description: string;
  details?: string[] | null;
}

export interface SessionsQueryResponseItemDto {
  referenceNumber: string;
  status: StatusInfoDto;
  dateCreated: string;
  dateUpdated: string;
  validUntil?: string | null;
  totalInvoiceCount: number;
  successfulInvoiceCount: number;
  failedInvoiceCount: number;
}

export interface SessionsQueryResponseDto {
  continuationToken?: string | null;
  sessions: SessionsQueryResponseItemDto[];
}

/** Query of GET /sessions (the continuation token travels in the `x-continuation-token` header). */
export interface SessionsQueryDto {
  sessionType: SessionTypeDto;
  pageSize?: number;
  referenceNumber?: string;
  dateCreatedFrom?: string;
  dateCreatedTo?: string;
  dateClosedFrom?: string;
  dateClosedTo?: string;
  dateModifiedFrom?: string;
  dateModifiedTo?: string;
  statuses?: CommonSessionStatusDto[];
}

export interface UpoPageResponseDto {
  referenceNumber: string;
  downloadUrl: string;
  downloadUrlExpirationDate: string;
}

export interface UpoResponseDto {
  pages: UpoPageResponseDto[];
}

export interface SessionStatusResponseDto {
  status: StatusInfoDto;
  dateCreated: string;
  dateUpdated: string;
  validUntil?: string | null;
  upo?: UpoResponseDto | null;
  invoiceCount?: number | null;
  successfulInvoiceCount?: number | null;
  failedInvoiceCount?: number | null;
}

export interface FormCodeDto {
  systemCode: string;
  schemaVersion: string;
  value: string;
}

export interface EncryptionInfoDto {
  encryptedSymmetricKey: string;
  initializationVector: string;
  publicKeyId?: string | null;
}

export interface OpenOnlineSessionRequestDto {
  formCode: FormCodeDto;
  encryption: EncryptionInfoDto;
}

export interface OpenOnlineSessionResponseDto {
  referenceNumber: string;
  validUntil: string;
}

export interface SendInvoiceRequestDto {
  invoiceHash: string;
  invoiceSize: number;
  encryptedInvoiceHash: string;
  encryptedInvoiceSize: number;
  encryptedInvoiceContent: string;
  offlineMode?: boolean;
  hashOfCorrectedInvoice?: string | null;
}

export interface SendInvoiceResponseDto {
  referenceNumber: string;
}

export interface BatchFilePartInfoDto {
  ordinalNumber: number;
  fileSize: number;
  fileHash: string;
}

export interface BatchFileInfoDto {
  fileSize: number;
  fileHash: string;
  compressionType?: CompressionTypeDto | null;
  fileParts: BatchFilePartInfoDto[];
}

export interface OpenBatchSessionRequestDto {
  formCode: FormCodeDto;
  batchFile: BatchFileInfoDto;
  encryption: EncryptionInfoDto;
  offlineMode?: boolean;
}

export interface PartUploadRequestDto {
  ordinalNumber: number;
  method: string;
  url: string;
  headers: Record<string, string | null>;
}

export interface OpenBatchSessionResponseDto {
  referenceNumber: string;
  partUploadRequests: PartUploadRequestDto[];
}

export interface InvoiceStatusInfoDto {
  code: number;
  description: string;
  details?: string[] | null;
  extensions?: Record<string, string | null> | null;
}

export interface SessionInvoiceStatusResponseDto {
  ordinalNumber: number;
  invoiceNumber?: string | null;
  ksefNumber?: string | null;
  referenceNumber: string;
  invoiceHash: string;
  invoiceFileName?: string | null;
  acquisitionDate?: string | null;
  invoicingDate: string;
  permanentStorageDate?: string | null;
  upoDownloadUrl?: string | null;
  upoDownloadUrlExpirationDate?: string | null;
  invoicingMode?: InvoicingModeDto | null;
  status: InvoiceStatusInfoDto;
}

export interface SessionInvoicesResponseDto {
  continuationToken?: string | null;
  invoices: SessionInvoiceStatusResponseDto[];
}

export interface PublicKeyCertificateDto {
  certificate: string;
  certificateId: string;
  publicKeyId: string;
  validFrom: string;
  validTo: string;
  usage: PublicKeyCertificateUsageDto[];
}

export interface EffectiveApiRateLimitValuesDto {
  perSecond: number;
  perMinute: number;
  perHour: number;
}

/** Group names exactly as `GET /rate-limits` (`EffectiveApiRateLimits`) spells them. */
export const RATE_LIMIT_GROUPS = [
  'onlineSession',
  'batchSession',
  'invoiceSend',
  'invoiceStatus',
  'sessionList',
  'sessionInvoiceList',
  'sessionMisc',
  'invoiceMetadata',
  'invoiceExport',
  'invoiceExportStatus',
  'invoiceDownload',
  'other',
] as const;

export type RateLimitGroup = (typeof RATE_LIMIT_GROUPS)[number];

export type EffectiveApiRateLimitsDto = Record<RateLimitGroup, EffectiveApiRateLimitValuesDto>;

// ---- error bodies -------------------------------------------------------------------------

export interface ExceptionDetailsDto {
  exceptionCode?: number;
  exceptionDescription?: string | null;
  details?: string[] | null;
}

export interface ExceptionInfoDto {
  exceptionDetailList?: ExceptionDetailsDto[] | null;
  referenceNumber?: string | null;
  serviceCode?: string | null;
  serviceCtx?: string | null;
  serviceName?: string | null;
  timestamp?: string;
}

/** The default (legacy) error body, `application/json`. */
export interface ExceptionResponseDto {
  exception?: ExceptionInfoDto;
}

export interface ApiErrorDto {
  code: number;
  description: string;
  details?: string[] | null;
}

/** `application/problem+json` for 400 when the request says `X-Error-Format: problem-details`. */
export interface BadRequestProblemDetailsDto {
  title: string;
  status: number;
  instance: string;
  detail: string;
  errors: ApiErrorDto[];
  timestamp: string;
  traceId: string;
}

/** The default (legacy) 429 body. */
export interface TooManyRequestsResponseDto {
  status: { code: number; description: string; details: string[] };
}

export interface TooManyRequestsProblemDetailsDto {
  title: string;
  status: number;
  instance: string;
  detail: string;
  timestamp: string;
  traceId: string;
}

/** 401 is always problem+json. */
export interface UnauthorizedProblemDetailsDto {
  title: string;
  status: number;
  detail: string;
  instance?: string | null;
  traceId?: string | null;
  timestamp: string;
}

/** 403 is always problem+json. */
export interface ForbiddenProblemDetailsDto {
  title: string;
  status: number;
  detail: string;
  instance?: string | null;
  reasonCode: string;
  security?: Record<string, unknown> | null;
  traceId?: string | null;
  timestamp: string;
}
