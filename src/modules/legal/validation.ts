// Validation of a notice-and-takedown submission (DMCA § 512(c)(3) and EU DSA Art. 16 elements).
// Pure: takes the parsed form body, returns the cleaned values or field errors (message keys + params).

export const TAKEDOWN_FIELDS = [
  'work',
  'urls',
  'description',
  'name',
  'email',
  'address',
  'phone',
  'goodFaith',
  'accuracy',
  'signature',
] as const;
export type TakedownField = (typeof TAKEDOWN_FIELDS)[number];

/** What the visitor typed, as typed (re-shown in the form after errors). */
export interface TakedownInput {
  work: string;
  urls: string;
  description: string;
  name: string;
  email: string;
  address: string;
  phone: string;
  goodFaith: boolean;
  accuracy: boolean;
  signature: string;
}

export interface TakedownNotice {
  workConcerned: string;
  /** One URL per line. */
  infringingUrls: string[];
  description: string;
  claimantName: string;
  claimantEmail: string;
  claimantAddress: string;
  claimantPhone: string | null;
  signature: string;
}

export interface FieldError {
  field: TakedownField;
  /** Message key under takedown.error.* plus its parameters. */
  key: string;
  params?: Record<string, string | number>;
}

export const LIMITS = {
  work: 2000,
  urls: 10000,
  description: 5000,
  name: 200,
  email: 254,
  address: 1000,
  phone: 50,
  signature: 200,
} as const;
export const MAX_URLS = 20;
const MAX_URL_LENGTH = 2048;

export const EMPTY_INPUT: TakedownInput = {
  work: '',
  urls: '',
  description: '',
  name: '',
  email: '',
  address: '',
  phone: '',
  goodFaith: false,
  accuracy: false,
  signature: '',
};

// Deliberately simple: one @, no spaces, a dot in the domain. The reply is what proves the address.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function field(body: Record<string, unknown>, name: string): string {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
}

/** Reads the form body (urlencoded, possibly with repeated keys) into the visitor's input. */
export function readTakedownInput(body: unknown): TakedownInput {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return {
    work: field(b, 'work'),
    urls: field(b, 'urls'),
    description: field(b, 'description'),
    name: field(b, 'name'),
    email: field(b, 'email'),
    address: field(b, 'address'),
    phone: field(b, 'phone'),
    goodFaith: field(b, 'goodFaith') === 'yes',
    accuracy: field(b, 'accuracy') === 'yes',
    signature: field(b, 'signature'),
  };
}

export function parseUrls(text: string): { urls: string[]; invalid: string | undefined } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const urls: string[] = [];
  for (const line of lines) {
    let ok = false;
    if (line.length <= MAX_URL_LENGTH) {
      try {
        const url = new URL(line);
        ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        ok = false;
      }
    }
    if (!ok) return { urls, invalid: line.length > 80 ? `${line.slice(0, 80)}…` : line };
    urls.push(line);
  }
  return { urls, invalid: undefined };
}

/** Validates the input; returns the notice when every field is acceptable, else the errors in form order. */
export function validateTakedown(
  input: TakedownInput,
): { ok: true; notice: TakedownNotice } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (name: keyof typeof LIMITS, required: boolean): string => {
    const value = input[name].trim();
    if (required && value === '') errors.push({ field: name, key: 'required' });
    else if (value.length > LIMITS[name])
      errors.push({ field: name, key: 'tooLong', params: { max: LIMITS[name] } });
    return value;
  };

  const work = text('work', true);
  let urls: string[] = [];
  if (input.urls.trim() === '') errors.push({ field: 'urls', key: 'urls' });
  else if (input.urls.length > LIMITS.urls)
    errors.push({ field: 'urls', key: 'tooLong', params: { max: LIMITS.urls } });
  else {
    const parsed = parseUrls(input.urls);
    if (parsed.invalid !== undefined)
      errors.push({ field: 'urls', key: 'urlsInvalid', params: { line: parsed.invalid } });
    else if (parsed.urls.length > MAX_URLS)
      errors.push({ field: 'urls', key: 'urlsTooMany', params: { max: MAX_URLS } });
    else urls = parsed.urls;
  }
  const description = text('description', true);
  const name = text('name', true);
  const email = input.email.trim();
  if (email === '') errors.push({ field: 'email', key: 'required' });
  else if (email.length > LIMITS.email || !EMAIL.test(email)) errors.push({ field: 'email', key: 'email' });
  const address = text('address', true);
  const phone = text('phone', false);
  if (!input.goodFaith) errors.push({ field: 'goodFaith', key: 'goodFaith' });
  if (!input.accuracy) errors.push({ field: 'accuracy', key: 'accuracy' });
  const signature = input.signature.trim();
  if (signature === '') errors.push({ field: 'signature', key: 'signature' });
  else if (signature.length > LIMITS.signature) {
    errors.push({ field: 'signature', key: 'tooLong', params: { max: LIMITS.signature } });
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    notice: {
      workConcerned: work,
      infringingUrls: urls,
      description,
      claimantName: name,
      claimantEmail: email,
      claimantAddress: address,
      claimantPhone: phone === '' ? null : phone,
      signature,
    },
  };
}
