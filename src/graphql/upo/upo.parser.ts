// Reads the invoice entries out of a UPO (urzędowe poświadczenie odbioru) XML, v4-2/v4-3 shape:
// root `Potwierdzenie`, one `Dokument` per invoice (the UPO XSD upo-v4-3.xsd). The XML itself is never rebuilt
// from this: it is XAdES-signed and travels to the caller exactly as received; this only reads.
// Values stay strings (a NIP or hash must never turn into a number).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface ParsedUpoDocument {
  ksefNumber: string;
  invoiceNumber: string;
  sellerNip: string;
  invoiceSha256: string;
  issueDate: string | null;
  sentAt: string | null;
  ksefNumberAssignedAt: string | null;
  sendingMode: string | null;
}

export interface ParsedUpo {
  sessionReferenceNumber: string | null;
  formCode: string | null;
  pageNumber: number | null;
  pageCount: number | null;
  documents: ParsedUpoDocument[];
}

export class UpoParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpoParseError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'Dokument',
});

type XmlNode = Record<string, unknown>;

function text(node: XmlNode, name: string): string | null {
  const value = node[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function required(node: XmlNode, name: string, index: number): string {
  const value = text(node, name);
  if (value === null || value === '') {
    throw new UpoParseError(`UPO Dokument #${index + 1} has no ${name}`);
  }
  return value;
}

function toInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

export function parseUpo(xml: string): ParsedUpo {
  // A BOM is legal in front of an XML document; the validator does not expect one.
  const body = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new UpoParseError(
      `UPO is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`,
    );
  }
  const root = (parser.parse(body) as XmlNode)['Potwierdzenie'];
  if (typeof root !== 'object' || root === null) {
    throw new UpoParseError('UPO has no Potwierdzenie root element');
  }
  const potwierdzenie = root as XmlNode;
  const description = potwierdzenie['OpisPotwierdzenia'];
  const opis =
    typeof description === 'object' && description !== null ? (description as XmlNode) : {};
  const entries = (potwierdzenie['Dokument'] ?? []) as unknown[];

  const documents = entries.map((entry, index): ParsedUpoDocument => {
    if (typeof entry !== 'object' || entry === null) {
      throw new UpoParseError(`UPO Dokument #${index + 1} is empty`);
    }
    const node = entry as XmlNode;
    return {
      ksefNumber: required(node, 'NumerKSeFDokumentu', index),
      invoiceNumber: required(node, 'NumerFaktury', index),
      sellerNip: required(node, 'NipSprzedawcy', index),
      invoiceSha256: required(node, 'SkrotDokumentu', index),
      issueDate: text(node, 'DataWystawieniaFaktury'),
      sentAt: text(node, 'DataPrzeslaniaDokumentu'),
      ksefNumberAssignedAt: text(node, 'DataNadaniaNumeruKSeF'),
      sendingMode: text(node, 'TrybWysylki'),
    };
  });

  return {
    sessionReferenceNumber: text(potwierdzenie, 'NumerReferencyjnySesji'),
    formCode: text(potwierdzenie, 'KodFormularza'),
    pageNumber: toInt(text(opis, 'Strona')),
    pageCount: toInt(text(opis, 'LiczbaStron')),
    documents,
  };
}
