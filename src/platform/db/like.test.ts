import { describe, expect, it } from 'vitest';
import { likeLiteral } from './like.js';

describe('likeLiteral', () => {
  it('escapes the wildcards and the escape character, and leaves the rest', () => {
    expect(likeLiteral('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    expect(likeLiteral('Hahnemühle copperplate')).toBe('Hahnemühle copperplate');
  });
});
