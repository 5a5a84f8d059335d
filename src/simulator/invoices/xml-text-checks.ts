// The "Weryfikacja XML" rules of faktury/weryfikacja-faktury.md that an XML parser does not enforce
// by itself: UTF-8 without BOM, a prolog that declares nothing but UTF-8, only characters XML 1.0
// allows and none of the discouraged ranges KSeF lists, no processing instructions. A DOCTYPE is
// refused too: an invoice has no use for one, and entity declarations are how a small file becomes
// a large document in memory. Each check returns a Polish detail that says what and where.

export interface TextCheckFailure {
  /** 430 for the file's bytes (BOM), 450 for the document (everything else). */
  code: 430 | 450;
  detail: string;
}

const BOM = [0xef, 0xbb, 0xbf];

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates, > U+10FFFF), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let min: number;
    let codePoint: number;
    if (b >= 0xc2 && b <= 0xdf) {
      [length, min, codePoint] = [2, 0x80, b & 0x1f];
    } else if (b >= 0xe0 && b <= 0xef) {
      [length, min, codePoint] = [3, 0x800, b & 0x0f];
    } else if (b >= 0xf0 && b <= 0xf4) {
      [length, min, codePoint] = [4, 0x10000, b & 0x07];
    } else {
      return i;
    }
    if (i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      return i;
    }
    i += length;
  }
  return -1;
}

export function checkEncoding(bytes: Uint8Array): TextCheckFailure | null {
  if (bytes.length >= 3 && BOM.every((b, i) => bytes[i] === b)) {
    return {
      code: 430,
      detail:
        'Plik faktury zaczyna się znacznikiem BOM (EF BB BF); faktura musi być kodowana w UTF-8 bez BOM.',
    };
  }
  const invalid = firstInvalidUtf8Offset(bytes);
  if (invalid >= 0) {
    const byte = bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      code: 450,
      detail: `Treść faktury nie jest poprawnie zakodowana w UTF-8: niedozwolona sekwencja od bajtu 0x${byte} na pozycji ${invalid}.`,
    };
  }
  return null;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

// XML 1.0 (Fifth Edition) §2.2 Char: anything outside is not XML at all. Lone surrogates land here
// too (a JavaScript string can hold them only if the bytes were not UTF-8, which is caught first).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// The discouraged ranges of XML 1.0 §2.2 that KSeF refuses, exactly as the official page lists them.
const DISCOURAGED_CHAR =
  /[\u007F-\u0084\u0086-\u009F\uFDD0-\uFDEF\u{1FFFE}-\u{1FFFF}\u{2FFFE}-\u{2FFFF}\u{3FFFE}-\u{3FFFF}\u{4FFFE}-\u{4FFFF}\u{5FFFE}-\u{5FFFF}\u{6FFFE}-\u{6FFFF}\u{7FFFE}-\u{7FFFF}\u{8FFFE}-\u{8FFFF}\u{9FFFE}-\u{9FFFF}\u{AFFFE}-\u{AFFFF}\u{BFFFE}-\u{BFFFF}\u{CFFFE}-\u{CFFFF}\u{DFFFE}-\u{DFFFF}\u{EFFFE}-\u{EFFFF}\u{FFFFE}-\u{FFFFF}\u{10FFFE}-\u{10FFFF}]/u;

export function checkCharacters(text: string): TextCheckFailure | null {
  const forbidden = NOT_XML_CHAR.exec(text);
  if (forbidden) {
    return {
      code: 450,
      detail: `Znak ${codePointName(forbidden[0].codePointAt(0)!)} w linii ${lineAt(text, forbidden.index)} nie jest dozwolony w dokumencie XML 1.0.`,
    };
  }
  const discouraged = DISCOURAGED_CHAR.exec(text);
  if (discouraged) {
    return {
      code: 450,
      detail: `Faktura zawiera niezalecany znak Unicode ${codePointName(discouraged[0].codePointAt(0)!)} w linii ${lineAt(text, discouraged.index)} (zakresy niedozwolone w KSeF: specyfikacja XML W3C, §2.2).`,
    };
  }
  return null;
}

// XML 1.0 §2.8 XMLDecl: version first, then optional encoding and standalone, in that order.
const XML_DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>/;

export function checkProlog(text: string): TextCheckFailure | null {
  if (!/^<\?xml[\s?]/.test(text)) return null;
  const declaration = XML_DECLARATION.exec(text);
  if (!declaration) {
    const end = text.indexOf('?>');
    const shown = text.slice(0, end >= 0 ? Math.min(end + 2, 120) : 60);
    return {
      code: 450,
      detail: `Nieprawidłowy prolog XML: '${shown}' (wymagany atrybut version, potem opcjonalnie encoding i standalone).`,
    };
  }
  const encoding = declaration[3];
  if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') {
    return {
      code: 450,
      detail: `Prolog XML wskazuje kodowanie '${encoding}'; dozwolone jest wyłącznie UTF-8.`,
    };
  }
  return null;
}

// Comments and CDATA sections are skipped as wholes, so a `<?` or `<!DOCTYPE` inside them is text.
const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?([^\s?>]*)|<!DOCTYPE\b/g;

export function checkMarkup(text: string): TextCheckFailure | null {
  for (const match of text.matchAll(MARKUP)) {
    const [token, target] = match;
    const index = match.index;
    if (token.startsWith('<!DOCTYPE')) {
      return {
        code: 450,
        detail: `Faktura nie może zawierać deklaracji DOCTYPE (linia ${lineAt(text, index)}).`,
      };
    }
    if (token.startsWith('<?') && !(index === 0 && target === 'xml')) {
      return {
        code: 450,
        detail: `Faktura nie może zawierać instrukcji przetwarzania XML: '<?${target ?? ''}' w linii ${lineAt(text, index)}.`,
      };
    }
  }
  return null;
}
