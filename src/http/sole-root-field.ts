// The root field of a document that is exactly one mutation selecting exactly one field, read with
// graphql-js's lexer alone (no AST): the HTTP handler asks it which body allowance a request gets
// before Apollo parses the document once, for real. Anything else — several operations, a query,
// fragment spreads at the root, a lexical error — answers undefined, i.e. no allowance; a document
// this scan misjudges is still parsed and validated by Apollo, so at worst a body was buffered
// up to an allowance and then refused.
import { Lexer, Source, TokenKind } from 'graphql';
import type { Token } from 'graphql';

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R]);

class Scan {
  private readonly lexer: Lexer;
  token: Token;

  constructor(query: string) {
    this.lexer = new Lexer(new Source(query));
    this.token = this.lexer.advance();
  }

  next(): void {
    this.token = this.lexer.advance();
  }

  is(kind: TokenKind): boolean {
    return this.token.kind === kind;
  }

  /** At an opening bracket: moves past its matching closing one. */
  skipGroup(): void {
    let depth = 0;
    do {
      if (this.is(TokenKind.EOF)) return;
      if (OPENING.has(this.token.kind)) depth += 1;
      else if (CLOSING.has(this.token.kind)) depth -= 1;
      this.next();
    } while (depth > 0);
  }

  /** Moves to the `{` of the definition's selection set (past its name, variables, directives). */
  toSelectionSet(): boolean {
    while (!this.is(TokenKind.BRACE_L)) {
      if (this.is(TokenKind.EOF) || this.is(TokenKind.BRACE_R)) return false;
      if (OPENING.has(this.token.kind)) this.skipGroup();
      else this.next();
    }
    return true;
  }

  /** At a selection set's `{`: the names of its fields, or undefined when it spreads fragments. */
  rootFields(): string[] | undefined {
    const fields: string[] = [];
    let spreads = false;
    this.next();
    while (!this.is(TokenKind.BRACE_R)) {
      if (this.is(TokenKind.EOF)) return undefined;
      if (this.is(TokenKind.SPREAD)) {
        spreads = true;
        this.next();
      } else if (this.is(TokenKind.NAME)) {
        let name = this.token.value;
        this.next();
        if (this.is(TokenKind.COLON)) {
          this.next();
          if (!this.is(TokenKind.NAME)) return undefined;
          name = this.token.value;
          this.next();
        }
        fields.push(name);
      } else if (this.is(TokenKind.AT)) {
        this.next(); // the directive's name
        this.next();
      } else if (OPENING.has(this.token.kind)) {
        this.skipGroup(); // arguments, directive arguments, a field's own selection set
      } else {
        return undefined;
      }
    }
    this.next();
    return spreads ? undefined : fields;
  }
}

export function soleMutationRootField(query: string): string | undefined {
  try {
    const scan = new Scan(query);
    let operations = 0;
    let rootField: string | undefined;
    while (!scan.is(TokenKind.EOF)) {
      const keyword = scan.is(TokenKind.NAME) ? scan.token.value : undefined;
      if (scan.is(TokenKind.BRACE_L)) {
        operations += 1; // an anonymous query
        scan.skipGroup();
      } else if (keyword === 'fragment') {
        if (!scan.toSelectionSet()) return undefined;
        scan.skipGroup();
      } else if (keyword === 'query' || keyword === 'subscription') {
        operations += 1;
        if (!scan.toSelectionSet()) return undefined;
        scan.skipGroup();
      } else if (keyword === 'mutation') {
        operations += 1;
        scan.next();
        if (!scan.toSelectionSet()) return undefined;
        const fields = scan.rootFields();
        rootField = fields?.length === 1 ? fields[0] : undefined;
      } else {
        return undefined;
      }
    }
    return operations === 1 ? rootField : undefined;
  } catch {
    // A lexical error: Apollo will say what it is.
    return undefined;
  }
}
