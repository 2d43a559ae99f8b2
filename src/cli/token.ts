// Prints a short-lived access token for the artist API, signed by the embedded issuer's key:
//   npm run token [-- --email a@example.com] [--ttl 900]
//   curl -H "Authorization: Bearer $(npm run -s token)" http://localhost:3000/api/v1/artist/audit-events
// Works whether the gallery runs or not: with the embedded database in use by the running gallery, the token is
// signed from what that process left for it (the database is never opened by two processes at once).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/index.js';
import { FolderInUseError } from '../platform/db/folder-lock.js';
import {
  mintAccessToken,
  mintFromRunningGallery,
  type MintArgs,
  type MintedToken,
} from '../modules/auth/tokens.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { email: { type: 'string' }, ttl: { type: 'string' } },
  });
  const config = loadConfig();
  const args: MintArgs = { email: values.email, ttlSeconds: values.ttl ? Number(values.ttl) : undefined };
  let minted: MintedToken;
  try {
    const database = await openDatabase(config);
    try {
      minted = await mintAccessToken(config, database, args);
    } finally {
      await database.close();
    }
  } catch (error) {
    if (!(error instanceof FolderInUseError)) throw error;
    minted = await mintFromRunningGallery(config, error.holder.pid, args);
  }
  process.stdout.write(`${minted.token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
