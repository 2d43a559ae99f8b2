// The verification code of a certificate (docs/decisions/020-certificates.md): 20 symbols of Crockford's base32
// alphabet (digits and upper-case letters without I, L, O and U), each from 5 random bits of node:crypto — 100 bits,
// far beyond guessing. Shown and linked in five groups of four for reading aloud or typing from paper
// (`7KQ2-M9XD-4TGH-0BNC-W3RP`); stored without the hyphens. Reading one back forgives what people do with codes:
// lower case, spaces or missing hyphens, and the letters O, I and L mistaken for 0 and 1.
import { randomBytes } from 'node:crypto';

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 20;
const GROUP = 4;
const STORED = /^[0-9A-HJKMNP-TV-Z]{20}$/;

/** A new code, stored form (20 symbols). 256 is a multiple of 32, so `byte & 31` is uniform. */
export function newVerificationCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(CODE_LENGTH);
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[(bytes[i] ?? 0) & 31];
  return code;
}

/** The code as printed and linked: groups of four joined by hyphens. */
export function formatVerificationCode(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? code;
}

/**
 * The stored form of what someone typed or followed, or undefined when it cannot be a code (checked before any
 * lookup). Hyphens and spaces are ignored; o/O reads as 0, i/I/l/L as 1 (Crockford's decoding).
 */
export function parseVerificationCode(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return STORED.test(code) ? code : undefined;
}
