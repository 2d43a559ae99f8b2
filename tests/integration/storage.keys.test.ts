// Key and prefix rules shared by both storage drivers (pure checks, no I/O).
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/platform/errors.js';
import {
  assertValidKey,
  assertValidPrefix,
  isValidKey,
  MAX_KEY_LENGTH,
} from '../../src/platform/storage/keys.js';

describe('storage keys', () => {
  it.each([
    'a',
    'prints/3f2a9c1e-7b1d-4c55-9f7e-0c4f8e1b2a3d/3f2a9c1e_medium_2x.webp',
    'tiles/abc_files/12/3_4.webp',
    'images/abc/g1/iiif/256,512,256,188/256,188/0/default.jpg',
    'backups/2025-01-31T10-00-00Z.tar.gz',
    'a/.hidden',
    'a/..x',
    'x'.repeat(MAX_KEY_LENGTH),
  ])('accepts %s', (key) => {
    expect(() => assertValidKey(key)).not.toThrow();
    expect(isValidKey(key)).toBe(true);
  });

  it.each([
    ['', 'empty key'],
    ['../x', 'relative path segment'],
    ['a/../../b', 'relative path segment'],
    ['a/./b', 'relative path segment'],
    ['%2e%2e/x', 'characters outside'],
    ['/abs', 'absolute path'],
    ['a\\b', 'characters outside'],
    ['a\0b', 'characters outside'],
    ['a//b', 'empty path segment'],
    ['a/', 'empty path segment'],
    ['ø.jpg', 'characters outside'],
    ['a?b', 'characters outside'],
    ['x'.repeat(MAX_KEY_LENGTH + 1), 'longer than 512'],
  ])('refuses %j (%s)', (key, reason) => {
    expect(() => assertValidKey(key)).toThrow(BadRequestError);
    expect(() => assertValidKey(key)).toThrow(reason);
    expect(isValidKey(key)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(() => assertValidKey(undefined)).toThrow(BadRequestError);
    expect(() => assertValidKey(42)).toThrow(BadRequestError);
  });

  it('accepts folder and partial prefixes, refuses traversal prefixes', () => {
    for (const prefix of ['', 'prints/', 'prints/3f2a_', 'prints/3f2a/tiles/', 'p']) {
      expect(() => assertValidPrefix(prefix), prefix).not.toThrow();
    }
    for (const prefix of ['/', '../', 'a/../', '..', 'a/..', 'a/.', '//', 'a//', '%2e%2e', 'a\\', '\0']) {
      expect(() => assertValidPrefix(prefix), prefix).toThrow(BadRequestError);
    }
  });
});
