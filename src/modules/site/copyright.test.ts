import { describe, expect, it } from 'vitest';
import { translator } from '../../platform/i18n/index.js';
import { copyrightNotice } from './copyright.js';

const en = translator('en');
const da = translator('da');

describe('copyrightNotice', () => {
  it('says "All rights reserved" once when the print terms say it too', () => {
    const n = copyrightNotice(en, {
      year: 2015,
      artist: 'The Artist',
      copyrightLine: '',
      terms: 'All rights reserved.',
    });
    expect(`${n.notice} ${n.terms}`.trim()).toBe('© 2015 The Artist. All rights reserved.');
    const d = copyrightNotice(da, {
      year: 2015,
      artist: 'The Artist',
      copyrightLine: '',
      terms: 'Alle rettigheder forbeholdes.',
    });
    expect(`${d.notice} ${d.terms}`.trim()).toBe('© 2015 The Artist. Alle rettigheder forbeholdes.');
  });

  it('keeps what the terms add, without repeating the sentence already said', () => {
    const n = copyrightNotice(en, {
      year: 2019,
      artist: 'Ada',
      copyrightLine: '',
      terms: 'All rights reserved.  Not to be reproduced without permission.',
    });
    expect(n).toEqual({
      notice: '© 2019 Ada. All rights reserved.',
      terms: 'Not to be reproduced without permission.',
    });
  });

  it('uses the copyright line from the settings as the holder, once', () => {
    expect(
      copyrightNotice(en, { year: 2019, artist: 'Ada', copyrightLine: '© Ada Etcher', terms: null }).notice,
    ).toBe('© Ada Etcher. All rights reserved.');
    const n = copyrightNotice(en, {
      year: 2019,
      artist: 'Ada',
      copyrightLine: '© Ada Etcher. All rights reserved.',
      terms: 'all rights reserved',
    });
    expect(n).toEqual({ notice: '© Ada Etcher. All rights reserved.', terms: '' });
  });
});
