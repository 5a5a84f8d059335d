// `npm start` runs this before the TypeScript build: a misconfigured environment is reported in a
// second, with the same one message listing every problem that the gateway itself prints,
// instead of after the whole build.
import { ConfigError, loadConfig } from '../src/config/config';

try {
  loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`KSeF GraphQL gateway: ${error.message}\n`);
  process.exitCode = 1;
}
