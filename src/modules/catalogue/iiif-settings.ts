// The two settings of what museums and scholars may take from the site (decision 023): the largest size visitors
// may zoom to (no public tile is larger; the original stays private) and the licence the IIIF manifests state.
// IIIF's `rights` must be a Creative Commons or RightsStatements.org URI: the artist picks one from this list.

/** Long edge, in pixels, of the largest zoom tiles (the settings column's check allows the same range). */
export const ZOOM_MAX_PIXELS = { min: 1000, max: 20_000, default: 6000 } as const;
export const DEFAULT_ZOOM_MAX_PIXELS = ZOOM_MAX_PIXELS.default;

export const LICENCES = [
  'http://rightsstatements.org/vocab/InC/1.0/',
  'http://rightsstatements.org/vocab/InC-EDU/1.0/',
  'http://rightsstatements.org/vocab/InC-NC/1.0/',
  'http://creativecommons.org/licenses/by-nc-nd/4.0/',
  'http://creativecommons.org/licenses/by-nc-sa/4.0/',
  'http://creativecommons.org/licenses/by-nc/4.0/',
  'http://creativecommons.org/licenses/by-nd/4.0/',
  'http://creativecommons.org/licenses/by-sa/4.0/',
  'http://creativecommons.org/licenses/by/4.0/',
  'http://creativecommons.org/publicdomain/zero/1.0/',
] as const;

export type LicenceUrl = (typeof LICENCES)[number];

export function isLicence(value: string): value is LicenceUrl {
  return (LICENCES as readonly string[]).includes(value);
}
