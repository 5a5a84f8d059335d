// One linear pass over an invoice's markup that both checks XML 1.0 well-formedness (balanced and
// matching tags, one root, well-formed attributes without duplicates, only the five predefined
// entities and valid character references, no stray '<' or '&', closed comments and CDATA,
// declared namespace prefixes) and
// reads the few values KSeF takes from it (root and namespace, KodFormularza, seller NIP, number,
// date, kind, a Zalacznik), without building a tree. A general parser building objects for every
// line of a 1 MB invoice holds the event loop for most of a second; this takes milliseconds.
// Elements are matched by local name, so prefixed and unprefixed documents read the same.
// Run after xml-text-checks.ts: characters, the prolog, DOCTYPE and processing instructions are
// judged there.

export interface XmlField {
  /** Direct text of the element (CDATA included), entities decoded, trimmed. */
  text: string;
  attributes: Record<string, string>;
}

export type XmlScan =
  | {
      ok: true;
      root: { localName: string; namespace: string | undefined };
      /** The first element at each wanted path (local names joined by '/', root included). */
      fields: Map<string, XmlField>;
    }
  | { ok: false; reason: string; line: number };

// A start or end tag at a known '<' (attribute values may hold '>'), matched in place (sticky).
const TAG = /<(\/?)([^\s/>]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/y;
const NAME = /^[\p{L}_][\p{L}\p{N}_.\-\u00B7]*(?::[\p{L}_][\p{L}\p{N}_.\-\u00B7]*)?$/u;
const ATTRIBUTE = /\s+([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([^\s;&<]*));?/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

class Malformed extends Error {
  constructor(
    readonly reason: string,
    readonly index: number,
  ) {
    super(reason);
  }
}

/** Text or an attribute value with its references resolved; refuses '<' and bad references. */
function decode(raw: string, offset: number, inAttribute: boolean): string {
  if (inAttribute && raw.includes('<')) {
    throw new Malformed("znak '<' w wartości atrybutu", offset + raw.indexOf('<'));
  }
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (all, hex: string, dec: string, named: string, at: number) => {
    if (!all.endsWith(';')) throw new Malformed("znak '&' poza odwołaniem do encji", offset + at);
    if (named !== undefined) {
      const value = NAMED[named];
      if (value === undefined)
        throw new Malformed(`niezadeklarowana encja '&${named};'`, offset + at);
      return value;
    }
    const code = parseInt(hex ?? dec, hex ? 16 : 10);
    if (!isXmlChar(code))
      throw new Malformed(`odwołanie do niedozwolonego znaku '${all}'`, offset + at);
    return String.fromCodePoint(code);
  });
}

function attributesOf(source: string, offset: number): Record<string, string> {
  const attributes: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  let position = 0;
  for (let match = ATTRIBUTE.exec(source); match; match = ATTRIBUTE.exec(source)) {
    const name = match[1]!;
    if (!NAME.test(name)) throw new Malformed(`nieprawidłowa nazwa atrybutu '${name}'`, offset);
    if (name in attributes) throw new Malformed(`powtórzony atrybut '${name}'`, offset);
    attributes[name] = decode(match[2] ?? match[3] ?? '', offset, true);
    position = ATTRIBUTE.lastIndex;
  }
  if (source.slice(position).trim() !== '') {
    throw new Malformed(`nieprawidłowa składnia atrybutów '${source.trim().slice(0, 60)}'`, offset);
  }
  return attributes;
}

export function scanXml(source: string, paths: readonly string[]): XmlScan {
  try {
    return scan(source, new Set(paths));
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    return { ok: false, reason: error.reason, line: lineAt(source, error.index) };
  }
}

interface OpenElement {
  qualified: string;
  local: string;
  /** Prefixes this element declares (xmlns:p), when it declares any. */
  prefixes: string[] | null;
}

const ASCII_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const isName = (name: string) => ASCII_NAME.test(name) || NAME.test(name);

function prefixOf(qualified: string): string | undefined {
  const colon = qualified.indexOf(':');
  return colon === -1 ? undefined : qualified.slice(0, colon);
}

// Written as an exec loop with indexed captures: this runs once per tag of invoices with thousands
// of lines, where iterator and destructuring overhead showed up as most of the time.
function scan(source: string, wanted: Set<string>): XmlScan {
  const wantedNames = new Set([...wanted].map((path) => path.slice(path.lastIndexOf('/') + 1)));
  const fields = new Map<string, XmlField>();
  const stack: OpenElement[] = [];
  const declared = (prefix: string) =>
    prefix === 'xml' || prefix === 'xmlns' || stack.some((e) => e.prefixes?.includes(prefix));
  let root: { localName: string; namespace: string | undefined } | null = null;
  let capture: { field: XmlField; depth: number; text: string } | null = null;
  let textStart = 0;

  const text = (start: number, end: number) => {
    if (start === end) return;
    const raw = source.slice(start, end);
    if (stack.length === 0) {
      if (raw.trim() !== '') throw new Malformed('tekst poza elementem głównym', start);
      return;
    }
    const lt = raw.indexOf('<');
    if (lt !== -1) throw new Malformed("znak '<' w treści", start + lt);
    const cdataEnd = raw.indexOf(']]>');
    if (cdataEnd !== -1) throw new Malformed("sekwencja ']]>' w treści", start + cdataEnd);
    const capturing = capture !== null && stack.length === capture.depth;
    if (raw.indexOf('&') === -1) {
      if (capturing) capture!.text += raw;
      return;
    }
    const decoded = decode(raw, start, false);
    if (capturing) capture!.text += decoded;
  };

  /** A comment, CDATA section, processing instruction or declaration at `index`; returns its end. */
  const markup = (index: number): number => {
    if (source.startsWith('<!--', index)) {
      const end = source.indexOf('-->', index + 4);
      if (end === -1) throw new Malformed('niezamknięty komentarz', index);
      const comment = source.slice(index + 4, end);
      if (comment.includes('--') || comment.endsWith('-')) {
        throw new Malformed("sekwencja '--' wewnątrz komentarza", index);
      }
      return end + 3;
    }
    if (source.startsWith('<![CDATA[', index)) {
      const end = source.indexOf(']]>', index + 9);
      if (end === -1) throw new Malformed('niezamknięta sekcja CDATA', index);
      if (stack.length === 0) throw new Malformed('sekcja CDATA poza elementem głównym', index);
      if (capture && stack.length === capture.depth) capture.text += source.slice(index + 9, end);
      return end + 3;
    }
    if (source.startsWith('<?', index)) {
      // xml-text-checks.ts has refused every instruction but the XML declaration at the start.
      const end = source.indexOf('?>', index + 2);
      if (end === -1) throw new Malformed('niezamknięta instrukcja przetwarzania', index);
      return end + 2;
    }
    const shown = source.slice(index, index + 40);
    throw new Malformed(`nieoczekiwana deklaracja '${shown}'`, index);
  };

  for (let index = source.indexOf('<'); index !== -1; index = source.indexOf('<', textStart)) {
    text(textStart, index);
    const next = source.charCodeAt(index + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      textStart = markup(index);
      continue;
    }
    TAG.lastIndex = index;
    const match = TAG.exec(source);
    if (match === null) {
      // Not a tag: a '<' in text (the text check names it) or a tag with broken quoting.
      text(index, index + 1);
      throw new Malformed('nieprawidłowy znacznik', index);
    }
    const token = match[0];
    const name = match[2]!;
    textStart = index + token.length;
    if (!isName(name)) throw new Malformed(`nieprawidłowa nazwa elementu '${name}'`, index);
    const attributeSource = match[3] ?? '';
    const selfClosing = match[4] === '/';
    if (match[1] === '/') {
      if (selfClosing || attributeSource.trim() !== '') {
        throw new Malformed(`nieprawidłowy znacznik zamykający '${token.slice(0, 60)}'`, index);
      }
      const open = stack.pop();
      if (open === undefined || open.qualified !== name) {
        throw new Malformed(
          open === undefined
            ? `znacznik zamykający '${name}' bez otwierającego`
            : `znacznik zamykający '${name}' nie pasuje do otwartego elementu '${open.qualified}'`,
          index,
        );
      }
      if (capture && stack.length + 1 === capture.depth) {
        capture.field.text = capture.text.trim();
        capture = null;
      }
      continue;
    }
    if (stack.length === 0 && root) throw new Malformed('drugi element główny', index);
    const attributes = attributeSource === '' ? {} : attributesOf(attributeSource, index);
    const prefix = prefixOf(name);
    const local = prefix === undefined ? name : name.slice(prefix.length + 1);
    if (!root) {
      root = { localName: local, namespace: attributes[prefix ? `xmlns:${prefix}` : 'xmlns'] };
    }
    let prefixes: string[] | null = null;
    let prefixedAttribute = false;
    for (const attribute in attributes) {
      if (attribute.startsWith('xmlns:')) (prefixes ??= []).push(attribute.slice(6));
      else if (attribute.includes(':')) prefixedAttribute = true;
    }
    stack.push({ qualified: name, local, prefixes });
    if (prefix !== undefined || prefixedAttribute) {
      for (const qualified of [name, ...Object.keys(attributes)]) {
        const used = prefixOf(qualified);
        if (used !== undefined && !declared(used)) {
          throw new Malformed(
            `niezadeklarowany prefiks przestrzeni nazw '${used}' w '${qualified}'`,
            index,
          );
        }
      }
    }
    // Paths are built only for elements whose own name is wanted: most tags are not.
    const path = wantedNames.has(local) ? stack.map((e) => e.local).join('/') : undefined;
    if (path !== undefined && wanted.has(path) && !fields.has(path)) {
      const field: XmlField = { text: '', attributes };
      fields.set(path, field);
      if (!selfClosing) capture = { field, depth: stack.length, text: '' };
    }
    if (selfClosing) stack.pop();
  }
  text(textStart, source.length);
  if (stack.length > 0) {
    throw new Malformed(
      `niezamknięty element '${stack[stack.length - 1]!.qualified}'`,
      source.length,
    );
  }
  if (!root) throw new Malformed('brak elementu głównego', 0);
  return { ok: true, root, fields };
}
