// TypeBox schemas of the search API. Paths and the response shape follow the published search contract; the POST
// body takes our documented structured filters (not the Elasticsearch query DSL, see docs/decisions/003).
import { Type, type Static } from 'typebox';

const Language = Type.Union([Type.Literal('en'), Type.Literal('da')], {
  description: 'Language of titles, snippets and facet labels (default en)',
});

const OneOrMany = (description: string) =>
  Type.Union(
    [Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })],
    {
      description: `${description}. Several values: repeat the parameter (GET) or pass an array; a print matches any of them.`,
    },
  );

const year = (description: string) => Type.Integer({ minimum: 1400, maximum: 2200, description });
const mm = (description: string) => Type.Integer({ minimum: 1, maximum: 100_000, description });
const price = (description: string) => Type.Number({ minimum: 0, maximum: 1e10, description });

export const publicFilterFields = {
  yearFrom: Type.Optional(year('Earliest year (inclusive)')),
  yearTo: Type.Optional(year('Latest year (inclusive)')),
  medium: Type.Optional(OneOrMany('Medium (text, either language, case and accents ignored)')),
  technique: Type.Optional(OneOrMany('Technique vocabulary key, e.g. etching, aquatint')),
  plateMaterial: Type.Optional(OneOrMany('Plate material vocabulary key, e.g. copper, zinc')),
  plateHeightMin: Type.Optional(mm('Smallest plate height in mm')),
  plateHeightMax: Type.Optional(mm('Largest plate height in mm')),
  plateWidthMin: Type.Optional(mm('Smallest plate width in mm')),
  plateWidthMax: Type.Optional(mm('Largest plate width in mm')),
  subject: Type.Optional(OneOrMany('Subject (text, either language, case and accents ignored)')),
  styleMovement: Type.Optional(OneOrMany('Style or movement (text, either language)')),
  availability: Type.Optional(
    OneOrMany(
      'Availability key: available, reserved, sold (from the impression ledger when a print has impressions), ' +
        'or the print’s own term (not-for-sale, on-loan …) when it has none',
    ),
  ),
  priceMin: Type.Optional(price('Lowest price (print price, in its currency)')),
  priceMax: Type.Optional(price('Highest price')),
  gallery: Type.Optional(OneOrMany('Gallery id (uuid)')),
  tags: Type.Optional(OneOrMany('Tag slug')),
};

export const artistFilterFields = {
  ...publicFilterFields,
  status: Type.Optional(OneOrMany('Publication status: draft or published')),
  location: Type.Optional(
    Type.String({ maxLength: 200, description: 'Where the print or an impression is kept (substring)' }),
  ),
  impressionStatus: Type.Optional(
    OneOrMany('Has an impression with this status: available, sold, reserved, gifted, destroyed'),
  ),
};

const common = {
  q: Type.Optional(
    Type.String({
      maxLength: 2000,
      description:
        'Search words (websearch syntax: "phrase", -exclude, or); the last word matches as a prefix; cut to 200 ' +
        'characters. Empty: browse by the filters, newest year first.',
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'Page number (≥ 1)' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: 'Hits per page (1–100, default 20)' }),
  ),
  language: Type.Optional(Language),
};

export const PublicSearchQuery = Type.Object(
  { ...common, ...publicFilterFields },
  { additionalProperties: false },
);
export const ArtistSearchQuery = Type.Object(
  { ...common, ...artistFilterFields },
  { additionalProperties: false },
);

export const PublicSearchBody = Type.Object(
  {
    ...common,
    filters: Type.Optional(
      Type.Object(publicFilterFields, { additionalProperties: false, title: 'SearchFilters' }),
    ),
  },
  {
    additionalProperties: false,
    title: 'SearchRequest',
    description: 'Structured search: words, filters, page',
  },
);
export const ArtistSearchBody = Type.Object(
  {
    ...common,
    filters: Type.Optional(
      Type.Object(artistFilterFields, { additionalProperties: false, title: 'ArtistSearchFilters' }),
    ),
  },
  { additionalProperties: false, title: 'ArtistSearchRequest' },
);

export type PublicSearchQueryT = Static<typeof PublicSearchQuery>;
export type ArtistSearchQueryT = Static<typeof ArtistSearchQuery>;
export type PublicSearchBodyT = Static<typeof PublicSearchBody>;
export type ArtistSearchBodyT = Static<typeof ArtistSearchBody>;

const SearchResult = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('gallery'), Type.Literal('print')]),
  title: Type.String(),
  description: Type.String(),
  thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
  highlights: Type.Record(Type.String(), Type.Array(Type.String()), {
    description: 'Field → snippets as HTML: matches in <mark>, everything else escaped',
  }),
  year: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
});

const Facet = Type.Object({
  name: Type.String({
    description: 'technique, decade, availability, gallery, tags, medium, plateMaterial (+ type, status)',
  }),
  buckets: Type.Array(
    Type.Object({
      key: Type.String({ description: 'Stable value to filter by' }),
      docCount: Type.Integer(),
      label: Type.String({ description: 'Display label in the requested language' }),
    }),
  ),
});

export const SearchResponse = Type.Object(
  {
    hits: Type.Array(SearchResult),
    totalHits: Type.Integer(),
    facets: Type.Array(Facet, {
      description: 'Counts for the current words with every other filter applied (disjunctive faceting)',
    }),
    page: Type.Integer(),
    totalPages: Type.Integer(),
  },
  { title: 'SearchResponse' },
);

export const SuggestQuery = Type.Object(
  {
    q: Type.String({ maxLength: 2000, description: 'What has been typed so far' }),
    language: Type.Optional(Language),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  },
  { additionalProperties: false },
);

export const SuggestResponse = Type.Object(
  {
    suggestions: Type.Array(
      Type.Object({
        text: Type.String(),
        type: Type.Union([
          Type.Literal('print'),
          Type.Literal('gallery'),
          Type.Literal('tag'),
          Type.Literal('technique'),
        ]),
        id: Type.Optional(
          Type.String({ description: 'print/gallery id, tag slug or technique key (usable as a filter)' }),
        ),
      }),
    ),
  },
  { title: 'SuggestResponse' },
);

export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
