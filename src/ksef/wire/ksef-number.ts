// KSeF numbers (invoice identifiers): `NNNNNNNNNN-YYYYMMDD-XXXXXXXXXXXX-CC`, 35 characters: seller
// NIP, acceptance date, 12 technical hex characters, and a CRC-8 (polynomial 0x07, init 0x00) of
// the first 32 characters as two uppercase hex digits (KSeF docs: faktury/numer-ksef.md).

export const KSEF_NUMBER_PATTERN =
  /^([1-9](\d[1-9]|[1-9]\d)\d{7})-(20[2-9][0-9]|2[1-9]\d{2}|[3-9]\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])-([0-9A-F]{6})-?([0-9A-F]{6})-([0-9A-F]{2})$/;

export function crc8(data: string): number {
  let crc = 0;
  for (const byte of Buffer.from(data, 'utf8')) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    }
  }
  return crc;
}

/** Appends the checksum to the 32-character data part `NIP-YYYYMMDD-XXXXXXXXXXXX`. */
export function withKsefChecksum(dataPart: string): string {
  return `${dataPart}-${crc8(dataPart).toString(16).toUpperCase().padStart(2, '0')}`;
}

export function hasValidKsefChecksum(ksefNumber: string): boolean {
  if (ksefNumber.length !== 35 || !KSEF_NUMBER_PATTERN.test(ksefNumber)) return false;
  return withKsefChecksum(ksefNumber.slice(0, 32)) === ksefNumber;
}
