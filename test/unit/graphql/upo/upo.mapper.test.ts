import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { toUpo } from '../../../../src/graphql/upo/upo.mapper';

const XML = `<?xml version="1.0" encoding="utf-8"?>
<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3"><NazwaPodmiotuPrzyjmujacego>Ministerstwo Finansów</NazwaPodmiotuPrzyjmujacego><Dokument><NipSprzedawcy>5265877635</NipSprzedawcy><NumerKSeFDokumentu>5265877635-20250916-010040741B3E-46</NumerKSeFDokumentu><NumerFaktury>FV/1</NumerFaktury><SkrotDokumentu>jli86Kp2Kw7jppX59P8VmjWRcwLTvsPK3DcPEB87mNk=</SkrotDokumentu><DataPrzeslaniaDokumentu>2025-09-16T11:02:41.584+02:00</DataPrzeslaniaDokumentu></Dokument></Potwierdzenie>
`;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');
const SESSION = '20250916-SO-2C3E6C8000-B675CF5D68-07';
const PAGE = '20250918-EU-2EBD6FA000-242EB9B66D-43';

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions['code'];
  }
  throw new Error('expected an error');
}

describe('UPO mapper', () => {
  it('returns the XML exactly as received, its hash and the parsed documents', () => {
    const bytes = Buffer.from(XML, 'utf8');
    const upo = toUpo(SESSION, PAGE, { bytes, metaHash: sha(bytes) });
    expect(upo.xml).toBe(XML);
    expect(upo.sha256).toBe(sha(bytes));
    expect(upo.documents).toHaveLength(1);
    expect(upo.documents[0]).toMatchObject({ invoiceNumber: 'FV/1', sellerNip: '5265877635' });
    expect(upo.documents[0]?.sentAt?.toISOString()).toBe('2025-09-16T09:02:41.584Z');
  });

  it('keeps a byte order mark, so the hash of xml equals the hash of the bytes', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XML, 'utf8')]);
    const upo = toUpo(SESSION, PAGE, { bytes, metaHash: undefined });
    expect(upo.xml.charCodeAt(0)).toBe(0xfeff);
    expect(sha(Buffer.from(upo.xml, 'utf8'))).toBe(upo.sha256);
    expect(upo.sha256).toBe(sha(bytes));
  });

  it('fails with UPSTREAM_CONTRACT_VIOLATION when x-ms-meta-hash does not match', () => {
    const bytes = Buffer.from(XML, 'utf8');
    expect(codeOf(() => toUpo(SESSION, PAGE, { bytes, metaHash: sha(Buffer.from('other')) }))).toBe(
      'UPSTREAM_CONTRACT_VIOLATION',
    );
  });

  it('fails with UPSTREAM_CONTRACT_VIOLATION on bytes that are not UTF-8 or not a UPO', () => {
    expect(
      codeOf(() => toUpo(SESSION, PAGE, { bytes: Buffer.from([0xc3, 0x28]), metaHash: undefined })),
    ).toBe('UPSTREAM_CONTRACT_VIOLATION');
    expect(
      codeOf(() => toUpo(SESSION, PAGE, { bytes: Buffer.from('{"a":1}'), metaHash: undefined })),
    ).toBe('UPSTREAM_CONTRACT_VIOLATION');
  });
});
