import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { nulPath, refuseNul } from './nul.js';

describe('nulPath', () => {
  it('finds a NUL in strings, keys, arrays and nested records (null-prototype ones included)', () => {
    expect(nulPath('a\u0000')).toBe('(value)');
    expect(nulPath({ title: { da: 'ok', en: 'x\u0000' } })).toBe('title.en');
    expect(nulPath({ tags: ['a', 'b\u0000'] })).toBe('tags[1]');
    expect(nulPath({ 'na\u0000me': 1 })).toBe('(value)');
    const form = Object.create(Object.create(null)) as Record<string, string>;
    form.status = '\u0000';
    expect(nulPath(form)).toBe('status');
  });

  it('leaves clean input, raw bodies and buffers alone', () => {
    expect(nulPath({ title: 'Havnen', n: 3, ok: true, none: null })).toBeUndefined();
    expect(nulPath(Readable.from(['a\u0000']))).toBeUndefined();
    expect(nulPath(Buffer.from('a\u0000'))).toBeUndefined();
  });

  it('refuses with a 400 naming the field', () => {
    expect(() => refuseNul('body', { q: '\u0000' })).toThrow(/body\.q: contains a NUL character/);
  });
});
