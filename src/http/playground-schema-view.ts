// What the playground's docs pane shows. The subgraph's schema carries Apollo Federation's
// machinery (`_service`, `_entities`, `_Any`, `_Entity`, `link__Import`, `federation__FieldSet`,
// `@key` …) because a router needs it; a front-end developer reading the docs does not. The page
// passes every introspection result through `hideFederationInternals` before GraphiQL sees it,
// so the schema itself (and what routers and other clients introspect) stays whole.
//
// The function runs in the browser as it is written here (its source is put into the page), so
// it uses nothing but plain JavaScript and the structures of a standard introspection result.

const STANDARD_DIRECTIVES = ['include', 'skip', 'deprecated', 'specifiedBy', 'oneOf'];

export function hideFederationInternals(result: unknown): unknown {
  const isInternal = (name: string): boolean =>
    name === '_Service' ||
    name === '_Any' ||
    name === '_Entity' ||
    name.indexOf('link__') === 0 ||
    name.indexOf('federation__') === 0;
  const data = (result as { data?: { __schema?: Record<string, unknown> } } | null)?.data;
  const schema = data?.__schema as
    | {
        queryType?: { name?: string } | null;
        types?: { name: string; fields?: { name: string }[] | null }[];
        directives?: { name: string }[];
      }
    | undefined;
  if (!schema || !Array.isArray(schema.types)) return result;
  const queryName = schema.queryType?.name;
  schema.types = schema.types
    .filter((type) => !isInternal(type.name))
    .map((type) =>
      type.name === queryName && Array.isArray(type.fields)
        ? {
            ...type,
            fields: type.fields.filter(
              (field) => field.name !== '_service' && field.name !== '_entities',
            ),
          }
        : type,
    );
  if (Array.isArray(schema.directives)) {
    schema.directives = schema.directives.filter(
      (directive) => STANDARD_DIRECTIVES.indexOf(directive.name) >= 0,
    );
  }
  return result;
}

/**
 * A script for the page: wraps `fetch` so that answers carrying `__schema` are filtered. It must
 * run before GraphiQL starts (the page puts it ahead of the app's script).
 */
export function schemaViewScript(): string {
  return `<script>
(function () {
  var hide = ${hideFederationInternals.toString()};
  var STANDARD_DIRECTIVES = ${JSON.stringify(STANDARD_DIRECTIVES)};
  var original = window.fetch.bind(window);
  window.fetch = function (input, init) {
    return original(input, init).then(function (response) {
      var body = init && typeof init.body === 'string' ? init.body : '';
      if (body.indexOf('__schema') < 0) return response;
      return response.clone().json().then(
        function (json) {
          return new Response(JSON.stringify(hide(json)), {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          });
        },
        function () {
          return response;
        },
      );
    });
  };
})();
</script>`;
}
