// KSeF's per-invoice and per-session limits (faktury/weryfikacja-faktury.md, "Rozmiar pliku" and
// "Ograniczenia ilościowe"; NOTES.md §12). These are the default context limits; KSeF can raise
// them for a context on request, the simulator does not.

/** Largest invoice without attachments, in bytes of the XML file. */
export const MAX_INVOICE_BYTES = 1_000_000;

/** Largest invoice with attachments (`Zalacznik`, FA (3) only), in bytes of the XML file. */
export const MAX_INVOICE_WITH_ATTACHMENTS_BYTES = 3_000_000;

/** Invoices one session (online or batch) may hold. */
export const MAX_INVOICES_PER_SESSION = 10_000;
