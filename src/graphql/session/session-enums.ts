// The enums of the session area. TS string enums whose values equal their GraphQL names, so a
// value means the same thing in resolvers, in args and on the wire.
import { registerEnumType } from 'type-graphql';

export enum SessionType {
  ONLINE = 'ONLINE',
  BATCH = 'BATCH',
}

registerEnumType(SessionType, {
  name: 'SessionType',
  description: 'How invoices are delivered in a KSeF session.',
  valuesConfig: {
    ONLINE: { description: 'Interactive session: invoices sent one by one (reference type `SO`).' },
    BATCH: { description: 'Batch session: one encrypted package in parts (reference type `SB`).' },
  },
});

export enum SessionPhase {
  OPEN = 'OPEN',
  CLOSING = 'CLOSING',
  PROCESSING = 'PROCESSING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(SessionPhase, {
  name: 'SessionPhase',
  description: 'Where a session stands, derived from its KSeF status code and type.',
  valuesConfig: {
    OPEN: { description: 'Open and accepting invoices or package parts (status 100).' },
    CLOSING: { description: 'Online session closed, KSeF is finishing it (status 170).' },
    PROCESSING: {
      description: 'Batch session closed, KSeF is processing the package (status 150).',
    },
    SUCCEEDED: {
      description: 'Processed; at least one invoice accepted and the UPO generated (status 200).',
    },
    FAILED: { description: 'Ended with an error (e.g. 415 key, 445 no valid invoices, 500).' },
    CANCELLED: { description: 'Cancelled by KSeF, e.g. no invoices were sent (status 440).' },
    UNKNOWN: {
      description:
        'A status code this gateway does not know; `isTerminal` still follows KSeF (code ≥ 200 is final).',
    },
  },
});

export enum SessionStatusGroup {
  IN_PROGRESS = 'IN_PROGRESS',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(SessionStatusGroup, {
  name: 'SessionStatusGroup',
  description: "KSeF's coarse session status groups, used to filter the session list.",
  valuesConfig: {
    IN_PROGRESS: { description: 'Active sessions (KSeF `InProgress`).' },
    SUCCEEDED: { description: 'Processed without session-level errors (KSeF `Succeeded`).' },
    FAILED: { description: 'Errors when starting or finishing the session (KSeF `Failed`).' },
    CANCELLED: {
      description:
        'Batch upload time exceeded, or an online session with no invoices (KSeF `Cancelled`).',
    },
  },
});

export enum FormCode {
  FA_2 = 'FA_2',
  FA_3 = 'FA_3',
  PEF_3 = 'PEF_3',
  PEF_KOR_3 = 'PEF_KOR_3',
  FA_RR_1 = 'FA_RR_1',
}

registerEnumType(FormCode, {
  name: 'FormCode',
  description: 'The invoice schema (KSeF `formCode`) a session is opened for.',
  valuesConfig: {
    FA_2: { description: '`FA (2)` schema 1-0E, value FA (TEST environment only).' },
    FA_3: { description: '`FA (3)` schema 1-0E, value FA: the main structured invoice.' },
    PEF_3: { description: '`PEF (3)` schema 2-1, value PEF (Peppol providers; online only).' },
    PEF_KOR_3: {
      description: '`PEF_KOR (3)` schema 2-1, value PEF (Peppol corrections; online only).',
    },
    FA_RR_1: { description: '`FA_RR (1)` schema 1-1E, value FA_RR (VAT RR invoices).' },
  },
});
