// The kinds of KSeF context a caller can log into, as API.md names them; each maps to KSeF's
// `AuthenticationContextIdentifierType` in auth.mapper.ts.
import { registerEnumType } from 'type-graphql';

export enum ContextIdentifierType {
  NIP = 'NIP',
  INTERNAL_ID = 'INTERNAL_ID',
  NIP_VAT_UE = 'NIP_VAT_UE',
  PEPPOL_ID = 'PEPPOL_ID',
}

registerEnumType(ContextIdentifierType, {
  name: 'ContextIdentifierType',
  description: 'What identifies the KSeF context (the company) you log in for.',
  valuesConfig: {
    NIP: { description: 'A 10-digit NIP, e.g. 5265877635.' },
    INTERNAL_ID: {
      description: 'An internal identifier: a NIP and 5 digits, e.g. 5265877635-12345.',
    },
    NIP_VAT_UE: { description: 'A NIP and an EU VAT number, e.g. 5265877635-DE123456789.' },
    PEPPOL_ID: { description: 'A Peppol service provider id, e.g. PPL123456.' },
  },
});
