// An ESLint rule that allow-lists, per folder of src/, which folders of ours it may import
// (DESIGN.md §1: one direction of dependencies). A folder not listed may import anything of
// ours; a relative import that resolves outside every allowed folder is reported with both ends.
//
//   'local/allowed-imports': ['error', { 'src/simulator': ['src/simulator', 'src/ksef/wire'] }]
//
// The longest matching key wins, so `src/ksef/wire` can be stricter than `src/ksef`.
import path from 'node:path';

const within = (file, folder) =>
  file === folder || file.startsWith(`${folder}/`) || file.startsWith(`${folder}.`);

export const allowedImports = {
  meta: {
    type: 'problem',
    schema: [
      { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    ],
    messages: {
      outside:
        '{{from}} may import only from {{allowed}}; {{target}} is outside (DESIGN.md §1: lower floors never import higher ones).',
    },
  },
  create(context) {
    const zones = context.options[0] ?? {};
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const zone = Object.keys(zones)
      .filter((key) => within(file, key))
      .sort((a, b) => b.length - a.length)[0];
    if (zone === undefined) return {};
    const allowed = zones[zone];
    function check(node) {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path
        .relative(root, path.resolve(path.dirname(context.filename), spec))
        .split(path.sep)
        .join('/');
      if (allowed.some((folder) => within(target, folder))) return;
      context.report({
        node: node.source,
        messageId: 'outside',
        data: { from: zone, allowed: allowed.join(', '), target },
      });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
