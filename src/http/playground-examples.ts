// The playground's example tabs: the whole life of an online session, in the order a caller goes
// through it. Written against the fixed schema of API.md; test/unit/http validates them against it.
// The reference numbers in the variables are placeholders of the official shape: the comments say
// which earlier result to paste in.
import type { PlaygroundExample } from './playground';

const SESSION_REFERENCE = '20251122-SO-0123456789-ABCDEF0123-4F';
const UPO_REFERENCE = '20251122-EU-0123456789-ABCDEF0123-4F';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

const listSessions: PlaygroundExample = {
  name: 'ListSessions',
  query: `# Your sessions, newest first. KSeF pages forward only: to read on, pass
# pageInfo.endCursor as $after. Narrow with $filter, e.g. { "statuses": ["IN_PROGRESS"] }.
query ListSessions($type: SessionType!, $first: Int, $after: String, $filter: SessionFilter) {
  sessions(type: $type, first: $first, after: $after, filter: $filter) {
    edges {
      cursor
      node {
        referenceNumber
        type
        phase
        isTerminal
        status {
          code
          description
          details
        }
        dateCreated
        validUntil
        invoiceCount
        successfulInvoiceCount
        failedInvoiceCount
        upo {
          pages {
            referenceNumber
            downloadUrl
            downloadUrlExpiresAt
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`,
  variables: json({ type: 'ONLINE', first: 10 }),
};

const openOnlineSession: PlaygroundExample = {
  name: 'OpenOnlineSession',
  query: `# Opens an online (interactive) session for FA(3) invoices. Without an encryption input the
# gateway generates the AES-256 key and returns it here, once: keep it to encrypt the invoices.
mutation OpenOnlineSession {
  openOnlineSession(input: { formCode: FA_3 }) {
    session {
      referenceNumber
      phase
      validUntil
    }
    generatedKey {
      symmetricKey
      initializationVector
    }
  }
}
`,
};

const sessionStatus: PlaygroundExample = {
  name: 'SessionStatus',
  query: `# Where a session stands. Paste the referenceNumber from OpenOnlineSession into the variables.
# The session is null when KSeF knows no such session.
query SessionStatus($referenceNumber: ID!) {
  session(referenceNumber: $referenceNumber) {
    referenceNumber
    type
    phase
    isTerminal
    status {
      code
      description
      details
    }
    dateCreated
    dateUpdated
    validUntil
    invoiceCount
    successfulInvoiceCount
    failedInvoiceCount
    upo {
      pages {
        referenceNumber
        downloadUrl
        downloadUrlExpiresAt
      }
    }
  }
}
`,
  variables: json({ referenceNumber: SESSION_REFERENCE }),
};

const closeSession: PlaygroundExample = {
  name: 'CloseSession',
  query: `# Closes an online or a batch session (told apart by the reference number). KSeF then
# processes it and generates the UPO; poll SessionStatus until isTerminal is true.
mutation CloseSession($referenceNumber: ID!) {
  closeSession(referenceNumber: $referenceNumber) {
    referenceNumber
    phase
    status {
      code
      description
    }
  }
}
`,
  variables: json({ referenceNumber: SESSION_REFERENCE }),
};

const readUpo: PlaygroundExample = {
  name: 'ReadUpo',
  query: `# The official receipt (UPO) of a closed session: the signed XML exactly as KSeF sent it,
# its SHA-256 and the invoices it lists. The page reference is in SessionStatus's upo.pages.
query ReadUpo($sessionReferenceNumber: ID!, $upoReferenceNumber: ID!) {
  upo(sessionReferenceNumber: $sessionReferenceNumber, upoReferenceNumber: $upoReferenceNumber) {
    sha256
    documents {
      ksefNumber
      invoiceNumber
      sellerNip
      invoiceSha256
    }
    xml
  }
}
`,
  variables: json({
    sessionReferenceNumber: SESSION_REFERENCE,
    upoReferenceNumber: UPO_REFERENCE,
  }),
};

export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  listSessions,
  openOnlineSession,
  sessionStatus,
  closeSession,
  readUpo,
];
