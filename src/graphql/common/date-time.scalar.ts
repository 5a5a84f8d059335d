// The one date scalar of the schema. graphql-scalars' DateTime (RFC 3339, serialises `Date` to an
// ISO string in UTC, parses input into a `Date`) is named `DateTime`, as API.md fixes.
import { DateTimeResolver } from 'graphql-scalars';

export const DateTimeScalar = DateTimeResolver;
