import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../src/config.js';

const readme = readFileSync('README.md', 'utf8');
const example = readFileSync('.env.example', 'utf8');

describe('configuration documentation', () => {
  it.each(ENV_VARS.map((v) => v.name))('%s is documented in README.md and .env.example', (name) => {
    expect(readme).toContain(`\`${name}\``);
    expect(example).toMatch(new RegExp(`^# ${name}=`, 'm'));
  });

  it('shows the two commands a newcomer needs', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
