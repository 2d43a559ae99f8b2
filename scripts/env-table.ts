// Prints the configuration table for README.md and the body of .env.example from ENV_VARS.
import { ENV_VARS } from '../src/config.ts';

const mode = process.argv[2] ?? 'table';
if (mode === 'table') {
  console.log('| Variable | Default | Production | Meaning |');
  console.log('|---|---|---|---|');
  for (const v of ENV_VARS) {
    const prod = v.requiredInProduction ? 'required' : '';
    console.log(
      `| \`${v.name}\` | ${v.default ? `\`${v.default}\`` : '—'} | ${prod}${v.secret ? ' (secret)' : ''} | ${v.description} |`,
    );
  }
} else {
  console.log(
    '# Copper Print Gallery settings. Copy to .env only for your own shell; the app reads the process environment.',
  );
  console.log('# Everything is optional locally: `npm start` runs on embedded defaults.\n');
  for (const v of ENV_VARS) {
    console.log(`# ${v.description}${v.requiredInProduction ? ' (required in production)' : ''}`);
    console.log(`# ${v.name}=${v.default && !v.default.includes(' ') ? v.default : ''}\n`);
  }
}
