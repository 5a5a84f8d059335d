// KSeF's limits on a batch package and its invoices (docs: "Weryfikacja faktury", "Limity";
// spec: BatchFileInfo), in bytes as the docs spell them out (1 MB = 1 000 000 bytes), and the
// ceilings the simulator derives from them to keep its memory and work bounded.

/** Largest part before encryption: "100 MB (100 000 000 bajtów)". */
export const MAX_PART_PLAIN_BYTES = 100_000_000;

/** Largest part as uploaded: AES-256-CBC with PKCS#7 pads 1..16 bytes up to a whole block. */
export const MAX_PART_ENCRYPTED_BYTES = encryptedSize(MAX_PART_PLAIN_BYTES);

/** Parts per package (spec: fileParts maxItems 50; 21161 above it). */
export const MAX_PARTS = 50;

/** The whole package before encryption (spec: batchFile.fileSize maximum 5 000 000 000). */
export const MAX_PACKAGE_BYTES = 5_000_000_000;

/** Invoices per session (context default; batch status 420 above it). */
export const MAX_INVOICES_PER_SESSION = 10_000;

/**
 * Largest invoice KSeF accepts: 1 000 000 bytes, 3 000 000 with attachments. No entry of a package
 * may expand beyond the larger of the two: what does cannot be an invoice, and it is where
 * decompression stops (status 430), so one entry never holds more than this in memory.
 */
export const MAX_INVOICE_BYTES = 3_000_000;

/**
 * Ceiling on what a whole package may expand to: KSeF's package limit, applied to the expanded
 * bytes. Entries are expanded one at a time and released once judged, so memory stays within
 * one entry; this bounds the work a package can ask for (a package of 10 000 invoices of up to
 * 500 kB each fits).
 */
export const MAX_EXPANDED_PACKAGE_BYTES = MAX_PACKAGE_BYTES;

/** Size of the AES-256-CBC/PKCS#7 ciphertext of `plainBytes` bytes. */
export function encryptedSize(plainBytes: number): number {
  return (Math.floor(plainBytes / 16) + 1) * 16;
}
