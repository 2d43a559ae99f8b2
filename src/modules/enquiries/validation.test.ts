import { describe, expect, it } from 'vitest';
import { ENQUIRY_LIMITS, isEmailAddress, readEnquiryInput, validateEnquiry } from './validation.js';

const valid = {
  name: 'Karen Blixen',
  email: 'karen@example.dk',
  message: 'Is no. 3 still available?',
  interest: '',
};

describe('enquiry validation', () => {
  it('accepts a plain enquiry and cleans it', () => {
    const result = validateEnquiry({ ...valid, name: '  Karen \n Blixen ', interest: ' 3/20 ' });
    expect(result).toEqual({
      ok: true,
      enquiry: { name: 'Karen Blixen', email: 'karen@example.dk', message: valid.message, interest: '3/20' },
    });
  });

  it('names every missing field, in form order', () => {
    const result = validateEnquiry({ name: ' ', email: '', message: '\n', interest: '' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => [e.field, e.key])).toEqual([
        ['name', 'required'],
        ['email', 'required'],
        ['message', 'required'],
      ]);
  });

  it('refuses overlong fields with their limit', () => {
    const result = validateEnquiry({
      name: 'n'.repeat(ENQUIRY_LIMITS.name + 1),
      email: valid.email,
      message: 'm'.repeat(ENQUIRY_LIMITS.message + 1),
      interest: 'i'.repeat(ENQUIRY_LIMITS.interest + 1),
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([
        { field: 'name', key: 'tooLong', params: { max: 200 } },
        { field: 'message', key: 'tooLong', params: { max: 5000 } },
        { field: 'interest', key: 'tooLong', params: { max: 200 } },
      ]);
  });

  it.each([
    ['a@b.dk', true],
    ['first.last+tag@sub.example.com', true],
    ['no-at.example.com', false],
    ['two@@example.com', false],
    ['space @example.com', false],
    ['nodot@localhost', false],
    ['trailing@example.', false],
    ['a@b.dk\nBcc: x@y.z', false],
    ['"quoted"@example.com', false],
    [`${'x'.repeat(250)}@b.dk`, false],
  ])('e-mail %j is %s', (email, ok) => {
    expect(isEmailAddress(email)).toBe(ok);
    expect(validateEnquiry({ ...valid, email }).ok).toBe(ok);
  });

  it('reads the last of repeated keys and ignores what is not a string', () => {
    expect(readEnquiryInput({ name: ['a', 'b'], email: 5, message: 'x\r\ny' })).toEqual({
      name: 'b',
      email: '',
      message: 'x\ny',
      interest: '',
    });
    expect(readEnquiryInput(null)).toEqual({ name: '', email: '', message: '', interest: '' });
  });
});
