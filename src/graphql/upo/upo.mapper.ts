// From the bytes KSeF sent to the GraphQL `Upo`. The XML string is the bytes decoded as UTF-8 with
// nothing else done (a BOM, if KSeF sent one, stays in the string), so Base64 SHA-256 of the UTF-8
// encoding of `xml` equals the hash of what KSeF sent, and a signed receipt verifies.
import { createHash } from 'node:crypto';
import { upstreamContractViolation } from '../../errors/gateway-error';
import type { UpoDownload } from '../../ksef/upo-download';
import { toDate } from '../session/session.mapper';
import { InvoiceUpo } from '../invoice/invoice.type';
import { parseUpo, UpoParseError } from './upo.parser';
import type { ParsedUpo } from './upo.parser';
import { Upo, UpoDocument } from './upo.type';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function toSha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** The bytes checked against KSeF's hash, decoded and parsed; every failure a contract violation. */
function readUpo(download: UpoDownload): { xml: string; sha256: string; parsed: ParsedUpo } {
  const sha256 = toSha256Base64(download.bytes);
  if (download.metaHash !== undefined && download.metaHash.trim() !== sha256) {
    throw upstreamContractViolation(
      'KSeF sent a UPO whose SHA-256 differs from its x-ms-meta-hash header.',
      { upstream: { expectedSha256: download.metaHash, actualSha256: sha256 } },
    );
  }
  let xml: string;
  try {
    xml = utf8.decode(download.bytes);
  } catch {
    throw upstreamContractViolation('KSeF sent a UPO that is not valid UTF-8.');
  }
  let parsed: ParsedUpo;
  try {
    parsed = parseUpo(xml);
  } catch (error) {
    if (error instanceof UpoParseError) {
      throw upstreamContractViolation(`KSeF sent an unreadable UPO: ${error.message}`);
    }
    throw error;
  }
  return { xml, sha256, parsed };
}

function toUpoDocument(entry: ParsedUpo['documents'][number]): UpoDocument {
  const document = new UpoDocument();
  document.ksefNumber = entry.ksefNumber;
  document.invoiceNumber = entry.invoiceNumber;
  document.sellerNip = entry.sellerNip;
  document.invoiceSha256 = entry.invoiceSha256;
  document.issueDate = entry.issueDate;
  document.sentAt = toDate(entry.sentAt);
  document.ksefNumberAssignedAt = toDate(entry.ksefNumberAssignedAt);
  document.sendingMode = entry.sendingMode;
  return document;
}

export function toUpo(
  sessionReferenceNumber: string,
  upoReferenceNumber: string,
  download: UpoDownload,
): Upo {
  const { xml, sha256, parsed } = readUpo(download);
  const upo = new Upo();
  upo.sessionReferenceNumber = sessionReferenceNumber;
  upo.referenceNumber = upoReferenceNumber;
  upo.xml = xml;
  upo.sha256 = sha256;
  upo.pageNumber = parsed.pageNumber;
  upo.pageCount = parsed.pageCount;
  upo.formCode = parsed.formCode;
  upo.documents = parsed.documents.map(toUpoDocument);
  return upo;
}

/** An invoice's UPO: one receipt confirming one invoice. */
export function toInvoiceUpo(download: UpoDownload): InvoiceUpo {
  const { xml, sha256, parsed } = readUpo(download);
  const upo = new InvoiceUpo();
  upo.xml = xml;
  upo.sha256 = sha256;
  const entry = parsed.documents[0];
  upo.document = entry === undefined ? null : toUpoDocument(entry);
  return upo;
}
