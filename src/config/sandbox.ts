// The bearer token of sandbox mode. The embedded simulator accepts any non-empty token and
// seeds its demo sessions under this one, so a first query with it shows data at once. It is
// deliberately not a JWT and obviously fake: it is printed in the log, pre-filled in the
// playground and written in the README. It means nothing to the real KSeF.
export const SANDBOX_TOKEN = 'sandbox-token';

// The NIP the sandbox's KSeF token logs into (loginWithKsefToken). It is the NIP the simulator
// derives for SANDBOX_TOKEN, so both ways in act for the same seller, the one the playground's
// sample invoice names: SendInvoice works whichever token sent it. (They are still two contexts
// with their own sessions: a free-form token is a context of its own.)
export const SANDBOX_KSEF_TOKEN_NIP = '6402505780';
