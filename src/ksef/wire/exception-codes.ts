// KSeF exception codes of the sessions and authentication areas (the OpenAPI spec's 400 tables),
// shared by the client (to interpret errors) and the simulator (to produce them).
export const KsefExceptionCode = {
  InvalidChallenge: 21111,
  NotAuthorized: 21301,
  NotAuthenticated: 21304,
  DeceasedPerson: 21308,
  SessionInvoiceLimit: 21155,
  InvalidPartSize: 21157,
  TooManyParts: 21161,
  NoSuchSession: 21173,
  UpoNotFound: 21178,
  SessionStatusForbidsOperation: 21180,
  EmptyPackage: 21205,
  UploadTimeExceeded: 21208,
  InvalidFileSize: 21402,
  InvalidFileHash: 21403,
  ValidationError: 21405,
  MalformedContinuationToken: 21418,
  UnknownPublicKey: 21470,
} as const;

export type KsefExceptionCodeValue = (typeof KsefExceptionCode)[keyof typeof KsefExceptionCode];
