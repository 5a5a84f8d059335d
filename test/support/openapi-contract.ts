// Validates HTTP bodies against the official KSeF OpenAPI 3.0 spec (kept outside the repository; the path comes
// from KSEF_OPENAPI_SPEC). OpenAPI 3.0 schema objects are not JSON Schema, so every schema is translated for Ajv
// first: `nullable` becomes a union with null, annotations (`example`, `readOnly`, `deprecated`, `x-*` …) are dropped,
// and `$ref`s into components.schemas point at one registered root document.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';

type SchemaObject = Record<string, unknown>;

interface MediaTypeObject {
  schema?: SchemaObject;
}

interface ResponseObject {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaTypeObject>;
}

interface RequestBodyObject {
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
}

interface OperationObject {
  operationId?: string;
  responses?: Record<string, ResponseObject>;
  requestBody?: RequestBodyObject;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<HttpMethod, OperationObject>>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface ResponseUnderTest {
  method: string;
  /** A key of spec.paths, e.g. '/sessions/{referenceNumber}'. */
  pathTemplate: string;
  status: number;
  /** The Content-Type header as sent (parameters such as charset are ignored); undefined when there was none. */
  contentType: string | undefined;
  /** The parsed JSON body (or the raw text for non-JSON media types); undefined for an empty body. */
  body: unknown;
}

export interface RequestUnderTest {
  method: string;
  pathTemplate: string;
  contentType: string;
  body: unknown;
}

export interface ContractResult {
  valid: boolean;
  errors: string[];
}

export interface ContractValidatorOptions {
  /**
   * Treat object properties the spec does not list as violations (the spec itself leaves additionalProperties
   * open). Useful for a simulator, which should not invent fields a client could come to depend on.
   */
  forbidUndocumentedProperties?: boolean;
}

export interface ContractValidator {
  readonly spec: OpenApiDocument;
  validateResponse(response: ResponseUnderTest): ContractResult;
  validateRequestBody(request: RequestUnderTest): ContractResult;
  /** Status keys as written in the spec ('200', '400', …) for the operation. */
  documentedStatuses(method: string, pathTemplate: string): string[];
  documentedMediaTypes(method: string, pathTemplate: string, status: number): string[];
  hasHeader(method: string, pathTemplate: string, status: number, headerName: string): boolean;
  /**
   * The KSeF exception codes listed in the markdown table of the operation's response description (the spec
   * documents 400 exception codes only that way), e.g. [21418, 21405] for GET /sessions.
   */
  documentedExceptionCodes(method: string, pathTemplate: string, status?: number): number[];
  /** The spec path template a concrete path (relative to the API base, e.g. '/sessions/2025…') belongs to. */
  matchPathTemplate(method: string, concretePath: string): string | undefined;
}

const ROOT_ID = 'https://ksef.contract.test/openapi.json';
const COMPONENT_REF_PREFIX = '#/components/schemas/';

/** Keys of an OpenAPI 3.0 schema object that carry no validation meaning for a response body. */
const ANNOTATION_KEYS = new Set([
  'nullable',
  'example',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
  'externalDocs',
  'xml',
  'discriminator',
  'title',
  'description',
  'default',
]);

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function loadOpenApiSpec(specPath: string): OpenApiDocument {
  const parsed = JSON.parse(readFileSync(specPath, 'utf8')) as Partial<OpenApiDocument>;
  if (
    typeof parsed.openapi !== 'string' ||
    !parsed.openapi.startsWith('3.0') ||
    typeof parsed.paths !== 'object'
  ) {
    throw new Error(
      `${specPath} is not an OpenAPI 3.0 document (openapi: ${String(parsed.openapi)})`,
    );
  }
  return parsed as OpenApiDocument;
}

/**
 * Translates one OpenAPI 3.0 schema object into JSON Schema (draft-07) for Ajv. `$ref`s into
 * components.schemas are rewritten to `refBase + '#/definitions/<name>'`.
 */
export function toJsonSchema(
  schema: unknown,
  options: ContractValidatorOptions = {},
  refBase = ROOT_ID,
): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, options, refBase));
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as SchemaObject;

  if (typeof source.$ref === 'string') {
    // In OpenAPI 3.0 the siblings of $ref are ignored.
    const ref = source.$ref;
    if (!ref.startsWith(COMPONENT_REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
    return { $ref: `${refBase}#/definitions/${ref.slice(COMPONENT_REF_PREFIX.length)}` };
  }

  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (ANNOTATION_KEYS.has(key) || key.startsWith('x-')) continue;
    switch (key) {
      case 'properties': {
        const properties: SchemaObject = {};
        for (const [name, propertySchema] of Object.entries(value as SchemaObject)) {
          properties[name] = toJsonSchema(propertySchema, options, refBase);
        }
        out.properties = properties;
        break;
      }
      case 'items':
      case 'not':
        out[key] = toJsonSchema(value, options, refBase);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'boolean' ? value : toJsonSchema(value, options, refBase);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as unknown[]).map((member) => toJsonSchema(member, options, refBase));
        break;
      default:
        out[key] = value;
    }
  }

  if (
    options.forbidUndocumentedProperties &&
    out.properties !== undefined &&
    out.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }

  if (source.nullable !== true) return out;
  if (Object.keys(out).length === 0) return out; // "anything, including null"
  const composite = 'allOf' in out || 'anyOf' in out || 'oneOf' in out || 'not' in out;
  if (typeof out.type === 'string' && !composite) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null))
      out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function normalizeMediaType(contentType: string | undefined): string | undefined {
  const bare = contentType?.split(';')[0]?.trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

function formatAjvError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let extra = '';
  if (error.keyword === 'additionalProperties')
    extra = `: '${String(params.additionalProperty)}' is not in the spec`;
  else if (error.keyword === 'enum') extra = `: ${JSON.stringify(params.allowedValues)}`;
  return `${where} ${error.message ?? error.keyword}${extra} [${error.schemaPath}]`;
}

