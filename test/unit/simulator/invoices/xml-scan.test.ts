import { validateXML } from 'xmllint-wasm';
import { scanXml } from '../../../../src/simulator/invoices/xml-scan';

// Well-formed and malformed documents on both sides of each rule the scanner enforces.
const CORPUS = [
  '<a/>',
  '<a><b></a>',
  '<a>',
  '<a></a><b/>',
  'text<a/>',
  '<a/>text',
  '<a>1 < 2</a>',
  '<a>1 &amp; 2</a>',
  '<a>1 & 2</a>',
  '<a>&amp</a>',
  '<a>&nbsp;</a>',
  '<a>&#1;</a>',
  '<a>&#xD800;</a>',
  '<a>&#x41;&#66;</a>',
  '<a b="1" b="2"/>',
  '<a b=1/>',
  '<a b="<"/>',
  '<a b="&lt;"/>',
  '<a b="&x;"/>',
  '<a b="x" c="y"/>',
  '<a b="x"c="y"/>',
  '<a b="1"c/>',
  "<a b='\"'/>",
  '<a\n b="1"\n/>',
  '<a><!-- x -- y --></a>',
  '<a><!-- x ---></a>',
  '<a><!-- x </a>',
  '<a><![CDATA[ <&> ]]></a>',
  '<a><![CDATA[ x </a>',
  '<a><![CDATA[x]]></a><![CDATA[y]]>',
  '<a>]]></a>',
  '<p:a xmlns:p="u"/>',
  '<p:a/>',
  '<a p:b="1"/>',
  '<a xmlns:p="u"><p:b/></a>',
  '<a><p:b xmlns:p="u"/><p:c/></a>',
  '<a:b:c/>',
  '</a>',
  '<a></a >',
  '<a></a b>',
  '<a><b/></ a>',
  '<ą/>',
  '<1a/>',
  '<!ELEMENT a><a/>',
];

describe('scanXml', () => {
  it("agrees with libxml2's parser on which documents are well-formed", async () => {
    let output: string;
    try {
      const files = CORPUS.map((contents, i) => ({ fileName: `d${i}.xml`, contents }));
      output = (await validateXML({ xml: files, normalization: 'format' })).rawOutput;
    } catch (error) {
      output = (error as Error).message; // xmllint exits non-zero when any file is malformed
    }
    const verdicts = CORPUS.map((document, i) => ({
      document,
      libxml2: !output.split('\n').some((line) => line.startsWith(`d${i}.xml:`)),
      scanner: scanXml(document, []).ok,
    }));
    expect(verdicts.filter((v) => v.libxml2 !== v.scanner)).toEqual([]);
    expect(verdicts.filter((v) => !v.libxml2).length).toBeGreaterThan(30);
  });

  it('names the problem and its line', () => {
    expect(scanXml('<a>\n<b>\n</a>', [])).toEqual({
      ok: false,
      reason: "znacznik zamykający 'a' nie pasuje do otwartego elementu 'b'",
      line: 3,
    });
  });

  it('reads the first element at each wanted path by local name, with decoded text and attributes', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<!-- <Fa><P_2>not this</P_2></Fa> -->',
      '<x:Faktura xmlns:x="urn:fa" note="a>b">',
      '  <x:Naglowek><x:KodFormularza kodSystemowy="FA (3)" wersjaSchemy=\'1-0E\'>FA</x:KodFormularza></x:Naglowek>',
      '  <x:Fa>',
      '    <x:P_2> FV/&lt;1&gt;/&#x41;&#66;<![CDATA[&amp;]]> </x:P_2>',
      '    <x:P_2>second</x:P_2>',
      '    <x:Wiersz><x:P_1>nested, not Fa/P_1</x:P_1></x:Wiersz>',
      '    <x:P_1>2026-01-02<x:Uwaga>child text is not direct text</x:Uwaga></x:P_1>',
      '  </x:Fa>',
      '  <x:Zalacznik/>',
      '</x:Faktura>',
    ].join('\n');
    const read = scanXml(xml, [
      'Faktura/Naglowek/KodFormularza',
      'Faktura/Fa/P_2',
      'Faktura/Fa/P_1',
      'Faktura/Zalacznik',
      'Faktura/Stopka',
    ]);
    if (!read.ok) throw new Error(read.reason);
    expect(read.root).toEqual({ localName: 'Faktura', namespace: 'urn:fa' });
    expect(read.fields.get('Faktura/Naglowek/KodFormularza')).toEqual({
      text: 'FA',
      attributes: { kodSystemowy: 'FA (3)', wersjaSchemy: '1-0E' },
    });
    expect(read.fields.get('Faktura/Fa/P_2')?.text).toBe('FV/<1>/AB&amp;');
    expect(read.fields.get('Faktura/Fa/P_1')?.text).toBe('2026-01-02');
    expect(read.fields.get('Faktura/Zalacznik')).toEqual({ text: '', attributes: {} });
    expect(read.fields.has('Faktura/Stopka')).toBe(false);
  });

  it('reads the default namespace of an unprefixed root', () => {
    expect(scanXml('<Invoice xmlns="urn:ubl"><ID>1</ID></Invoice>', ['Invoice/ID'])).toEqual({
      ok: true,
      root: { localName: 'Invoice', namespace: 'urn:ubl' },
      fields: new Map([['Invoice/ID', { text: '1', attributes: {} }]]),
    });
    expect(scanXml('<!-- nothing -->', [])).toEqual({
      ok: false,
      reason: 'brak elementu głównego',
      line: 1,
    });
  });
});
