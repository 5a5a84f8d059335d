import {
  checkCharacters,
  checkEncoding,
  checkMarkup,
  checkProlog,
  firstInvalidUtf8Offset,
} from '../../../../src/simulator/invoices/xml-text-checks';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('checkEncoding', () => {
  it('refuses a UTF-8 byte order mark as a file error (430), as KSeF does', () => {
    const withBom = Buffer.concat([bytes(0xef, 0xbb, 0xbf), Buffer.from('<a/>')]);
    expect(checkEncoding(withBom)).toEqual({
      code: 430,
      detail: expect.stringContaining('BOM'),
    });
  });

  it('refuses bytes that are not UTF-8 and says where the bad sequence starts', () => {
    const latin2 = Buffer.concat([Buffer.from('<a>Gda'), bytes(0xf1), Buffer.from('sk</a>')]);
    const failure = checkEncoding(latin2);
    expect(failure?.code).toBe(450);
    expect(failure?.detail).toContain('0xF1 na pozycji 6');
  });

  it('accepts Polish text in UTF-8 and finds overlong, surrogate and truncated sequences', () => {
    expect(checkEncoding(Buffer.from('<a>Zażółć gęślą jaźń 😀</a>'))).toBeNull();
    expect(firstInvalidUtf8Offset(bytes(0x41, 0xc0, 0x80))).toBe(1); // overlong NUL
    expect(firstInvalidUtf8Offset(bytes(0xed, 0xa0, 0x80))).toBe(0); // UTF-16 surrogate
    expect(firstInvalidUtf8Offset(bytes(0x41, 0x42, 0xe2, 0x82))).toBe(2); // truncated
    expect(firstInvalidUtf8Offset(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
  });
});

describe('checkCharacters', () => {
  it.each([
    ['U+007F', '\u007F'],
    ['U+0084', '\u0084'],
    ['U+0086', '\u0086'],
    ['U+009F', '\u009F'],
    ['U+FDD0', '\uFDD0'],
    ['U+FDEF', '\uFDEF'],
    ['U+1FFFE', '\u{1FFFE}'],
    ['U+10FFFF', '\u{10FFFF}'],
  ])('refuses the discouraged character %s that the official page lists', (name, char) => {
    const failure = checkCharacters(`<a>\nx${char}</a>`);
    expect(failure).toEqual({ code: 450, detail: expect.stringContaining(name) });
    expect(failure?.detail).toContain('linii 2');
  });

  it('lets through the characters between the listed ranges (U+0085, U+FDF0, U+1FFFD)', () => {
    expect(checkCharacters('<a>\u0085\uFDF0\u{1FFFD}</a>')).toBeNull();
  });

  it('refuses characters XML 1.0 does not allow at all', () => {
    expect(checkCharacters('<a>\u0001</a>')?.detail).toContain('U+0001');
    expect(checkCharacters('<a>\uFFFE</a>')?.detail).toContain('U+FFFE');
  });
});

describe('checkProlog', () => {
  it('accepts no prolog, and a prolog declaring UTF-8 in any letter case', () => {
    expect(checkProlog('<a/>')).toBeNull();
    expect(checkProlog('<?xml version="1.0" encoding="UTF-8"?><a/>')).toBeNull();
    expect(checkProlog("<?xml version='1.0' encoding='utf-8' standalone='yes'?><a/>")).toBeNull();
    expect(checkProlog('<?xml version="1.0"?><a/>')).toBeNull();
  });

  it('refuses a prolog declaring another encoding', () => {
    expect(checkProlog('<?xml version="1.0" encoding="ISO-8859-2"?><a/>')).toEqual({
      code: 450,
      detail: expect.stringContaining("'ISO-8859-2'"),
    });
  });

  it('refuses a prolog without a version (XML 1.0 requires it)', () => {
    expect(checkProlog('<?xml encoding="UTF-8"?><a/>')?.detail).toMatch(/^Nieprawidłowy prolog/);
  });
});

describe('checkMarkup', () => {
  it('refuses a processing instruction anywhere, naming it and its line', () => {
    const failure = checkMarkup(
      '<?xml version="1.0"?>\n<?xml-stylesheet href="a.xsl"?>\n<a><?php echo 1; ?></a>',
    );
    expect(failure).toEqual({ code: 450, detail: expect.stringContaining("'<?xml-stylesheet'") });
    expect(failure?.detail).toContain('linii 2');
    expect(checkMarkup('<a><?app x?></a>')?.detail).toContain("'<?app'");
  });

  it('treats the XML declaration only at the very start as a prolog', () => {
    expect(checkMarkup('<?xml version="1.0"?><a/>')).toBeNull();
    expect(checkMarkup(' <?xml version="1.0"?><a/>')?.detail).toContain("'<?xml'");
  });

  it('ignores <? and <!DOCTYPE inside comments and CDATA sections', () => {
    expect(checkMarkup('<a><!-- <?pi?> <!DOCTYPE x> --><![CDATA[<?pi?>]]></a>')).toBeNull();
  });

  it('refuses a DOCTYPE (entity declarations have no place in an invoice)', () => {
    expect(checkMarkup('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')?.detail).toContain('DOCTYPE');
  });
});
