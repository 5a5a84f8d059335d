/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The KSeF context (the company) to act for. */
export type ContextIdentifierInput = {
  /** The kind of identifier. */
  type: ContextIdentifierType;
  /** The identifier, e.g. the NIP. */
  value: string;
};

/** What identifies the KSeF context (the company) you log in for. */
export type ContextIdentifierType =
  /** An internal identifier: a NIP and 5 digits, e.g. 5265877635-12345. */
  | 'INTERNAL_ID'
  /** A 10-digit NIP, e.g. 5265877635. */
  | 'NIP'
  /** A NIP and an EU VAT number, e.g. 5265877635-DE123456789. */
  | 'NIP_VAT_UE'
  /** A Peppol service provider id, e.g. PPL123456. */
  | 'PEPPOL_ID';

/** Your own session key: an AES-256 key wrapped with RSA-OAEP (SHA-256) for the KSeF certificate of usage SymmetricKeyEncryption. */
export type EncryptionInput = {
  /** Base64 of the RSA-OAEP-encrypted 32-byte AES key (256–512 bytes). */
  encryptedSymmetricKey: string;
  /** Base64 of the 16-byte AES-CBC initialisation vector. */
  initializationVector: string;
  /** Base64 (44 characters) id of the KSeF public key used to wrap the key. */
  publicKeyId?: string | null | undefined;
};

/** The invoice schema (KSeF `formCode`) a session is opened for. */
export type FormCode =
  /** `FA (2)` schema 1-0E, value FA (TEST environment only). */
  | 'FA_2'
  /** `FA (3)` schema 1-0E, value FA: the main structured invoice. */
  | 'FA_3'
  /** `FA_RR (1)` schema 1-1E, value FA_RR (VAT RR invoices). */
  | 'FA_RR_1'
  /** `PEF (3)` schema 2-1, value PEF (Peppol providers; online only). */
  | 'PEF_3'
  /** `PEF_KOR (3)` schema 2-1, value PEF (Peppol corrections; online only). */
  | 'PEF_KOR_3';

/** Where an invoice stands: 100/150 PROCESSING, 200 ACCEPTED, any error code REJECTED. */
export type InvoicePhase =
  /** A KSeF number was assigned (status 200). */
  | 'ACCEPTED'
  /** KSeF took the invoice and is verifying it (status 100 or 150). */
  | 'PROCESSING'
  /** KSeF refused it (e.g. 430/450 verification, 435 decryption, 440 duplicate); `status.details` says why. */
  | 'REJECTED'
  /** A status code this gateway does not know; `isTerminal` still follows KSeF (code ≥ 200 is final). */
  | 'UNKNOWN';

/** A login with a KSeF token generated in KSeF (web app or POST /tokens). */
export type KsefTokenLoginInput = {
  /** The context the token was generated for. */
  context: ContextIdentifierInput;
  /** The KSeF token, as KSeF showed it once (up to 160 characters). A secret. */
  ksefToken: string;
};

/** What to open an online (interactive) session with. */
export type OpenOnlineSessionInput = {
  /** Omitted: the gateway generates the key and returns it once in `generatedKey`. */
  encryption?: EncryptionInput | null | undefined;
  /** The invoice schema of the session. */
  formCode: FormCode;
};

/** One invoice to send into an open online session. */
export type SendInvoiceInput = {
  /** Base64 SHA-256 of the offline invoice this one technically corrects (KSeF technical correction). */
  hashOfCorrectedInvoice?: string | null | undefined;
  /** The invoice document (UTF-8 XML without BOM), exactly as it is to be stored: its hash is of these bytes. */
  invoiceXml: string;
  /** The session's key and IV in clear (or give `sessionKey`; exactly one). */
  key?: SessionKeyInput | null | undefined;
  /** The invoice was issued in offline mode (KSeF offline24 and outage modes). */
  offlineMode?: boolean | null | undefined;
  /** The `sessionKey` handle from openOnlineSession (or give `key`; exactly one). */
  sessionKey?: string | null | undefined;
  /** The online session (type `SO`) to send it into. */
  sessionReferenceNumber: string | number;
};

/** Narrows the session list; every field maps to a KSeF filter. */
export type SessionFilter = {
  /** Closed at or after this time. */
  closedFrom?: string | null | undefined;
  /** Closed at or before this time. */
  closedTo?: string | null | undefined;
  /** Created at or after this time. */
  createdFrom?: string | null | undefined;
  /** Created at or before this time. */
  createdTo?: string | null | undefined;
  /** Last activity at or after this time. */
  modifiedFrom?: string | null | undefined;
  /** Last activity at or before this time. */
  modifiedTo?: string | null | undefined;
  /** Only the session with this reference number. */
  referenceNumber?: string | number | null | undefined;
  /** Only sessions in one of these status groups. */
  statuses?: Array<SessionStatusGroup> | null | undefined;
};

