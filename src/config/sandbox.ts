// The bearer token of sandbox mode. The embedded simulator accepts any non-empty token and
// seeds its demo sessions under this one, so a first query with it shows data at once. It is
// deliberately not a JWT and obviously fake: it is printed in the log, pre-filled in the
// playground and written in the README. It means nothing to the real KSeF.
export const SANDBOX_TOKEN = 'sandbox-token';
