// Where the IIIF Presentation 3.0 documents live (decision 023): a manifest per public print, a collection per
// public gallery. Root-relative; the documents themselves carry them absolute (PUBLIC_URL).

export const PRESENTATION_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';
/** The media type IIIF asks for: JSON-LD with the Presentation 3 context as profile. */
export const PRESENTATION_CONTENT_TYPE = `application/ld+json;profile="${PRESENTATION_CONTEXT}"`;

export const manifestPath = (printId: string): string => `/iiif/prints/${printId}/manifest`;
export const collectionPath = (galleryId: string): string => `/iiif/galleries/${galleryId}/collection`;
