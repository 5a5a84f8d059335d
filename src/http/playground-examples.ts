// The playground's example tabs: logging in, then the whole life of an online session, in the
// order a caller goes through it. Written against the fixed schema of API.md; test/unit/http
// validates them against it. The reference numbers in the variables are placeholders of the
// official shape: the comments say which earlier result to paste in. In sandbox mode the login
// tab carries the simulator's KSeF token and its NIP, so it runs as it stands.
import type { PlaygroundExample } from './playground';
import { SAMPLE_INVOICE_XML } from './playground-sample-invoice';

const SESSION_REFERENCE = '20251122-SO-0123456789-ABCDEF0123-4F';
const UPO_REFERENCE = '20251122-EU-0123456789-ABCDEF0123-4F';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The KSeF token a sandbox prints, and the NIP it logs into. */
export interface SandboxLogin {
  ksefToken: string;
  nip: string;
}

/** The spec's example NIP, a stand-in until the caller writes their own. */
const PLACEHOLDER_NIP = '5265877635';

function loginWithKsefToken(sandbox: SandboxLogin | undefined): PlaygroundExample {
  return {
    name: 'LoginWithKsefToken',
    query: `# Logs in to KSeF with a KSeF token (no Authorization
# header needed) and returns an access token: put
# "Authorization": "Bearer <accessToken.token>" in
# Headers for the other tabs. It lives ~15 minutes;
# keep refreshToken for RefreshAccessToken.
# A KSeF token is generated in KSeF's web app
# (Aplikacja Podatnika KSeF, Tokeny) for the NIP in
# context.${sandbox === undefined ? '' : '\n# Sandbox: the simulator made this one at start.'}
mutation LoginWithKsefToken($input: KsefTokenLoginInput!) {
  loginWithKsefToken(input: $input) {
    accessToken {
      token
      validUntil
    }
    refreshToken {
      token
      validUntil
    }
  }
}
`,
    variables: json({
      input: {
        context: { type: 'NIP', value: sandbox?.nip ?? PLACEHOLDER_NIP },
        ksefToken: sandbox?.ksefToken ?? '<your KSeF token>',
      },
    }),
  };
}

const refreshAccessToken: PlaygroundExample = {
  name: 'RefreshAccessToken',
  query: `# A new access token before (or after) the old one
# expires, for up to 7 days after the login. Paste
# refreshToken.token from LoginWithKsefToken into
# Variables; no Authorization header needed.
mutation RefreshAccessToken($refreshToken: String!) {
  refreshAccessToken(refreshToken: $refreshToken) {
    token
    validUntil
  }
}
`,
  variables: json({ refreshToken: '<refreshToken.token from LoginWithKsefToken>' }),
};

