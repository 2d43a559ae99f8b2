import { expect, it } from 'vitest';
import { formatBytes } from './format-bytes.js';

it('formats sizes in binary units, one decimal below ten', () => {
  expect(formatBytes(0)).toBe('0 bytes');
  expect(formatBytes(1023)).toBe('1023 bytes');
  expect(formatBytes(1536)).toBe('1.5 KB');
  expect(formatBytes(3 * 1024 * 1024)).toBe('3 MB');
  expect(formatBytes(25 * 1024 * 1024 + 400_000)).toBe('25 MB');
  expect(formatBytes(1.95 * 1024 ** 3)).toBe('2 GB');
  expect(formatBytes(5 * 1024 ** 4)).toBe('5 TB');
});
