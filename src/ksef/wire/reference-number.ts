// KSeF reference numbers: `YYYYMMDD-TT-HHHHHHHHHH-HHHHHHHHHH-HH` (36 characters). The pattern is the
// UPO XSD's `TNumerReferencyjny` (the OpenAPI spec only enforces the length). The two letters say
// what is referenced: `SO` an online session, `SB` a batch session, `EE` an invoice, `EU` a UPO page.

export const REFERENCE_NUMBER_PATTERN =
  /^(20[2-9][0-9]|2[1-9][0-9]{2}|[3-9][0-9]{3})(0[1-9]|1[0-2])(0[1-9]|[1-2][0-9]|3[0-1])-([0-9A-Z]{2})-([0-9A-F]{10})-([0-9A-F]{10})-([0-9A-F]{2})$/;

export type SessionKind = 'online' | 'batch';

/** The two-letter type code of a well-formed reference number, or null when it is malformed. */
export function referenceTypeCode(referenceNumber: string): string | null {
  const match = REFERENCE_NUMBER_PATTERN.exec(referenceNumber);
  return match ? (match[4] ?? null) : null;
}

export function isReferenceNumber(value: string): boolean {
  return REFERENCE_NUMBER_PATTERN.test(value);
}

/** `online` for `SO`, `batch` for `SB`, null for anything that is not a session reference. */
export function sessionKindOf(referenceNumber: string): SessionKind | null {
  switch (referenceTypeCode(referenceNumber)) {
    case 'SO':
      return 'online';
    case 'SB':
      return 'batch';
    default:
      return null;
  }
}
