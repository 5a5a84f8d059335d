import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { isEnumType, isInputObjectType, isObjectType, isScalarType } from 'graphql';
import { buildGatewaySchema } from '../../../src/federation/build-subgraph-schema';

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildGatewaySchema();
});

const FIXED_TYPES = [
  'DateTime',
  'SessionType',
  'SessionPhase',
  'SessionStatus',
  'Session',
  'SessionUpo',
  'UpoPage',
  'Upo',
  'UpoDocument',
  'SessionStatusGroup',
  'SessionFilter',
  'PageInfo',
  'SessionEdge',
  'SessionConnection',
  'FormCode',
  'EncryptionInput',
  'OpenOnlineSessionInput',
  'SessionKey',
  'OpenOnlineSessionPayload',
  'SessionKeyInput',
  'SendInvoiceInput',
  'InvoicePhase',
  'InvoiceStatus',
  'Invoice',
  'InvoiceUpo',
  'InvoiceEdge',
  'InvoiceConnection',
];

describe('the gateway schema', () => {
  it('has every type API.md fixes, each with a description', () => {
    for (const name of FIXED_TYPES) {
      const type = schema.getType(name);
      expect(type).toBeDefined();
      if (!isScalarType(type)) expect(type?.description).toBeTruthy();
    }
  });

  it('describes every field, argument and enum value of our own types', () => {
    const own = Object.values(schema.getTypeMap()).filter(
      (type) =>
        !type.name.startsWith('_') &&
        !type.name.startsWith('link__') &&
        FIXED_TYPES.concat('Query', 'Mutation').includes(type.name),
    );
    const missing: string[] = [];
    for (const type of own) {
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (type.name === 'Query' && field.name.startsWith('_')) continue;
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of (field as GraphQLField<unknown, unknown>).args ?? []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has the fixed query and mutation signatures', () => {
    const query = schema.getQueryType() as GraphQLObjectType;
    const sessions = query.getFields()['sessions']!;
    expect(sessions.type.toString()).toBe('SessionConnection!');
    expect(sessions.args.map((a) => `${a.name}: ${a.type.toString()}`)).toEqual([
      'type: SessionType!',
      'first: Int',
      'after: String',
      'filter: SessionFilter',
    ]);
    expect(sessions.args.find((a) => a.name === 'first')?.defaultValue).toBe(10);
    expect(query.getFields()['session']?.type.toString()).toBe('Session');
    expect(query.getFields()['upo']?.args.map((a) => `${a.name}: ${a.type.toString()}`)).toEqual([
      'sessionReferenceNumber: ID!',
      'upoReferenceNumber: ID!',
    ]);
    const mutation = schema.getMutationType() as GraphQLObjectType;
    expect(mutation.getFields()['openOnlineSession']?.type.toString()).toBe(
      'OpenOnlineSessionPayload!',
    );
    expect(mutation.getFields()['closeSession']?.type.toString()).toBe('Session!');
    expect(mutation.getFields()['sendInvoice']?.type.toString()).toBe('Invoice!');
    expect(
      mutation.getFields()['sendInvoice']?.args.map((a) => `${a.name}: ${a.type.toString()}`),
    ).toEqual(['input: SendInvoiceInput!']);
    expect(query.getFields()['invoice']?.type.toString()).toBe('Invoice');
    expect(
      query.getFields()['invoice']?.args.map((a) => `${a.name}: ${a.type.toString()}`),
    ).toEqual(['sessionReferenceNumber: ID!', 'invoiceReferenceNumber: ID!']);
    const invoices = (schema.getType('Session') as GraphQLObjectType).getFields()['invoices']!;
    expect(invoices.type.toString()).toBe('InvoiceConnection!');
    expect(
      invoices.args.map((a) => `${a.name}: ${a.type.toString()} = ${String(a.defaultValue)}`),
    ).toEqual(['first: Int = 10', 'after: String = undefined', 'failedOnly: Boolean = false']);
    const payload = schema.getType('OpenOnlineSessionPayload') as GraphQLObjectType;
    expect(payload.getFields()['sessionKey']?.type.toString()).toBe('String');
    expect(query.getFields()['_entities']).toBeDefined();
    expect(query.getFields()['_service']).toBeDefined();
  });
});
