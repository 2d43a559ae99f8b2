// Ids are UUIDs: one strict check everywhere, before an id goes near the database (PostgreSQL would refuse a
// malformed one with an error, not a "not found"). Hex digits in either case, hyphens in their places, nothing
// around it — no braces, no "urn:uuid:" prefix.

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const UUID = new RegExp(UUID_PATTERN);

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
