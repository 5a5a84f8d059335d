import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseUpo, UpoParseError } from '../../../../src/graphql/upo/upo.parser';
import { upoSamplesDirFromEnv } from '../../../support/upo-xsd';

// A small UPO of our own (v4-3 shape) so the parser is always tested, with or without the samples.
const INLINE_UPO = `<?xml version="1.0" encoding="utf-8"?>
<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3">
  <NazwaPodmiotuPrzyjmujacego>Ministerstwo Finansów</NazwaPodmiotuPrzyjmujacego>
  <NumerReferencyjnySesji>20250916-SO-2C3E6C8000-B675CF5D68-07</NumerReferencyjnySesji>
  <Uwierzytelnienie><IdKontekstu><Nip>0265877635</Nip></IdKontekstu>
    <SkrotDokumentuUwierzytelniajacego>kyqH+QUgP8ATWd/95IY632mP4uqibwG66Oqclq9+qno=</SkrotDokumentuUwierzytelniajacego>
  </Uwierzytelnienie>
  <OpisPotwierdzenia><Strona>2</Strona><LiczbaStron>3</LiczbaStron><ZakresDokumentowOd>1</ZakresDokumentowOd>
    <ZakresDokumentowDo>1</ZakresDokumentowDo><CalkowitaLiczbaDokumentow>1</CalkowitaLiczbaDokumentow></OpisPotwierdzenia>
  <NazwaStrukturyLogicznej>Schemat_FA(3)_v1-0E.xsd</NazwaStrukturyLogicznej>
  <KodFormularza>FA (3)</KodFormularza>
  <Dokument>
    <NipSprzedawcy>0265877635</NipSprzedawcy>
    <NumerKSeFDokumentu>0265877635-20250916-010040741B3E-46</NumerKSeFDokumentu>
    <NumerFaktury>0001 &amp; "A"</NumerFaktury>
    <DataWystawieniaFaktury>2025-09-16</DataWystawieniaFaktury>
    <DataPrzeslaniaDokumentu>2025-09-16T11:02:41.584+02:00</DataPrzeslaniaDokumentu>
    <DataNadaniaNumeruKSeF>2025-09-16T11:02:42.084+02:00</DataNadaniaNumeruKSeF>
    <SkrotDokumentu>jli86Kp2Kw7jppX59P8VmjWRcwLTvsPK3DcPEB87mNk=</SkrotDokumentu>
    <TrybWysylki>Offline</TrybWysylki>
  </Dokument>
</Potwierdzenie>`;

describe('UPO parser', () => {
  it('reads one Dokument with values kept as strings (leading zeros, entities decoded)', () => {
    const upo = parseUpo(INLINE_UPO);
    expect(upo).toEqual({
      sessionReferenceNumber: '20250916-SO-2C3E6C8000-B675CF5D68-07',
      formCode: 'FA (3)',
      pageNumber: 2,
      pageCount: 3,
      documents: [
        {
          ksefNumber: '0265877635-20250916-010040741B3E-46',
          invoiceNumber: '0001 & "A"',
          sellerNip: '0265877635',
          invoiceSha256: 'jli86Kp2Kw7jppX59P8VmjWRcwLTvsPK3DcPEB87mNk=',
          issueDate: '2025-09-16',
          sentAt: '2025-09-16T11:02:41.584+02:00',
          ksefNumberAssignedAt: '2025-09-16T11:02:42.084+02:00',
          sendingMode: 'Offline',
        },
      ],
    });
  });

  it('reads a UPO that starts with a byte order mark', () => {
    expect(parseUpo(`\uFEFF${INLINE_UPO}`).documents).toHaveLength(1);
  });

  it.each([
    ['not XML', 'hello'],
    ['broken XML', '<Potwierdzenie><Dokument></Potwierdzenie>'],
    ['another root', '<Faktura xmlns="x"><Dokument/></Faktura>'],
    [
      'a Dokument without a KSeF number',
      '<Potwierdzenie><Dokument><NipSprzedawcy>1</NipSprzedawcy></Dokument></Potwierdzenie>',
    ],
  ])('refuses %s', (_name, xml) => {
    expect(() => parseUpo(xml)).toThrow(UpoParseError);
  });
});

// The official samples (UPO v4-3) live outside the repository, beside the official XSD: found
// from KSEF_UPO_SAMPLES_DIR, or next to KSEF_UPO_XSD (which .ci/run sets).
const samplesDir = upoSamplesDirFromEnv();
const describeSamples = samplesDir ? describe : describe.skip;

function xmlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? xmlFilesUnder(path) : name.endsWith('.xml') ? [path] : [];
  });
}

if (!samplesDir) {
  console.warn(
    'UPO parser: official samples skipped — set KSEF_UPO_XSD (or KSEF_UPO_SAMPLES_DIR) to the official UPO files',
  );
}

describeSamples('UPO parser with the official samples', () => {
  const files = samplesDir ? xmlFilesUnder(samplesDir) : [];

  it('finds the samples', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [file.slice((samplesDir ?? '').length + 1), file]))(
    'reads every Dokument of %s',
    (_name, file) => {
      const xml = readFileSync(file, 'utf8');
      const upo = parseUpo(xml);
      const count = (xml.match(/<Dokument>/g) ?? []).length;
      expect(upo.documents).toHaveLength(count);
      expect(count).toBeGreaterThan(0);
      for (const document of upo.documents) {
        expect(document.ksefNumber).toMatch(/^\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/);
        expect(document.invoiceSha256).toHaveLength(44);
        expect(document.sellerNip).toMatch(/^\d{10}$/);
        expect(document.invoiceNumber.length).toBeGreaterThan(0);
        expect(['Online', 'Offline']).toContain(document.sendingMode);
      }
    },
  );

  it('reads the page description of a session UPO', () => {
    const session = files.find((file) => file.endsWith('upo-sesja-kontekst-id-nip.xml'));
    expect(session).toBeDefined();
    const upo = parseUpo(readFileSync(session!, 'utf8'));
    expect(upo).toMatchObject({ pageNumber: 1, pageCount: 1, formCode: 'FA (3)' });
    expect(upo.documents.map((d) => d.invoiceNumber)).toEqual([
      'FA/SIGTF-3388125147/11/2025',
      'FA/XVQUD-9997622510/04/2027',
    ]);
  });
});