/** The session's AES key and IV, Base64, when you hold them yourself. */
export type SessionKeyInput = {
  /** Base64 of the 16-byte initialisation vector. */
  initializationVector: string;
  /** Base64 of the 32-byte AES-256 key. */
  symmetricKey: string;
};

/** Where a session stands, derived from its KSeF status code and type. */
export type SessionPhase =
  /** Cancelled by KSeF, e.g. no invoices were sent (status 440). */
  | 'CANCELLED'
  /** Online session closed, KSeF is finishing it (status 170). */
  | 'CLOSING'
  /** Ended with an error (e.g. 415 key, 445 no valid invoices, 500). */
  | 'FAILED'
  /** Open and accepting invoices or package parts (status 100). */
  | 'OPEN'
  /** Batch session closed, KSeF is processing the package (status 150). */
  | 'PROCESSING'
  /** Processed; at least one invoice accepted and the UPO generated (status 200). */
  | 'SUCCEEDED'
  /** A status code this gateway does not know; `isTerminal` still follows KSeF (code ≥ 200 is final). */
  | 'UNKNOWN';

/** KSeF's coarse session status groups, used to filter the session list. */
export type SessionStatusGroup =
  /** Batch upload time exceeded, or an online session with no invoices (KSeF `Cancelled`). */
  | 'CANCELLED'
  /** Errors when starting or finishing the session (KSeF `Failed`). */
  | 'FAILED'
  /** Active sessions (KSeF `InProgress`). */
  | 'IN_PROGRESS'
  /** Processed without session-level errors (KSeF `Succeeded`). */
  | 'SUCCEEDED';

/** How invoices are delivered in a KSeF session. */
export type SessionType =
  /** Batch session: one encrypted package in parts (reference type `SB`). */
  | 'BATCH'
  /** Interactive session: invoices sent one by one (reference type `SO`). */
  | 'ONLINE';

export type CloseSessionMutationVariables = Exact<{
  referenceNumber: string | number;
}>;


export type CloseSessionMutation = { closeSession: { referenceNumber: string, phase: SessionPhase, isTerminal: boolean, status: { code: number, description: string } } };

export type GetInvoiceQueryVariables = Exact<{
  sessionReferenceNumber: string | number;
  invoiceReferenceNumber: string | number;
}>;


export type GetInvoiceQuery = { invoice: { referenceNumber: string, sessionReferenceNumber: string, ordinalNumber: number | null, invoiceNumber: string | null, ksefNumber: string | null, invoiceHash: string, phase: InvoicePhase, isTerminal: boolean, status: { code: number, description: string, details: Array<string> }, upo: { xml: string, sha256: string, document: { ksefNumber: string, invoiceNumber: string, invoiceSha256: string } | null } | null } | null };

export type GetSessionQueryVariables = Exact<{
  referenceNumber: string | number;
}>;


export type GetSessionQuery = { session: { referenceNumber: string, type: SessionType, phase: SessionPhase, isTerminal: boolean, dateCreated: string | null, dateUpdated: string | null, validUntil: string | null, invoiceCount: number | null, successfulInvoiceCount: number | null, failedInvoiceCount: number | null, status: { code: number, description: string, details: Array<string> }, upo: { pages: Array<{ referenceNumber: string, downloadUrl: string, downloadUrlExpiresAt: string }> } | null } | null };

export type GetSessionUpoDocumentQueryVariables = Exact<{
  referenceNumber: string | number;
}>;


export type GetSessionUpoDocumentQuery = { session: { referenceNumber: string, phase: SessionPhase, upo: { pages: Array<{ referenceNumber: string, document: { sessionReferenceNumber: string, referenceNumber: string, xml: string, sha256: string, pageNumber: number | null, pageCount: number | null, documents: Array<{ ksefNumber: string, invoiceNumber: string, sellerNip: string, invoiceSha256: string, issueDate: string | null, sentAt: string | null, ksefNumberAssignedAt: string | null, sendingMode: string | null }> } | null }> } | null } | null };

export type GetUpoQueryVariables = Exact<{
  sessionReferenceNumber: string | number;
  upoReferenceNumber: string | number;
}>;


export type GetUpoQuery = { upo: { sessionReferenceNumber: string, referenceNumber: string, xml: string, sha256: string, documents: Array<{ ksefNumber: string, invoiceNumber: string, sellerNip: string, invoiceSha256: string }> } | null };

export type ListSessionsQueryVariables = Exact<{
  type: SessionType;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: SessionFilter | null | undefined;
}>;


