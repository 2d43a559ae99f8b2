// Artist provisioning for operators (never self sign-up):
//   npm run artist -- create --email a@example.com --name "A. Printmaker" [--subject auth0|…] [--owner]
//   npm run artist -- list
//   npm run artist -- link --email a@example.com --subject auth0|…
//   npm run artist -- set-role --email a@example.com --role owner|artist
//   npm run artist -- reset-password [--email a@example.com]   (embedded issuer; prints the new password once)
// The site owner (the first artist, or --owner) alone runs backups and handles takedown notices.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/index.js';
import { createArtist, linkArtist, listArtists, setArtistRole } from '../modules/auth/artists.js';
import { resetPassword } from '../modules/auth/local-artist.js';

const USAGE = `usage: npm run artist -- <command>
  create --email EMAIL --name NAME [--subject SUBJECT] [--owner]
  list
  link --email EMAIL --subject SUBJECT
  set-role --email EMAIL --role owner|artist
  reset-password [--email EMAIL]`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      subject: { type: 'string' },
      owner: { type: 'boolean', default: false },
      role: { type: 'string' },
    },
  });
  const command = positionals[0];
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    switch (command) {
      case 'create': {
        if (!values.email || !values.name) throw new Error('create needs --email and --name');
        const a = await createArtist(database, {
          email: values.email,
          name: values.name,
          subject: values.subject,
          owner: values.owner,
        });
        process.stdout.write(
          `created artist ${a.id} ${a.email}${a.idpSubject ? ` linked to ${a.idpSubject}` : ''}` +
            `${a.role === 'owner' ? ' (site owner)' : ''}\n`,
        );
        break;
      }
      case 'list':
        for (const a of await listArtists(database)) {
          process.stdout.write(
            `${a.id}\t${a.email}\t${a.displayName}\t${a.idpSubject ?? '(not linked)'}\t${a.hasPassword ? 'password' : '-'}\t${a.role}\n`,
          );
        }
        break;
      case 'link': {
        if (!values.email || !values.subject) throw new Error('link needs --email and --subject');
        const a = await linkArtist(database, values.email, values.subject);
        process.stdout.write(`linked ${a.email} to ${a.idpSubject}\n`);
        break;
      }
      case 'set-role': {
        if (!values.email || (values.role !== 'owner' && values.role !== 'artist'))
          throw new Error('set-role needs --email and --role owner|artist');
        const a = await setArtistRole(database, values.email, values.role);
        process.stdout.write(`${a.email} is now ${a.role === 'owner' ? 'the site owner' : 'an artist'}\n`);
        break;
      }
      case 'reset-password': {
        const email = values.email ?? config.localArtist.email;
        const password = await resetPassword(database, email);
        process.stdout.write(`username: ${email.toLowerCase()}\npassword: ${password}\n`);
        break;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`artist: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
