// The checked-in subgraph SDL (schema/schema.graphql) as a platform team receives it: it
// composes on its own without errors or hints, its federation `@link` imports exactly what it
// uses, and its contract tags are consistent, so that a contract built from them
// (`--include-tag public`, `--exclude-tag internal`) is a valid schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Kind, parse, visit } from 'graphql';
import type {
  ConstDirectiveNode,
  FieldDefinitionNode,
  ObjectTypeDefinitionNode,
  TypeNode,
} from 'graphql';
import {
  FEDERATION_IMPORTS,
  FEDERATION_VERSION,
} from '../../../src/federation/build-subgraph-schema';

const SDL = readFileSync(join(__dirname, '..', '..', '..', 'schema', 'schema.graphql'), 'utf8');
const document = parse(SDL);
const objects = document.definitions.filter(
  (definition): definition is ObjectTypeDefinitionNode =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION,
);
const objectNames = new Set(objects.map((object) => object.name.value));

function tagsOf(node: { directives?: readonly ConstDirectiveNode[] | undefined }): string[] {
  return (node.directives ?? [])
    .filter((directive) => directive.name.value === 'tag')
    .map((directive) => {
      const name = directive.arguments?.find((argument) => argument.name.value === 'name')?.value;
      return name?.kind === Kind.STRING ? name.value : '';
    });
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function fields(): { owner: ObjectTypeDefinitionNode; field: FieldDefinitionNode }[] {
  return objects.flatMap((owner) => (owner.fields ?? []).map((field) => ({ owner, field })));
}

const typeTags = new Map(objects.map((object) => [object.name.value, tagsOf(object)]));

describe('the checked-in subgraph SDL', () => {
  it('composes on its own with no errors and no hints', () => {
    const result = composeServices([
      { name: 'ksef-sessions', typeDefs: document, url: 'http://ksef-sessions.invalid/graphql' },
    ]);
    expect(result.errors).toBeUndefined();
    expect((result.hints ?? []).map((hint) => hint.message)).toEqual([]);
  });

  it(`links Federation ${FEDERATION_VERSION} and imports exactly the directives it applies`, () => {
    expect(SDL).toContain(`@link(url: "https://specs.apollo.dev/federation/${FEDERATION_VERSION}"`);
    const applied = new Set<string>();
    visit(document, {
      Directive(node) {
        applied.add(`@${node.name.value}`);
      },
    });
    applied.delete('@link');
    expect([...applied].sort()).toEqual([...FEDERATION_IMPORTS].sort());
  });

  it('tags every field that returns an internal type as internal (so excluding it leaves no dangling field)', () => {
    const dangling = fields()
      .filter(({ field }) => typeTags.get(namedType(field.type))?.includes('internal'))
      .filter(({ field }) => !tagsOf(field).includes('internal'))
      .map(({ owner, field }) => `${owner.name.value}.${field.name.value}`);
    expect(dangling).toEqual([]);
  });

  it('lets every field a public contract includes return only public object types', () => {
    const included = fields().filter(
      ({ owner, field }) =>
        (tagsOf(field).includes('public') ||
          (typeTags.get(owner.name.value) ?? []).includes('public')) &&
        !tagsOf(field).includes('internal'),
    );
    expect(included.map(({ owner, field }) => `${owner.name.value}.${field.name.value}`)).toEqual(
      expect.arrayContaining([
        'Query.sessions',
        'Query.session',
        'Query.upo',
        'Session.phase',
        'UpoPage.document',
      ]),
    );
    const broken = included
      .filter(({ field }) => objectNames.has(namedType(field.type)))
      .filter(({ field }) => !(typeTags.get(namedType(field.type)) ?? []).includes('public'))
      .map(
        ({ owner, field }) => `${owner.name.value}.${field.name.value}: ${namedType(field.type)}`,
      );
    expect(broken).toEqual([]);
  });

  it('keeps mutations and secrets out of the public contract', () => {
    const mutation = objects.find((object) => object.name.value === 'Mutation');
    expect((mutation?.fields ?? []).flatMap(tagsOf)).not.toContain('public');
    const field = (type: string, name: string) =>
      objects
        .find((object) => object.name.value === type)
        ?.fields?.find((f) => f.name.value === name);
    expect(tagsOf(field('OpenOnlineSessionPayload', 'generatedKey')!)).toEqual(['internal']);
    expect(tagsOf(field('UpoPage', 'downloadUrl')!)).toEqual(['internal']);
  });

  it('prices every field that calls KSeF (@cost) and sizes the session and invoice lists by `first` (@listSize)', () => {
    const costs: Record<string, string> = {};
    const sizes: Record<string, string> = {};
    for (const { owner, field } of fields()) {
      for (const directive of field.directives ?? []) {
        const key = `${owner.name.value}.${field.name.value}`;
        const args = (directive.arguments ?? [])
          .map((argument) => `${argument.name.value}`)
          .join(',');
        if (directive.name.value === 'cost') {
          const weight = directive.arguments?.[0]?.value;
          costs[key] = weight?.kind === Kind.INT ? weight.value : '?';
        }
        if (directive.name.value === 'listSize') sizes[key] = args;
      }
    }
    expect(costs).toEqual({
      'Query.sessions': '10',
      'Query.session': '10',
      'Query.upo': '10',
      'Session.upo': '10',
      'UpoPage.document': '10',
      'Mutation.openOnlineSession': '10',
      'Mutation.closeSession': '20',
      'Query.invoice': '10',
      'Session.invoices': '10',
      'Invoice.upo': '10',
      'Mutation.sendInvoice': '10',
      'Mutation.loginWithKsefToken': '50',
      'Mutation.refreshAccessToken': '10',
      'Subscription.sessionUpdated': '10',
      'Subscription.invoiceUpdated': '10',
    });
    expect(sizes).toEqual({
      'Query.sessions': 'slicingArguments,sizedFields,requireOneSlicingArgument',
      'Session.invoices': 'slicingArguments,sizedFields,requireOneSlicingArgument',
      'SessionUpo.pages': 'assumedSize',
    });
  });
});
