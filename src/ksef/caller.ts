// Who is calling KSeF. A caller is created once per GraphQL request (the context makes it) and
// travels with every upstream call of that request: its token and request id go on the wire, its
// signal aborts the calls when the operation is abandoned, and the resilience layer keys the
// operation's deadline and call budget on the object itself.
export interface KsefCaller {
  /** The caller's KSeF access token, without the `Bearer ` prefix. Never logged. */
  token: string;
  requestId?: string;
  /** Aborts upstream calls when the GraphQL operation is abandoned or its deadline passes. */
  signal?: AbortSignal;
  /** Epoch ms by which the whole operation must end (retries, rate-limit waits included). */
  deadline?: number;
}
