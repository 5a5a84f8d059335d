// The GraphQL operations the benchmark sends: what a front end actually asks for. Kept here
// rather than read from test/operations, so a test edit cannot silently change what is measured.

/** A status lookup: is my session done, and how did it go? One status call upstream. */
export const SESSION_STATUS = `query SessionStatus($referenceNumber: ID!) {
  session(referenceNumber: $referenceNumber) {
    referenceNumber
    status { code description }
    phase
    isTerminal
    dateUpdated
    invoiceCount
    successfulInvoiceCount
    failedInvoiceCount
  }
}`;

/**
 * The same status lookup against GraphQL Mesh's schema generated from the official spec: the same
 * fields, as Mesh names them (phase and isTerminal are the gateway's own; Mesh has none).
 */
export const MESH_SESSION_STATUS = `query SessionStatus($referenceNumber: ReferenceNumber!) {
  sessions_by_referenceNumber(referenceNumber: $referenceNumber) {
    ... on SessionStatusResponse {
      status { code description }
      dateUpdated
      invoiceCount
      successfulInvoiceCount
      failedInvoiceCount
    }
  }
}`;

/** A dashboard: the newest 100 sessions with status and counts. One list call, no status calls. */
export const DASHBOARD = `query Dashboard {
  sessions(type: ONLINE, first: 100) {
    nodes {
      referenceNumber
      status { code description }
      phase
      isTerminal
      dateCreated
      dateUpdated
      validUntil
      invoiceCount
      successfulInvoiceCount
      failedInvoiceCount
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** What a federation router sends to resolve Session references. One status call per session. */
export const ENTITIES = `query SessionEntities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Session {
      referenceNumber
      type
      phase
      status { code }
    }
  }
}`;

/** Soak mix: a short list page. */
export const LIST_PAGE = `query ListSessions($first: Int) {
  sessions(type: ONLINE, first: $first) {
    edges { cursor node { referenceNumber phase status { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const OPEN_SESSION = `mutation OpenOnlineSession {
  openOnlineSession(input: { formCode: FA_3 }) {
    session { referenceNumber phase validUntil }
    generatedKey { symmetricKey initializationVector }
  }
}`;

export const CLOSE_SESSION = `mutation CloseSession($referenceNumber: ID!) {
  closeSession(referenceNumber: $referenceNumber) { referenceNumber status { code } phase }
}`;

export const READ_UPO = `query ReadUpo($sessionReferenceNumber: ID!, $upoReferenceNumber: ID!) {
  upo(sessionReferenceNumber: $sessionReferenceNumber, upoReferenceNumber: $upoReferenceNumber) {
    referenceNumber
    sha256
    documents { ksefNumber invoiceNumber }
  }
}`;
