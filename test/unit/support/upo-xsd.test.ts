import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  upoSamplesDirFromEnv,
  upoXsdPathFromEnv,
  validateUpoAgainstXsd,
} from '../../support/upo-xsd';

const xsdPath = upoXsdPathFromEnv('UPO XSD validation');
const samplesDir = upoSamplesDirFromEnv();

function listXml(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return listXml(full);
    return name.endsWith('.xml') ? [full] : [];
  });
}

const samples = xsdPath !== undefined && samplesDir !== undefined ? listXml(samplesDir) : [];
const describeWithXsd = xsdPath === undefined ? describe.skip : describe;

describeWithXsd(
  xsdPath === undefined
    ? 'UPO XSD validation (SKIPPED: KSEF_UPO_XSD is not set)'
    : 'UPO XSD validation',
  () => {
    const nipSession = () =>
      readFileSync(
        samples.find((file) => file.endsWith('upo-sesja-kontekst-id-nip.xml'))!,
        'utf8',
      );
    const production = (xml: string) =>
      xml.replace('Ministerstwo Finansów - środowisko testowe (TE)', 'Ministerstwo Finansów');

    it('finds the six official v4-3 samples (session and invoice UPO for three context kinds)', () => {
      expect(samples.map((file) => relative(samplesDir!, file)).sort()).toHaveLength(6);
    });

    it.each(samples.map((file) => [relative(samplesDir!, file), file]))(
      'accepts the official sample %s once its TE environment suffix is tolerated',
      async (_name, file) => {
        const result = await validateUpoAgainstXsd(readFileSync(file, 'utf8'), xsdPath!, {
          tolerateEnvironmentSuffix: true,
        });
        expect(result).toEqual({ valid: true, errors: [] });
      },
    );

    it('reports, without tolerance, that the samples break only the fixed receiver name the XSD demands', async () => {
      const result = await validateUpoAgainstXsd(nipSession(), xsdPath!);
      expect(result.valid).toBe(false);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain('NazwaPodmiotuPrzyjmujacego');
      expect(result.errors[0]).toContain('fixed value');
    });

    it('accepts a production-style session UPO strictly', async () => {
      expect(await validateUpoAgainstXsd(production(nipSession()), xsdPath!)).toEqual({
        valid: true,
        errors: [],
      });
    });

    it('rejects a UPO with a malformed invoice hash and a missing KSeF number', async () => {
      const broken = production(nipSession())
        .replace(
          /<SkrotDokumentu>[^<]*<\/SkrotDokumentu>/,
          '<SkrotDokumentu>not-a-hash</SkrotDokumentu>',
        )
        .replace(/<NumerKSeFDokumentu>[^<]*<\/NumerKSeFDokumentu>/, '');
      const result = await validateUpoAgainstXsd(broken, xsdPath!);
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toMatch(/NumerKSeFDokumentu|SkrotDokumentu/);
    });

    it('rejects a document in another namespace and one that is not well-formed XML', async () => {
      const otherNamespace = production(nipSession()).replace('KSeF/v4-3', 'KSeF/v4-2');
      expect((await validateUpoAgainstXsd(otherNamespace, xsdPath!)).valid).toBe(false);
      const truncated = await validateUpoAgainstXsd(
        production(nipSession()).slice(0, 200),
        xsdPath!,
      );
      expect(truncated.valid).toBe(false);
      expect(truncated.errors.length).toBeGreaterThan(0);
    });
  },
);
