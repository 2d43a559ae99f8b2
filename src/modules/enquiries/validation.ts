// Validation of an enquiry or contact message from the public forms. Pure: takes the parsed form body, returns the
// cleaned values or field errors (message keys under enquiry.error.* plus their parameters).

export const ENQUIRY_FIELDS = ['name', 'email', 'message', 'interest'] as const;
export type EnquiryField = (typeof ENQUIRY_FIELDS)[number];

/** What the visitor typed, as typed (shown again in the form after errors). */
export interface EnquiryInput {
  name: string;
  email: string;
  message: string;
  interest: string;
}

export interface EnquiryFields {
  name: string;
  email: string;
  message: string;
  interest: string | null;
}

export interface EnquiryFieldError {
  field: EnquiryField;
  key: 'required' | 'tooLong' | 'tooShort' | 'email';
  params?: Record<string, number>;
}

export const ENQUIRY_LIMITS = { name: 200, email: 254, message: 5000, interest: 200 } as const;
/** A message shorter than this says nothing the artist can answer. */
export const MESSAGE_MIN = 2;

export const EMPTY_ENQUIRY: EnquiryInput = { name: '', email: '', message: '', interest: '' };

// One @, no spaces or control characters, a dot in the domain, no leading/trailing dot: the reply proves the rest.
const EMAIL =
  /^[^\s@<>()",;:\\[\]\p{Cc}]+@[^\s@<>()",;:\\[\]\p{Cc}.][^\s@<>()",;:\\[\]\p{Cc}]*\.[^\s@<>()",;:\\[\]\p{Cc}.]+$/u;
/** Control characters other than tab and line breaks are refused in single-line fields (header injection). */
const CONTROL = /\p{Cc}/u;

function field(body: Record<string, unknown>, name: string): string {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
}

/** Reads the form body (urlencoded, possibly with repeated keys) into the visitor's input. */
export function readEnquiryInput(body: unknown): EnquiryInput {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return {
    name: field(b, 'name'),
    email: field(b, 'email'),
    message: field(b, 'message'),
    interest: field(b, 'interest'),
  };
}

export function isEmailAddress(value: string): boolean {
  return value.length <= ENQUIRY_LIMITS.email && EMAIL.test(value);
}

/** Validates the input; the cleaned enquiry when every field is acceptable, else the errors in form order. */
export function validateEnquiry(
  input: EnquiryInput,
): { ok: true; enquiry: EnquiryFields } | { ok: false; errors: EnquiryFieldError[] } {
  const errors: EnquiryFieldError[] = [];
  const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

  const name = oneLine(input.name);
  if (name === '') errors.push({ field: 'name', key: 'required' });
  else if (name.length > ENQUIRY_LIMITS.name)
    errors.push({ field: 'name', key: 'tooLong', params: { max: ENQUIRY_LIMITS.name } });

  const email = input.email.trim();
  if (email === '') errors.push({ field: 'email', key: 'required' });
  else if (CONTROL.test(email) || !isEmailAddress(email)) errors.push({ field: 'email', key: 'email' });

  const message = input.message.trim();
  if (message === '') errors.push({ field: 'message', key: 'required' });
  else if (message.length < MESSAGE_MIN)
    errors.push({ field: 'message', key: 'tooShort', params: { min: MESSAGE_MIN } });
  else if (message.length > ENQUIRY_LIMITS.message)
    errors.push({ field: 'message', key: 'tooLong', params: { max: ENQUIRY_LIMITS.message } });

  const interest = oneLine(input.interest);
  if (interest.length > ENQUIRY_LIMITS.interest)
    errors.push({ field: 'interest', key: 'tooLong', params: { max: ENQUIRY_LIMITS.interest } });

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, enquiry: { name, email, message, interest: interest === '' ? null : interest } };
}
