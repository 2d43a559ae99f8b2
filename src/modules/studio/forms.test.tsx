import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import {
  BilingualField,
  ErrorSummary,
  fieldId,
  formString,
  formStrings,
  SelectField,
  TextField,
} from './forms.js';

describe('studio form fields', () => {
  it('ties the label, hint and error to the control', () => {
    const html = renderToString(
      <TextField name="year" label="Year" value="19x" hint="Four digits" error="must be a year" required />,
    );
    expect(html).toContain(
      '<label for="f-year">Year<span class="field__required"> (required)</span></label>',
    );
    expect(html).toContain('id="f-year-hint"');
    expect(html).toContain('id="f-year-error"');
    expect(html).toMatch(
      /<input id="f-year" aria-invalid="true" aria-describedby="f-year-hint f-year-error"/,
    );
    expect(html).toContain('value="19x"');
    expect(html).toContain('class="field field--error"');
  });

  it('leaves a valid control without aria-invalid or dangling descriptions', () => {
    const html = renderToString(
      <SelectField
        name="technique"
        label="Technique"
        value="etching"
        options={[{ value: 'etching', label: 'Etching' }]}
      />,
    );
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('aria-describedby');
    expect(html).toContain('<option value="etching" selected>Etching</option>');
  });

  it('renders both languages with lang attributes and flags the ones the gate still needs', () => {
    const html = renderToString(
      <BilingualField name="title" label="Title" values={{ da: 'Havnen', en: '' }} missing={['en']} />,
    );
    expect(html).toContain('name="title.da"');
    expect(html).toContain('lang="da"');
    expect(html).toContain('name="title.en"');
    expect(html).toContain('Title (English)');
    expect(html.match(/Needed before publishing/g)?.length).toBe(1);
  });

  it('links every error of the summary to its field', () => {
    const html = renderToString(
      <ErrorSummary errors={{ 'title.en': 'is required', year: 'must be a year' }} />,
    );
    expect(html).toContain('There are 2 problems');
    expect(html).toContain(`href="#${fieldId('title.en')}"`);
    expect(renderToString(<ErrorSummary errors={{}} />)).toBe('');
  });

  it('reads single and repeated submitted values', () => {
    const body = { a: ' x ', tags: ['havn', ' ', 'nat'] };
    expect(formString(body, 'a')).toBe('x');
    expect(formString(body, 'missing')).toBe('');
    expect(formString(body, 'tags')).toBe('havn');
    expect(formStrings(body, 'tags')).toEqual(['havn', 'nat']);
  });
});
