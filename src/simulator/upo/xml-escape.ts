// XML text/attribute escaping: invoice numbers are free text chosen by the sender and end up in
// the UPO, so every value written into XML goes through here.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(value: string): string {
  // Characters XML 1.0 forbids outright are dropped rather than escaped (they cannot be escaped).
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
      .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
  );
}