const listSessions: PlaygroundExample = {
  name: 'ListSessions',
  // The first tab runs as it stands: GraphiQL fills the variables editor of the first tab only
  // from its own storage, never from the tab definition, so every variable here has a default.
  query: `# Your online sessions, newest first.
# Next page (KSeF pages forward only), in Variables:
#   { "after": "<pageInfo.endCursor>" }
# Batch sessions: { "type": "BATCH" }
# Narrow: { "filter": { "statuses": ["IN_PROGRESS"] } }
query ListSessions(
  $type: SessionType! = ONLINE
  $first: Int = 10
  $after: String
  $filter: SessionFilter
) {
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
};

const openOnlineSession: PlaygroundExample = {
  name: 'OpenOnlineSession',
  query: `# Opens an online session for FA(3) invoices.
# Without an encryption input the gateway generates
# the AES-256 key. sessionKey is a sealed handle to
# it for SendInvoice: copy it and the referenceNumber.
# generatedKey is the key itself, shown only once,
# for those who encrypt invoices themselves.
mutation OpenOnlineSession {
  openOnlineSession(input: { formCode: FA_3 }) {
    session {
      referenceNumber
      phase
      validUntil
    }
    sessionKey
    generatedKey {
      symmetricKey
      initializationVector
    }
  }
}
`,
};

const sendInvoice: PlaygroundExample = {
  name: 'SendInvoice',
  query: `# Sends one invoice into the open session: the
# gateway hashes, encrypts and sends it. Paste the
# referenceNumber and sessionKey from
# OpenOnlineSession into Variables. Sending the same
# invoice again returns it without a second copy;
# for another invoice (or another session) change
# P_2, or KSeF rejects it as a duplicate (440).
# Then watch it in SessionInvoices.
mutation SendInvoice($sessionReferenceNumber: ID!, $sessionKey: String!) {
  sendInvoice(
    input: {
      sessionReferenceNumber: $sessionReferenceNumber
      sessionKey: $sessionKey
      invoiceXml: """
${SAMPLE_INVOICE_XML}
"""
    }
  ) {
    referenceNumber
    invoiceHash
    phase
    status {
      code
      description
    }
  }
}
`,
  variables: json({ sessionReferenceNumber: SESSION_REFERENCE, sessionKey: 'v1.…' }),
};

const sessionInvoices: PlaygroundExample = {
  name: 'SessionInvoices',
  query: `# The invoices of a session with their statuses:
# ACCEPTED with a KSeF number, or REJECTED with the
# reason in status.details (and, for a duplicate,
# the original in duplicateOf). failedOnly: true
# lists only the rejected ones.
query SessionInvoices($referenceNumber: ID!, $failedOnly: Boolean = false) {
  session(referenceNumber: $referenceNumber) {
    phase
    invoiceCount
    successfulInvoiceCount
    failedInvoiceCount
    invoices(first: 20, failedOnly: $failedOnly) {
      nodes {
        referenceNumber
        ordinalNumber
        invoiceNumber
        ksefNumber
        phase
        status {
          code
          description
          details
        }
        duplicateOf {
          sessionReferenceNumber
          ksefNumber
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
`,
  variables: json({ referenceNumber: SESSION_REFERENCE }),
};

const sessionStatus: PlaygroundExample = {
  name: 'SessionStatus',
  query: `# Where a session stands. Paste the referenceNumber
# from OpenOnlineSession into Variables.
# null when KSeF knows no such session.
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

const followSession: PlaygroundExample = {
  name: 'FollowSession',
  query: `# Follows a session live (a WebSocket subscription):
# its state now, then each change, ending after the
# terminal one. Run it, then run CloseSession in
# another tab and watch KSeF process the session here.
# However many tabs follow it, the gateway polls KSeF
# once for them.
subscription FollowSession($referenceNumber: ID!) {
  sessionUpdated(referenceNumber: $referenceNumber) {
    referenceNumber
    phase
    isTerminal
    status {
      code
      description
    }
    invoiceCount
    successfulInvoiceCount
    failedInvoiceCount
  }
}
`,
  variables: json({ referenceNumber: SESSION_REFERENCE }),
};

const closeSession: PlaygroundExample = {
  name: 'CloseSession',
  query: `# Closes an online or a batch session (told apart
# by the reference number). KSeF then processes it
# and issues the UPO: run SessionStatus until
# isTerminal is true.
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
  query: `# The official receipt (UPO) of a processed session:
# the signed XML exactly as KSeF sent it, its SHA-256
# and the invoices it lists. Take both reference
# numbers from SessionStatus (upo.pages).
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

/** The tabs, with the sandbox's KSeF token in the login tab when there is one. */
export function playgroundExamples(sandbox?: SandboxLogin): readonly PlaygroundExample[] {
  return [
    listSessions,
    loginWithKsefToken(sandbox),
    refreshAccessToken,
    openOnlineSession,
    sendInvoice,
    sessionInvoices,
    sessionStatus,
    followSession,
    closeSession,
    readUpo,
  ];
}

/** The tabs as a gateway in front of a real KSeF shows them. */
export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = playgroundExamples();
