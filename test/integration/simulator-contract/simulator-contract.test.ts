// THE contract test of the embedded simulator: every endpoint it serves is driven over real HTTP
// through its successes and its error cases, and every answer is checked against the official
// KSeF OpenAPI spec (schema for operation + status + media type, documented exception codes,
// headers) and every UPO against the official XSD. One simulator for all areas, so that the
// last check can see that every operation was driven (test/support/contract-suite.ts).
import { describeContract, useContractSimulator } from '../../support/contract-suite';
import { batchSessionContracts } from './batch-session.contract';
import { checkerContracts } from './checker.contract';
import { listingContracts } from './listing.contract';
import { onlineSessionContracts } from './online-sessions.contract';

describeContract('every operation', () => {
  const suite = useContractSimulator();
  onlineSessionContracts(suite);
  listingContracts(suite);
  batchSessionContracts(suite);
  // Last: it also checks that the areas above drove every operation the simulator serves.
  checkerContracts(suite);
});
