// Public search over the in-memory snapshot: which documents pass the filters, the disjunctive facet counts (each
// facet counted with every filter but its own), the total and the order. The words were matched and ranked
// beforehand (text-index.ts; or there are none: browsing). Same rules as the SQL of the artist's search.
import type { Language } from '../../../platform/db/schema.js';
import type { FacetRow, PUBLIC_FACETS, SearchFilters, SearchTarget } from '../repository.js';
import type { Dictionary, Snapshot, TextField } from './snapshot.js';
import type { TextMatches } from './text-index.js';

/** Facets of public search; bit i of a document's misses is PUBLIC_FACETS[i]'s filter. */
type PublicFacet = (typeof PUBLIC_FACETS)[number];

export interface EngineRequest {
  target: SearchTarget;
  language: Language;
  filters: SearchFilters;
  /** Matches of the words; undefined when browsing without words. */
  matches?: TextMatches | undefined;
  /** The words as typed (a title equal to them, accents and case aside, ranks first). */
  words?: string | undefined;
  offset: number;
  limit: number;
}

export interface EngineResult {
  total: number;
  /** Documents of the requested page, in order. */
  page: number[];
  facets: FacetRow[];
}

/** A set of codes of one dictionary, or undefined when the filter is not set. */
function codeSet(dict: Dictionary, values: readonly string[] | undefined): Uint8Array | undefined {
  if (!values) return undefined;
  const set = new Uint8Array(dict.size);
  for (const v of values) {
    const c = dict.find(v);
    if (c !== undefined) set[c] = 1;
  }
  return set;
}

const NONE = new Uint8Array(0);
/** The decade facet counts in slots of ten years from this year. */
const FIRST_DECADE = 1000;
const DECADES = 150;