/** Returns the Ajv errors, dropping the noise a nullable union adds ("must be null", "must match a schema in anyOf"). */
function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  const all = errors ?? [];
  const meaningful = all.filter(
    (error) =>
      !(error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null') &&
      !(
        error.keyword === 'anyOf' &&
        all.some((other) => other !== error && other.instancePath === error.instancePath)
      ),
  );
  return (meaningful.length > 0 ? meaningful : all).map(formatAjvError);
}

function pathTemplateRegExp(template: string): RegExp {
  const pattern = template
    .split('/')
    .map((segment) =>
      /^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${pattern}$`);
}

export function createContractValidator(
  specPath: string,
  options: ContractValidatorOptions = {},
): ContractValidator {
  const spec = loadOpenApiSpec(specPath);
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    verbose: false,
  });
  addFormats(ajv);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('float', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => BASE64.test(s) });

  const definitions: SchemaObject = {};
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    definitions[name] = toJsonSchema(schema, options);
  }
  ajv.addSchema({ $id: ROOT_ID, definitions });

  const compiled = new Map<string, ValidateFunction>();
  const compile = (cacheKey: string, schema: SchemaObject): ValidateFunction => {
    let validate = compiled.get(cacheKey);
    if (validate === undefined) {
      validate = ajv.compile(toJsonSchema(schema, options) as SchemaObject);
      compiled.set(cacheKey, validate);
    }
    return validate;
  };

  const operation = (method: string, pathTemplate: string): OperationObject => {
    const pathItem = spec.paths[pathTemplate];
    if (pathItem === undefined) throw new Error(`path ${pathTemplate} is not in the spec`);
    const op = pathItem[method.toLowerCase() as HttpMethod];
    if (op === undefined)
      throw new Error(`${method.toUpperCase()} ${pathTemplate} is not in the spec`);
    return op;
  };

  const responseKey = (op: OperationObject, status: number): string | undefined => {
    const responses = op.responses ?? {};
    const exact = String(status);
    if (responses[exact] !== undefined) return exact;
    const range = `${exact[0] ?? ''}XX`;
    if (responses[range] !== undefined) return range;
    if (responses.default !== undefined) return 'default';
    return undefined;
  };

  const documentedStatuses = (method: string, pathTemplate: string): string[] =>
    Object.keys(operation(method, pathTemplate).responses ?? {});

  const documentedMediaTypes = (method: string, pathTemplate: string, status: number): string[] => {
    const op = operation(method, pathTemplate);
    const key = responseKey(op, status);
    return key === undefined ? [] : Object.keys(op.responses?.[key]?.content ?? {});
  };

  const hasHeader = (
    method: string,
    pathTemplate: string,
    status: number,
    headerName: string,
  ): boolean => {
    const op = operation(method, pathTemplate);
    const key = responseKey(op, status);
    const headers = key === undefined ? {} : (op.responses?.[key]?.headers ?? {});
    return Object.keys(headers).some((name) => name.toLowerCase() === headerName.toLowerCase());
  };

  const documentedExceptionCodes = (
    method: string,
    pathTemplate: string,
    status = 400,
  ): number[] => {
    const op = operation(method, pathTemplate);
    const key = responseKey(op, status);
    const description = key === undefined ? '' : (op.responses?.[key]?.description ?? '');
    return [...description.matchAll(/^\|\s*(\d{4,6})\s*\|/gm)].map((match) => Number(match[1]));
  };

  const validateResponse = ({
    method,
    pathTemplate,
    status,
    contentType,
    body,
  }: ResponseUnderTest): ContractResult => {
    const op = operation(method, pathTemplate);
    const label = `${method.toUpperCase()} ${pathTemplate} → ${status}`;
    const key = responseKey(op, status);
    if (key === undefined) {
      return {
        valid: false,
        errors: [
          `${label}: status ${status} is not documented (documented: ${documentedStatuses(method, pathTemplate).join(', ')})`,
        ],
      };
    }
    const content = op.responses?.[key]?.content;
    const mediaType = normalizeMediaType(contentType);
    const bodyIsEmpty = body === undefined || body === '';
    if (content === undefined || Object.keys(content).length === 0) {
      return bodyIsEmpty
        ? { valid: true, errors: [] }
        : {
            valid: false,
            errors: [
              `${label}: the spec documents no body, but one was sent (${mediaType ?? 'no content type'})`,
            ],
          };
    }
    if (mediaType === undefined || content[mediaType] === undefined) {
      return {
        valid: false,
        errors: [
          `${label}: content type ${mediaType ?? '<none>'} is not documented (documented: ${Object.keys(content).join(', ')})`,
        ],
      };
    }
    const schema = content[mediaType].schema;
    if (schema === undefined) return { valid: true, errors: [] };
    if (body === undefined)
      return {
        valid: false,
        errors: [`${label}: the spec documents a ${mediaType} body, but none was sent`],
      };
    const validate = compile(
      `response ${method.toLowerCase()} ${pathTemplate} ${key} ${mediaType}`,
      schema,
    );
    if (validate(body)) return { valid: true, errors: [] };
    return {
      valid: false,
      errors: describeErrors(validate.errors).map((error) => `${label} (${mediaType}): ${error}`),
    };
  };

  const validateRequestBody = ({
    method,
    pathTemplate,
    contentType,
    body,
  }: RequestUnderTest): ContractResult => {
    const op = operation(method, pathTemplate);
    const label = `${method.toUpperCase()} ${pathTemplate} request`;
    const content = op.requestBody?.content;
    if (content === undefined)
      return { valid: false, errors: [`${label}: the spec documents no request body`] };
    const mediaType = normalizeMediaType(contentType);
    const schema = mediaType === undefined ? undefined : content[mediaType]?.schema;
    if (mediaType === undefined || content[mediaType] === undefined) {
      return {
        valid: false,
        errors: [`${label}: content type ${mediaType ?? '<none>'} is not documented`],
      };
    }
    if (schema === undefined) return { valid: true, errors: [] };
    const validate = compile(
      `request ${method.toLowerCase()} ${pathTemplate} ${mediaType}`,
      schema,
    );
    if (validate(body)) return { valid: true, errors: [] };
    return {
      valid: false,
      errors: describeErrors(validate.errors).map((error) => `${label} (${mediaType}): ${error}`),
    };
  };

  const templates = Object.keys(spec.paths).map((template) => ({
    template,
    regExp: pathTemplateRegExp(template),
    literalSegments: template
      .split('/')
      .filter((segment) => segment !== '' && !segment.startsWith('{')).length,
  }));

  const matchPathTemplate = (method: string, concretePath: string): string | undefined => {
    const path = concretePath.split('?')[0] ?? concretePath;
    const candidates = templates
      .filter(
        ({ template, regExp }) =>
          regExp.test(path) &&
          spec.paths[template]?.[method.toLowerCase() as HttpMethod] !== undefined,
      )
      .sort((a, b) => b.literalSegments - a.literalSegments);
    return candidates[0]?.template;
  };

  return {
    spec,
    validateResponse,
    validateRequestBody,
    documentedStatuses,
    documentedMediaTypes,
    hasHeader,
    documentedExceptionCodes,
    matchPathTemplate,
  };
}

/** The spec path from KSEF_OPENAPI_SPEC, or undefined (with a console warning naming the skipped suite). */
export function openApiSpecPathFromEnv(suite: string): string | undefined {
  const specPath = process.env.KSEF_OPENAPI_SPEC;
  if (specPath === undefined || specPath === '') {
    console.warn(
      `KSEF_OPENAPI_SPEC is not set: skipping "${suite}" (point it at the official open-api.json)`,
    );
    return undefined;
  }
  return specPath;
}