export type ListSessionsQuery = { sessions: { edges: Array<{ cursor: string, node: { referenceNumber: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ListSessionsWithStatusQueryVariables = Exact<{
  type: SessionType;
  first?: number | null | undefined;
}>;


export type ListSessionsWithStatusQuery = { sessions: { nodes: Array<{ referenceNumber: string, type: SessionType, phase: SessionPhase, isTerminal: boolean, dateCreated: string | null, dateUpdated: string | null, validUntil: string | null, invoiceCount: number | null, successfulInvoiceCount: number | null, failedInvoiceCount: number | null, status: { code: number, description: string, details: Array<string> } }>, pageInfo: { hasNextPage: boolean } } };

export type ListSessionsWithUpoQueryVariables = Exact<{
  type: SessionType;
  first?: number | null | undefined;
}>;


export type ListSessionsWithUpoQuery = { sessions: { nodes: Array<{ referenceNumber: string, phase: SessionPhase, upo: { pages: Array<{ referenceNumber: string, document: { sha256: string } | null }> } | null }> } };

export type LoginWithKsefTokenMutationVariables = Exact<{
  input: KsefTokenLoginInput;
}>;


export type LoginWithKsefTokenMutation = { loginWithKsefToken: { accessToken: { token: string, validUntil: string }, refreshToken: { token: string, validUntil: string } } };

export type OpenOnlineSessionMutationVariables = Exact<{
  input: OpenOnlineSessionInput;
}>;


export type OpenOnlineSessionMutation = { openOnlineSession: { sessionKey: string | null, session: { referenceNumber: string, type: SessionType, phase: SessionPhase, isTerminal: boolean, validUntil: string | null, status: { code: number, description: string } }, generatedKey: { symmetricKey: string, initializationVector: string } | null } };

export type RefreshAccessTokenMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshAccessTokenMutation = { refreshAccessToken: { token: string, validUntil: string } };

export type SendInvoiceMutationVariables = Exact<{
  input: SendInvoiceInput;
}>;


export type SendInvoiceMutation = { sendInvoice: { referenceNumber: string, sessionReferenceNumber: string, ordinalNumber: number | null, invoiceHash: string, ksefNumber: string | null, phase: InvoicePhase, isTerminal: boolean, status: { code: number, description: string, details: Array<string> } } };

export type SessionAliasesQueryVariables = Exact<{
  a: string | number;
  b: string | number;
  c: string | number;
}>;


export type SessionAliasesQuery = { a1: { referenceNumber: string, phase: SessionPhase } | null, a2: { status: { code: number } } | null, a3: { invoiceCount: number | null } | null, a4: { isTerminal: boolean } | null, b1: { referenceNumber: string, phase: SessionPhase } | null, b2: { status: { code: number } } | null, b3: { validUntil: string | null } | null, c1: { referenceNumber: string, phase: SessionPhase } | null, c2: { status: { description: string } } | null, c3: { dateCreated: string | null } | null };

export type SessionInvoicesQueryVariables = Exact<{
  referenceNumber: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  failedOnly?: boolean | null | undefined;
}>;


export type SessionInvoicesQuery = { session: { referenceNumber: string, phase: SessionPhase, isTerminal: boolean, invoiceCount: number | null, successfulInvoiceCount: number | null, failedInvoiceCount: number | null, invoices: { edges: Array<{ cursor: string }>, nodes: Array<{ referenceNumber: string, ordinalNumber: number | null, invoiceNumber: string | null, ksefNumber: string | null, invoiceHash: string, acquisitionDate: string | null, phase: InvoicePhase, isTerminal: boolean, status: { code: number, description: string, details: Array<string>, extensions: Array<{ name: string, value: string | null }> }, duplicateOf: { sessionReferenceNumber: string | null, ksefNumber: string | null } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type SessionPhaseQueryVariables = Exact<{
  referenceNumber: string | number;
}>;


export type SessionPhaseQuery = { session: { referenceNumber: string, phase: SessionPhase, isTerminal: boolean } | null };


export const CloseSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CloseSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}}]}}]}}]} as unknown as DocumentNode<CloseSessionMutation, CloseSessionMutationVariables>;
export const GetInvoiceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetInvoice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionReferenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"invoiceReferenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invoice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionReferenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionReferenceNumber"}}},{"kind":"Argument","name":{"kind":"Name","value":"invoiceReferenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"invoiceReferenceNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"sessionReferenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"ordinalNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"ksefNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceHash"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}},{"kind":"Field","name":{"kind":"Name","value":"upo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"xml"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"document"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ksefNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceSha256"}}]}}]}}]}}]}}]} as unknown as DocumentNode<GetInvoiceQuery, GetInvoiceQueryVariables>;
export const GetSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"dateCreated"}},{"kind":"Field","name":{"kind":"Name","value":"dateUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceCount"}},{"kind":"Field","name":{"kind":"Name","value":"successfulInvoiceCount"}},{"kind":"Field","name":{"kind":"Name","value":"failedInvoiceCount"}},{"kind":"Field","name":{"kind":"Name","value":"upo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrlExpiresAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<GetSessionQuery, GetSessionQueryVariables>;
export const GetSessionUpoDocumentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetSessionUpoDocument"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"upo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"document"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionReferenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"xml"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"pageNumber"}},{"kind":"Field","name":{"kind":"Name","value":"pageCount"}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ksefNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"sellerNip"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceSha256"}},{"kind":"Field","name":{"kind":"Name","value":"issueDate"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}},{"kind":"Field","name":{"kind":"Name","value":"ksefNumberAssignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"sendingMode"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<GetSessionUpoDocumentQuery, GetSessionUpoDocumentQueryVariables>;
export const GetUpoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetUpo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionReferenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"upoReferenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upo"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sessionReferenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionReferenceNumber"}}},{"kind":"Argument","name":{"kind":"Name","value":"upoReferenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"upoReferenceNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionReferenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"xml"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ksefNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"sellerNip"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceSha256"}}]}}]}}]}}]} as unknown as DocumentNode<GetUpoQuery, GetUpoQueryVariables>;
export const ListSessionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListSessions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionType"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ListSessionsQuery, ListSessionsQueryVariables>;
export const ListSessionsWithStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListSessionsWithStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionType"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"dateCreated"}},{"kind":"Field","name":{"kind":"Name","value":"dateUpdated"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceCount"}},{"kind":"Field","name":{"kind":"Name","value":"successfulInvoiceCount"}},{"kind":"Field","name":{"kind":"Name","value":"failedInvoiceCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<ListSessionsWithStatusQuery, ListSessionsWithStatusQueryVariables>;
export const ListSessionsWithUpoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListSessionsWithUpo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SessionType"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"upo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"document"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sha256"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ListSessionsWithUpoQuery, ListSessionsWithUpoQueryVariables>;
export const LoginWithKsefTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LoginWithKsefToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"KsefTokenLoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"loginWithKsefToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}}]}}]}}]} as unknown as DocumentNode<LoginWithKsefTokenMutation, LoginWithKsefTokenMutationVariables>;
export const OpenOnlineSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OpenOnlineSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OpenOnlineSessionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"openOnlineSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}},{"kind":"Field","name":{"kind":"Name","value":"generatedKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"symmetricKey"}},{"kind":"Field","name":{"kind":"Name","value":"initializationVector"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sessionKey"}}]}}]}}]} as unknown as DocumentNode<OpenOnlineSessionMutation, OpenOnlineSessionMutationVariables>;
export const RefreshAccessTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshAccessToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"refreshToken"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshAccessToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"refreshToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"refreshToken"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}}]}}]} as unknown as DocumentNode<RefreshAccessTokenMutation, RefreshAccessTokenMutationVariables>;
export const SendInvoiceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendInvoice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendInvoiceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendInvoice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"sessionReferenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"ordinalNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceHash"}},{"kind":"Field","name":{"kind":"Name","value":"ksefNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}}]}}]}}]} as unknown as DocumentNode<SendInvoiceMutation, SendInvoiceMutationVariables>;
export const SessionAliasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SessionAliases"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"a"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"b"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"c"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"a1"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"a"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"a2"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"a"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"a3"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"a"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invoiceCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"a4"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"a"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"b1"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"b"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"b2"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"b"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"b3"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"b"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"c1"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"c"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"c2"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"c"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"c3"},"name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"c"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dateCreated"}}]}}]}}]} as unknown as DocumentNode<SessionAliasesQuery, SessionAliasesQueryVariables>;
export const SessionInvoicesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SessionInvoices"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"failedOnly"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceCount"}},{"kind":"Field","name":{"kind":"Name","value":"successfulInvoiceCount"}},{"kind":"Field","name":{"kind":"Name","value":"failedInvoiceCount"}},{"kind":"Field","name":{"kind":"Name","value":"invoices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"failedOnly"},"value":{"kind":"Variable","name":{"kind":"Name","value":"failedOnly"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"ordinalNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"ksefNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceHash"}},{"kind":"Field","name":{"kind":"Name","value":"acquisitionDate"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"extensions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"duplicateOf"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionReferenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"ksefNumber"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SessionInvoicesQuery, SessionInvoicesQueryVariables>;
export const SessionPhaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SessionPhase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referenceNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"referenceNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"isTerminal"}}]}}]}}]} as unknown as DocumentNode<SessionPhaseQuery, SessionPhaseQueryVariables>;