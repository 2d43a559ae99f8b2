import { describe, expect, it } from 'vitest';
import { sheetMarking } from './marking.js';

describe('sheetMarking', () => {
  it('writes the number as it is on the sheet', () => {
    expect(sheetMarking('numbered', 7, 25, 5)).toBe('7/25');
    expect(sheetMarking('AP', 2, 25, 5)).toBe('AP 2/5');
    expect(sheetMarking('AP', 2, 25, null)).toBe('AP 2');
    expect(sheetMarking('AP', null, 25, 5)).toBe('AP');
    expect(sheetMarking('BAT', null, 25, 5)).toBe('BAT');
    expect(sheetMarking('TP', 3, 25, 5)).toBe('TP 3');
    expect(sheetMarking('HC', 1, null, null)).toBe('HC 1');
  });

  it('numbers an impression of an edition without a size by itself', () => {
    expect(sheetMarking('numbered', 4, null, null)).toBe('4');
  });
});
