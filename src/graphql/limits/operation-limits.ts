// Measures a GraphQL operation before it runs: selection depth, aliases, root fields and the
// distinct sessions it could make the gateway look up in KSeF. Pure (document + variables in,
// numbers out), so the limits plugin can refuse an operation before any upstream call, and the
// unit tests need no server.
//
// The walk over the document is done once per operation node and remembered with it (`shapeOf`):
// a document from Apollo's document cache is the same object on every request, so its depth,
// aliases and root fields are never recomputed. Only the session lookups depend on the request's
// variables; the shape keeps the argument nodes that name sessions and `measureOperation`
// resolves them per request.
//
// Fragments are measured once each and reused (a "fragment bomb" that spreads the same fragment
// many times is counted in full without being expanded). Introspection (`__schema`, `__type`)
// is not counted towards depth: it reads no data, and whether it is allowed is a separate switch.
import { Kind } from 'graphql';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';

export interface OperationMeasure {
  depth: number;
  aliases: number;
  rootFields: number;
  /** Distinct session references the operation could look up (session, closeSession, upo, _entities). */
  statusLookups: number;
}

/** A root field argument that names sessions; absent when the field omits it. */
export type LookupSite =
  | { kind: 'reference'; value: ValueNode | undefined }
  | { kind: 'representations'; value: ValueNode | undefined };

/** What an operation is, whatever its variables: computed once per operation node. */
export interface OperationShape {
  depth: number;
  aliases: number;
  rootFields: number;
  lookups: readonly LookupSite[];
}

interface SetMeasure {
  depth: number;
  aliases: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
/** Root fields → the argument that names one session in KSeF. */
const LOOKUP_ARGUMENTS: Readonly<Record<string, string>> = {
  session: 'referenceNumber',
  closeSession: 'referenceNumber',
  upo: 'sessionReferenceNumber',
};

export function findOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

// Keyed by the operation node, which the document holds: a shape lives exactly as long as the
// (cached or in-flight) document it describes.
const shapes = new WeakMap<OperationDefinitionNode, OperationShape>();

/** The variables-independent measures of `operation` (a definition of `document`), memoized. */
export function shapeOf(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationShape {
  let shape = shapes.get(operation);
  if (shape === undefined) {
    shape = measureShape(document, operation);
    shapes.set(operation, shape);
  }
  return shape;
}

export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
): OperationMeasure {
  const { depth, aliases, rootFields, lookups } = shapeOf(document, operation);
  return { depth, aliases, rootFields, statusLookups: countLookups(lookups, variables) };
}

/**
 * Distinct sessions the operation names whatever its variables hold: only literal references
 * count (a variable could repeat one of them). What the operation limits can refuse about a
 * document before any request's variables are known.
 */
export function literalLookups(shape: OperationShape): number {
  return countLookups(
    shape.lookups.filter((site) => site.value !== undefined && !containsVariable(site.value)),
    {},
  );
}

function countLookups(
  lookups: readonly LookupSite[],
  variables: Readonly<Record<string, unknown>>,
): number {
  const references = new Set<string>();
  let unknownReferences = 0;
  for (const site of lookups) {
    const value = site.value === undefined ? undefined : valueOf(site.value, variables);
    if (site.kind === 'reference') {
      if (typeof value === 'string') references.add(value);
      else unknownReferences += 1;
    } else if (Array.isArray(value)) {
      for (const representation of value) {
        const ref = (representation as { referenceNumber?: unknown } | null)?.referenceNumber;
        if (typeof ref === 'string') references.add(ref);
        else unknownReferences += 1;
      }
    }
  }
  return references.size + unknownReferences;
}

function measureShape(document: DocumentNode, operation: OperationDefinitionNode): OperationShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, SetMeasure>();
  const visiting = new Set<string>();

  function measureSet(set: SelectionSetNode): SetMeasure {
    let depth = 0;
    let aliases = 0;
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          if (selection.alias !== undefined) aliases += 1;
          if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
          const inner = selection.selectionSet
            ? measureSet(selection.selectionSet)
            : { depth: 0, aliases: 0 };
          depth = Math.max(depth, 1 + inner.depth);
          aliases += inner.aliases;
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const inner = measureSet(selection.selectionSet);
          depth = Math.max(depth, inner.depth);
          aliases += inner.aliases;
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const inner = measureFragment(selection.name.value);
          depth = Math.max(depth, inner.depth);
          aliases += inner.aliases;
          break;
        }
      }
    }
    return { depth, aliases };
  }

  function measureFragment(name: string): SetMeasure {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown or cyclic fragments are validation errors reported elsewhere; count nothing.
    if (fragment === undefined || visiting.has(name)) return { depth: 0, aliases: 0 };
    visiting.add(name);
    const measured = measureSet(fragment.selectionSet);
    visiting.delete(name);
    memo.set(name, measured);
    return measured;
  }

  const { depth, aliases } = measureSet(operation.selectionSet);

  // Root fields and lookups: the root selection set with fragments flattened (one level of
  // fragments at the root is what clients write; nested ones are flattened too, with a guard).
  let rootFields = 0;
  const lookups: LookupSite[] = [];
  const seenFragments = new Set<string>();

  function collectRoot(set: SelectionSetNode): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        collectRoot(selection.selectionSet);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seenFragments.has(fragment.name.value)) {
          seenFragments.add(fragment.name.value);
          collectRoot(fragment.selectionSet);
        }
      } else {
        const name = selection.name.value;
        if (name === '__typename') continue;
        rootFields += 1;
        const argumentName = LOOKUP_ARGUMENTS[name];
        if (argumentName !== undefined) {
          const argument = selection.arguments?.find((a) => a.name.value === argumentName);
          lookups.push({ kind: 'reference', value: argument?.value });
        } else if (name === '_entities') {
          const argument = selection.arguments?.find((a) => a.name.value === 'representations');
          lookups.push({ kind: 'representations', value: argument?.value });
        }
      }
    }
  }
  collectRoot(operation.selectionSet);

  return { depth, aliases, rootFields, lookups };
}

function containsVariable(node: ValueNode): boolean {
  switch (node.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return node.values.some(containsVariable);
    case Kind.OBJECT:
      return node.fields.some((field) => containsVariable(field.value));
    default:
      return false;
  }
}

/** An argument's value with variables substituted (objects and lists included). */
function valueOf(node: ValueNode, variables: Readonly<Record<string, unknown>>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    case Kind.OBJECT: {
      const out: Record<string, unknown> = {};
      for (const field of node.fields) out[field.name.value] = valueOf(field.value, variables);
      return out;
    }
  }
}
