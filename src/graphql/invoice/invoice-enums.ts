// The enum of the invoice area; values equal their GraphQL names, as in session-enums.ts.
import { registerEnumType } from 'type-graphql';

export enum InvoicePhase {
  PROCESSING = 'PROCESSING',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(InvoicePhase, {
  name: 'InvoicePhase',
  description:
    'Where an invoice stands: 100/150 PROCESSING, 200 ACCEPTED, any error code REJECTED.',
  valuesConfig: {
    PROCESSING: { description: 'KSeF took the invoice and is verifying it (status 100 or 150).' },
    ACCEPTED: { description: 'A KSeF number was assigned (status 200).' },
    REJECTED: {
      description:
        'KSeF refused it (e.g. 430/450 verification, 435 decryption, 440 duplicate); `status.details` says why.',
    },
    UNKNOWN: {
      description:
        'A status code this gateway does not know; `isTerminal` still follows KSeF (code ≥ 200 is final).',
    },
  },
});
