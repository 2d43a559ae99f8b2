// Prints a short-lived access token for the artist API, signed by the embedded issuer's key:
//   npm run token [-- --email a@example.com] [--ttl 900]
//   curl -H "Authorization: Bearer $(npm run -s token)" http://localhost:3000/api/v1/artist/audit-events
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/index.js';
import { mintAccessToken } from '../modules/auth/tokens.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { email: { type: 'string' }, ttl: { type: 'string' } },
  });
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const { token } = await mintAccessToken(config, database, {
      email: values.email,
      ttlSeconds: values.ttl ? Number(values.ttl) : undefined,
    });
    process.stdout.write(`${token}\n`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