export function runPublicSearch(s: Snapshot, r: EngineRequest): EngineResult {
  const f = r.filters;
  const folded = (values: readonly string[] | undefined) => values?.map((v) => s.fold(v));

  // Each facet filter as a code set (or NONE when not set): a document passes when its code is in the set.
  const techniqueSet = codeSet(s.vocab.technique, f.technique) ?? NONE;
  const plateSet = codeSet(s.vocab.plateMaterial, f.plateMaterial) ?? NONE;
  const availabilitySet = codeSet(s.vocab.availability, f.availability) ?? NONE;
  const gallerySet = codeSet(s.galleryDict, f.gallery) ?? NONE;
  const tagSet = codeSet(s.tagDict, f.tags) ?? NONE;
  const mediumSet = codeSet(s.medium.dict, folded(f.medium)) ?? NONE;
  const subjectSet = codeSet(s.subject.dict, folded(f.subject)) ?? NONE;
  const styleSet = codeSet(s.styleMovement.dict, folded(f.styleMovement)) ?? NONE;
  const byTechnique = f.technique !== undefined;
  const byPlate = f.plateMaterial !== undefined;
  const byAvailability = f.availability !== undefined;
  const byGallery = f.gallery !== undefined;
  const byTags = f.tags !== undefined;
  const byMedium = f.medium !== undefined;
  const bySubject = f.subject !== undefined;
  const byStyle = f.styleMovement !== undefined;
  const byYear = f.yearFrom !== undefined || f.yearTo !== undefined;
  const yearFrom = f.yearFrom ?? 1400;
  const yearTo = f.yearTo ?? 2200;
  // Ranges (not faceted): a document without the value never passes a range that is set.
  const byHeight = f.plateHeightMin !== undefined || f.plateHeightMax !== undefined;
  const byWidth = f.plateWidthMin !== undefined || f.plateWidthMax !== undefined;
  const byPrice = f.priceMin !== undefined || f.priceMax !== undefined;
  const [hMin, hMax] = [f.plateHeightMin ?? -Infinity, f.plateHeightMax ?? Infinity];
  const [wMin, wMax] = [f.plateWidthMin ?? -Infinity, f.plateWidthMax ?? Infinity];
  const [pMin, pMax] = [f.priceMin ?? -Infinity, f.priceMax ?? Infinity];

  const { technique, plate, availability, year, height, width, price, tags, galleries } = s;
  const mediumKey = s.medium.key;
  const mediumAlt = s.medium.alt;
  const subjectKey = s.subject.key;
  const subjectAlt = s.subject.alt;
  const styleKey = s.styleMovement.key;
  const styleAlt = s.styleMovement.alt;
  const hit = (set: Uint8Array, code: number) => code >= 0 && set[code] === 1;
  const anyIn = (lists: Snapshot['tags'], set: Uint8Array, doc: number) => {
    const end = lists.start[doc + 1]!;
    for (let k = lists.start[doc]!; k < end; k++) if (set[lists.values[k]!] === 1) return true;
    return false;
  };

  const hasFilters = Object.values(f).some((v) => v !== undefined);
  const withPrints = r.target !== 'galleries';
  const withGalleries = r.target !== 'prints' && !hasFilters;

  // Facet counters (prints only), indexed by code.
  const counts = {
    technique: new Int32Array(s.vocab.technique.size),
    decade: new Int32Array(DECADES),
    availability: new Int32Array(s.vocab.availability.size),
    gallery: new Int32Array(s.galleryDict.size),
    tags: new Int32Array(s.tagDict.size),
    medium: new Int32Array(s.medium.dict.size),
    plateMaterial: new Int32Array(s.vocab.plateMaterial.size),
    subject: new Int32Array(s.subject.dict.size),
    styleMovement: new Int32Array(s.styleMovement.dict.size),
  };
  const count = (arr: Int32Array, code: number) => {
    if (code >= 0) arr[code]! += 1;
  };
  const countDecade = (y: number) => {
    const slot = Math.trunc(y / 10) - FIRST_DECADE / 10;
    if (slot >= 0 && slot < DECADES) counts.decade[slot]! += 1;
  };
  const countLists = (arr: Int32Array, lists: Snapshot['tags'], doc: number) => {
    const end = lists.start[doc + 1]!;
    for (let k = lists.start[doc]!; k < end; k++) arr[lists.values[k]!]! += 1;
  };
  /** Counts the document for one facet (bit number as in PUBLIC_FACETS). */
  const countOne = (facet: number, doc: number) => {
    if (facet === 0) count(counts.technique, technique[doc]!);
    else if (facet === 1) countDecade(year[doc]!);
    else if (facet === 2) count(counts.availability, availability[doc]!);
    else if (facet === 3) countLists(counts.gallery, galleries, doc);
    else if (facet === 4) countLists(counts.tags, tags, doc);
    else if (facet === 5) count(counts.medium, mediumKey[doc]!);
    else if (facet === 6) count(counts.plateMaterial, plate[doc]!);
    else if (facet === 7) count(counts.subject, subjectKey[doc]!);
    else if (facet === 8) count(counts.styleMovement, styleKey[doc]!);
  };

  const hits: number[] = [];
  let printHits = 0;
  let galleryHits = 0;
  const consider = (doc: number) => {
    if (doc >= s.printCount) {
      if (withGalleries) {
        hits.push(doc);
        galleryHits += 1;
      }
      return;
    }
    if (!withPrints) return;
    if (byHeight && !(height[doc]! >= hMin && height[doc]! <= hMax)) return; // NaN fails both
    if (byWidth && !(width[doc]! >= wMin && width[doc]! <= wMax)) return;
    if (byPrice && !(price[doc]! >= pMin && price[doc]! <= pMax)) return;
    // Bit i: the document fails facet PUBLIC_FACETS[i]'s filter.
    let bits = 0;
    if (byTechnique && !hit(techniqueSet, technique[doc]!)) bits |= 1;
    if (byYear && !(year[doc]! >= yearFrom && year[doc]! <= yearTo)) bits |= 2;
    if (byAvailability && !hit(availabilitySet, availability[doc]!)) bits |= 4;
    if (byGallery && !anyIn(galleries, gallerySet, doc)) bits |= 8;
    if (byTags && !anyIn(tags, tagSet, doc)) bits |= 16;
    if (byMedium && !hit(mediumSet, mediumKey[doc]!) && !hit(mediumSet, mediumAlt[doc]!)) bits |= 32;
    if (byPlate && !hit(plateSet, plate[doc]!)) bits |= 64;
    if (bySubject && !hit(subjectSet, subjectKey[doc]!) && !hit(subjectSet, subjectAlt[doc]!)) bits |= 128;
    if (byStyle && !hit(styleSet, styleKey[doc]!) && !hit(styleSet, styleAlt[doc]!)) bits |= 256;
    if (bits === 0) {
      hits.push(doc);
      printHits += 1;
      count(counts.technique, technique[doc]!);
      countDecade(year[doc]!);
      count(counts.availability, availability[doc]!);
      countLists(counts.gallery, galleries, doc);
      countLists(counts.tags, tags, doc);
      count(counts.medium, mediumKey[doc]!);
      count(counts.plateMaterial, plate[doc]!);
      count(counts.subject, subjectKey[doc]!);
      count(counts.styleMovement, styleKey[doc]!);
    } else if ((bits & (bits - 1)) === 0) {
      // Fails exactly one facet's filter: it still counts for that facet.
      countOne(31 - Math.clz32(bits), doc);
    }
  };

  if (r.matches) {
    const rank = new Float64Array(s.docCount);
    const exact = new Uint8Array(s.docCount);
    const words = s.fold(r.words ?? '');
    const { docs, rank: ranks } = r.matches;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      rank[doc] = ranks[i]!;
      exact[doc] =
        words !== '' && (s.titleFolded(doc, 'da') === words || s.titleFolded(doc, 'en') === words) ? 1 : 0;
      consider(doc);
    }
    // Exact title first, then rank, then the most recently published, then id.
    hits.sort((a, b) => exact[b]! - exact[a]! || rank[b]! - rank[a]! || s.recency[a]! - s.recency[b]!);
  } else {
    const order = s.browseOrder;
    for (let i = 0; i < order.length; i++) consider(order[i]!);
  }

  const facets: FacetRow[] = [];
  const lang = r.language;
  const push = (facet: string, key: string, count: number, label: string | null) => {
    if (count > 0) facets.push({ facet, key, count, label });
  };
  const vocabFacet = (
    facet: string,
    kind: 'technique' | 'plateMaterial' | 'availability',
    dict: Dictionary,
    arr: Int32Array,
  ) =>
    dict.keys.forEach((key, c) => push(facet, key, arr[c]!, s.vocab.labels[kind].get(key)?.[lang] ?? null));
  const textFacet = (facet: PublicFacet, field: TextField, arr: Int32Array) =>
    field.dict.keys.forEach((key, c) => push(facet, key, arr[c]!, field.labels[lang][c] ?? key));
  if (withPrints) {
    vocabFacet('technique', 'technique', s.vocab.technique, counts.technique);
    counts.decade.forEach((n, slot) => push('decade', String(FIRST_DECADE + slot * 10), n, null));
    vocabFacet('availability', 'availability', s.vocab.availability, counts.availability);
    s.galleryDict.keys.forEach((id, c) =>
      push('gallery', id, counts.gallery[c]!, s.galleryTitles[lang][c] ?? null),
    );
    s.tagDict.keys.forEach((slug, c) =>
      push('tags', slug, counts.tags[c]!, s.tagLabels.get(slug)?.[lang] ?? null),
    );
    textFacet('medium', s.medium, counts.medium);
    vocabFacet('plateMaterial', 'plateMaterial', s.vocab.plateMaterial, counts.plateMaterial);
    textFacet('subject', s.subject, counts.subject);
    textFacet('styleMovement', s.styleMovement, counts.styleMovement);
  }
  if (r.target === 'all') {
    push('type', 'print', printHits, null);
    push('type', 'gallery', galleryHits, null);
  }

  return {
    total: hits.length,
    page: hits.slice(r.offset, r.offset + r.limit),
    facets,
  };
}
