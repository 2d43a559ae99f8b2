// TypeBox schemas of the catalogue API: they validate input (unknown fields refused), serialize output
// (a whitelist) and feed the OpenAPI document. Names and shapes follow the published contracts.
import { Type, type Static, type TSchema } from 'typebox';

export const LIMITS = {
  short: 200,
  medium: 1000,
  long: 5000,
} as const;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// ---- shared ----

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }),
  },
  { title: 'Error', description: 'The API error shape' },
);

export const Language = Type.Union([Type.Literal('en'), Type.Literal('da')], {
  description: 'Language code for localized content',
});
export type LanguageCode = Static<typeof Language>;

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Page number (≥ 1)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Items per page (1–100)' })),
};

export const LanguageQuery = Type.Object(
  { language: Type.Optional(Language) },
  { additionalProperties: false },
);

const uuid = (description: string) => Type.String({ format: 'uuid', description });
export const GalleryIdParams = Type.Object(
  { galleryId: uuid('Gallery id') },
  { additionalProperties: false },
);
export const PrintIdParams = Type.Object({ printId: uuid('Print id') }, { additionalProperties: false });
export const GalleryPrintParams = Type.Object(
  { galleryId: uuid('Gallery id'), printId: uuid('Print id') },
  { additionalProperties: false },
);
export const ImpressionParams = Type.Object(
  { printId: uuid('Print id'), impressionId: uuid('Impression id') },
  { additionalProperties: false },
);

export const LocalizedText = (maxLength: number) =>
  Type.Object(
    {
      da: Type.Optional(Type.String({ maxLength })),
      en: Type.Optional(Type.String({ maxLength })),
    },
    { additionalProperties: false },
  );
export const LocalizedOut = Type.Object({
  da: Type.Optional(Type.String()),
  en: Type.Optional(Type.String()),
});

/** Input for a text field: a plain string (in the request's `language`) or both languages at once. */
const LocalizedInput = (maxLength: number) =>
  Type.Union([Type.String({ maxLength }), LocalizedText(maxLength)]);

const Dimensions = Type.Object(
  {
    heightMm: Type.Integer({ minimum: 1, maximum: 100_000 }),
    widthMm: Type.Integer({ minimum: 1, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
export const DimensionsOut = Type.Object({
  heightMm: Type.Integer(),
  widthMm: Type.Integer(),
  text: Type.String({ description: 'e.g. "30 × 40 cm" (height × width)' }),
});

const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
const PriceInput = Type.Object(
  { amount: Type.Number({ minimum: 0, maximum: 9_999_999_999 }), currency: Currency },
  { additionalProperties: false },
);
export const PriceOut = Type.Object({ amount: Type.Number(), currency: Type.String() });

export const ImageVersionOut = Type.Object(
  {
    version: Type.String(),
    url: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
  },
  { title: 'ImageVersion' },
);

const listOf = <T extends TSchema>(key: string, item: T, id: string) =>
  Type.Object(
    {
      [key]: Type.Array(item),
      totalCount: Type.Integer(),
      currentPage: Type.Integer(),
      totalPages: Type.Integer(),
    },
    { title: id },
  );

// ---- vocabulary ----

export const VOCABULARY_KINDS = [
  'technique',
  'plate_material',
  'availability',
  'medium',
  'paper',
  'subject',
  'style_movement',
] as const;
const VocabularyKind = Type.Union(VOCABULARY_KINDS.map((k) => Type.Literal(k)));

export const VocabularyTermOut = Type.Object({
  kind: Type.String(),
  key: Type.String(),
  label: LocalizedOut,
  builtIn: Type.Boolean(),
});
export const VocabularyList = Type.Object(
  { terms: Type.Array(VocabularyTermOut) },
  { title: 'VocabularyList' },
);
export const VocabularyQuery = Type.Object(
  { kind: Type.Optional(VocabularyKind), language: Type.Optional(Language) },
  { additionalProperties: false },
);
export const VocabularyCreate = Type.Object(
  {
    kind: VocabularyKind,
    key: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60 })),
    label: Type.Object(
      {
        da: Type.String({ minLength: 1, maxLength: LIMITS.short }),
        en: Type.String({ minLength: 1, maxLength: LIMITS.short }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

// ---- public API ----

export const PublicGallery = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    title: Type.String(),
    description: Type.String(),
    printCount: Type.Integer(),
    coverThumbnailUrl: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    fallbackFields: Type.Array(Type.String()),
  },
  { title: 'PublicGallery' },
);
export const PublicOrderedPrintSummary = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    title: Type.String(),
    thumbnailUrl: Nullable(Type.String()),
    order: Type.Integer(),
    technique: Nullable(Type.String()),
    year: Nullable(Type.Integer()),
    altText: Type.String(),
  },
  { title: 'PublicOrderedPrintSummary' },
);
export const PublicGalleryDetail = Type.Object(
  {
    ...PublicGallery.properties,
    prints: Type.Array(PublicOrderedPrintSummary),
  },
  { title: 'PublicGalleryDetail' },
);
export const PublicGalleryList = listOf('galleries', PublicGallery, 'PublicGalleryList');
export const PublicPrintList = listOf('prints', PublicOrderedPrintSummary, 'PublicPrintList');

export const EditionOut = Type.Object({
  size: Nullable(Type.Integer()),
  artistProofs: Nullable(Type.Integer()),
  state: Type.String(),
  recorded: Type.Integer({ description: 'Numbered impressions recorded in the ledger' }),
  available: Nullable(
    Type.Integer({ description: 'Numbered impressions available; null when none recorded' }),
  ),
  text: Type.String({ description: 'e.g. "Edition of 25 — 7 available"' }),
});

export const PublicPrintDetail = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    title: Type.String(),
    description: Type.String(),
    technique: Nullable(Type.String({ description: 'Technique label in the requested language' })),
    techniqueKey: Nullable(Type.String()),
    plateType: Nullable(Type.String({ description: 'Plate material label in the requested language' })),
    plateTypeKey: Nullable(Type.String()),
    dimensions: Type.String({ description: 'Plate dimensions as text, e.g. "30 × 40 cm"' }),
    plateDimensions: Nullable(DimensionsOut),
    sheetDimensions: Nullable(DimensionsOut),
    year: Nullable(Type.Integer()),
    editionSize: Nullable(Type.Integer()),
    edition: EditionOut,
    paperType: Type.String(),
    inkType: Type.String(),
    printingPress: Type.String(),
    artistName: Type.String(),
    medium: Type.String(),
    subject: Type.String(),
    styleMovement: Type.String(),
    provenance: Type.String(),
    exhibitionHistory: Type.String(),
    location: Type.String(),
    availability: Nullable(Type.String()),
    availabilityKey: Nullable(Type.String()),
    price: Nullable(PriceOut),
    purchaseInfo: Type.String(),
    copyrightTerms: Type.String(),
    artistStatement: Type.String(),
    altText: Type.String(),
    tags: Type.Array(Type.String()),
    thumbnailUrl: Nullable(Type.String()),
    images: Type.Array(ImageVersionOut),
    language: Language,
    fallbackFields: Type.Array(Type.String(), {
      description: 'Fields served in the other language because they are missing in the requested one',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'PublicPrintDetail' },
);

export const IMAGE_VERSIONS = [
  'thumbnail',
  'thumbnail_2x',
  'medium',
  'medium_2x',
  'large',
  'large_2x',
  'xlarge',
] as const;

export const PublicGalleryListQuery = Type.Object(
  { ...PageQuery, language: Type.Optional(Language) },
  { additionalProperties: false },
);
export const PublicGalleryPrintsQuery = Type.Object(
  {
    ...PageQuery,
    language: Type.Optional(Language),
    technique: Type.Optional(Type.String({ maxLength: 100, description: 'Technique key or label' })),
    year: Type.Optional(Type.Integer({ minimum: 1400, maximum: 2200 })),
    plateType: Type.Optional(Type.String({ maxLength: 100, description: 'Plate material key or label' })),
    paperType: Type.Optional(
      Type.String({ maxLength: 100, description: 'Paper (substring, either language)' }),
    ),
  },
  { additionalProperties: false },
);
export const PublicPrintQuery = Type.Object(
  {
    language: Type.Optional(Language),
    imageVersion: Type.Optional(Type.Union(IMAGE_VERSIONS.map((v) => Type.Literal(v)))),
  },
  { additionalProperties: false },
);

// ---- artist API: galleries ----

export const GalleryStatus = Type.Union([Type.Literal('draft'), Type.Literal('published')]);

export const ArtistGallery = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    title: Type.String(),
    description: Type.String(),
    status: GalleryStatus,
    printCount: Type.Integer(),
    coverPrintId: Nullable(Type.String({ format: 'uuid' })),
    featured: Type.Boolean(),
    localized: Type.Object({ title: LocalizedOut, description: LocalizedOut }),
    publishedAt: Nullable(Type.String({ format: 'date-time' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'ArtistGallery' },
);
export const GalleryPrint = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    printId: Type.String({ format: 'uuid' }),
    title: Type.String(),
    thumbnailUrl: Nullable(Type.String()),
    order: Type.Integer(),
    status: GalleryStatus,
  },
  { title: 'GalleryPrint' },
);
export const ArtistGalleryDetail = Type.Object(
  { ...ArtistGallery.properties, prints: Type.Array(GalleryPrint) },
  { title: 'ArtistGalleryDetail' },
);
export const ArtistGalleryList = listOf('galleries', ArtistGallery, 'ArtistGalleryList');
export const GalleryPrintsList = listOf('prints', GalleryPrint, 'GalleryPrintsList');

const galleryFields = {
  title: LocalizedInput(LIMITS.short),
  description: Type.Optional(LocalizedInput(LIMITS.long)),
  status: Type.Optional(GalleryStatus),
  coverPrintId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  featured: Type.Optional(Type.Boolean()),
};
export const GalleryCreate = Type.Object(galleryFields, { additionalProperties: false });
export const GalleryUpdate = Type.Object(
  { ...galleryFields, title: Type.Optional(galleryFields.title) },
  { additionalProperties: false },
);
export type GalleryInput = Static<typeof GalleryUpdate>;

export const ArtistListQuery = Type.Object(
  { ...PageQuery, language: Type.Optional(Language) },
  { additionalProperties: false },
);
export const PrintOrders = Type.Object(
  {
    printOrders: Type.Array(
      Type.Object(
        { printId: Type.String({ format: 'uuid' }), newOrder: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      { maxItems: 10_000 },
    ),
  },
  { additionalProperties: false },
);
export const AddPrintBody = Type.Object(
  { order: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export const MovePrintBody = Type.Object(
  { position: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

// ---- artist API: prints ----

/** API name → prints column for every localized text field. */
export const LOCALIZED_PRINT_FIELDS = {
  title: 'title',
  description: 'description',
  artistName: 'artist_name',
  medium: 'medium',
  subject: 'subject',
  styleMovement: 'style_movement',
  paperType: 'paper',
  inkType: 'ink',
  printingPress: 'printing_press',
  provenance: 'provenance',
  exhibitionHistory: 'exhibition_history',
  conservationNotes: 'conservation_notes',
  location: 'location',
  purchaseInfo: 'purchase_info',
  copyrightTerms: 'copyright_terms',
  artistStatement: 'artist_statement',
  altText: 'alt_text',
  editionState: 'edition_state',
} as const;
export type LocalizedPrintField = keyof typeof LOCALIZED_PRINT_FIELDS;

const LONG_FIELDS = new Set<string>([
  'description',
  'provenance',
  'exhibitionHistory',
  'conservationNotes',
  'purchaseInfo',
  'copyrightTerms',
  'artistStatement',
]);
const localizedInputs = Object.fromEntries(
  Object.keys(LOCALIZED_PRINT_FIELDS).map((f) => [
    f,
    Type.Optional(
      LocalizedInput(LONG_FIELDS.has(f) ? LIMITS.long : f === 'altText' ? LIMITS.medium : LIMITS.short),
    ),
  ]),
) as { [K in LocalizedPrintField]: ReturnType<typeof Type.Optional<ReturnType<typeof LocalizedInput>>> };

export const PrintInput = Type.Object(
  {
    ...localizedInputs,
    status: Type.Optional(GalleryStatus),
    year: Type.Optional(Nullable(Type.Integer({ minimum: 1400, maximum: 2200 }))),
    technique: Type.Optional(
      Nullable(Type.String({ maxLength: 100, description: 'Vocabulary key or label' })),
    ),
    plateType: Type.Optional(
      Nullable(Type.String({ maxLength: 100, description: 'Plate material key or label' })),
    ),
    availability: Type.Optional(
      Nullable(Type.String({ maxLength: 100, description: 'Availability key or label' })),
    ),
    dimensions: Type.Optional(
      Nullable(Type.String({ maxLength: 60, description: 'Legacy plate dimensions, e.g. "30cm x 40cm"' })),
    ),
    plateDimensions: Type.Optional(Nullable(Dimensions)),
    sheetDimensions: Type.Optional(Nullable(Dimensions)),
    editionSize: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000 }))),
    editionInfo: Type.Optional(
      Nullable(
        Type.Union([
          Type.Integer({ minimum: 0, maximum: 100_000 }),
          Type.String({ maxLength: 40, description: 'e.g. "5/50" or "50"' }),
        ]),
      ),
    ),
    artistProofs: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
    price: Type.Optional(
      Nullable(Type.Union([Type.Number({ minimum: 0, maximum: 9_999_999_999 }), PriceInput])),
    ),
    priceCurrency: Type.Optional(Currency),
    tags: Type.Optional(
      Type.Array(Type.Union([Type.String({ minLength: 1, maxLength: 60 }), LocalizedText(60)]), {
        maxItems: 50,
      }),
    ),
    language: Type.Optional(Language),
    uploadId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'A finished direct upload (POST /api/v1/artist/uploads) to use as the print image',
      }),
    ),
  },
  { additionalProperties: false, title: 'PrintInput' },
);
export type PrintInputBody = Static<typeof PrintInput>;

export const ExifOut = Type.Object({
  camera: Nullable(Type.String()),
  lens: Nullable(Type.String()),
  exposureTime: Nullable(Type.String()),
  aperture: Nullable(Type.String()),
  iso: Nullable(Type.Integer()),
  dateTimeOriginal: Nullable(Type.String()),
});

const localizedOutputs = Object.fromEntries(
  Object.keys(LOCALIZED_PRINT_FIELDS).map((f) => [f, LocalizedOut]),
) as { [K in LocalizedPrintField]: typeof LocalizedOut };

export const TagOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  label: LocalizedOut,
});

export const ArtistPrint = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: GalleryStatus,
    title: Type.String(),
    description: Type.String(),
    technique: Nullable(Type.String()),
    techniqueKey: Nullable(Type.String()),
    plateType: Nullable(Type.String()),
    plateTypeKey: Nullable(Type.String()),
    dimensions: Type.String(),
    plateDimensions: Nullable(DimensionsOut),
    sheetDimensions: Nullable(DimensionsOut),
    year: Nullable(Type.Integer()),
    editionInfo: Nullable(Type.String({ description: 'Edition size as a string (legacy)' })),
    editionSize: Nullable(Type.Integer()),
    artistProofs: Nullable(Type.Integer()),
    paperType: Type.String(),
    inkType: Type.String(),
    printingPress: Type.String(),
    artistName: Type.String(),
    styleMovement: Type.String(),
    location: Type.String(),
    price: Nullable(Type.Number()),
    priceCurrency: Nullable(Type.String()),
    availability: Nullable(Type.String()),
    availabilityKey: Nullable(Type.String()),
    imageProcessingStatus: Nullable(
      Type.Union([Type.Literal('processing'), Type.Literal('completed'), Type.Literal('failed')]),
    ),
    imageError: Nullable(Type.String()),
    baseImageId: Nullable(Type.String({ format: 'uuid' })),
    thumbnailUrl: Nullable(Type.String()),
    tags: Type.Array(TagOut),
    localized: Type.Object(localizedOutputs),
    missingForPublication: Type.Array(Type.String()),
    publishedAt: Nullable(Type.String({ format: 'date-time' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'ArtistPrint' },
);
export const ArtistPrintDetail = Type.Object(
  {
    ...ArtistPrint.properties,
    exifData: Nullable(ExifOut),
    images: Type.Array(ImageVersionOut),
    edition: EditionOut,
  },
  { title: 'ArtistPrintDetail' },
);
export const ArtistPrintList = listOf('prints', ArtistPrint, 'ArtistPrintList');
export const ArtistPrintListQuery = Type.Object(
  {
    ...PageQuery,
    language: Type.Optional(Language),
    galleryId: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.Optional(GalleryStatus),
    technique: Type.Optional(Type.String({ maxLength: 100 })),
    year: Type.Optional(Type.Integer({ minimum: 1400, maximum: 2200 })),
    plateType: Type.Optional(Type.String({ maxLength: 100 })),
    paperType: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

// ---- impressions ----

const ImpressionKind = Type.Union(
  (['numbered', 'AP', 'TP', 'PP', 'BAT', 'HC'] as const).map((k) => Type.Literal(k)),
);
const ImpressionStatus = Type.Union(
  (['available', 'sold', 'reserved', 'gifted', 'destroyed'] as const).map((k) => Type.Literal(k)),
);
const impressionFields = {
  kind: ImpressionKind,
  number: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 }))),
  state: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.short }))),
  printedOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  paper: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.short }))),
  ink: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.short }))),
  status: Type.Optional(ImpressionStatus),
  location: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.short }))),
  price: Type.Optional(Nullable(PriceInput)),
  notes: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.long }))),
};
export const ImpressionCreate = Type.Object(impressionFields, { additionalProperties: false });
export const ImpressionUpdate = Type.Object(
  { ...impressionFields, kind: Type.Optional(ImpressionKind) },
  { additionalProperties: false },
);
export type ImpressionInput = Static<typeof ImpressionUpdate>;
export const ImpressionOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String(),
    number: Nullable(Type.Integer()),
    label: Type.String({ description: 'e.g. "7/25" or "AP 2"' }),
    state: Nullable(Type.String()),
    printedOn: Nullable(Type.String()),
    paper: Nullable(Type.String()),
    ink: Nullable(Type.String()),
    status: Type.String(),
    location: Nullable(Type.String()),
    price: Nullable(PriceOut),
    notes: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Impression' },
);
export const ImpressionList = Type.Object(
  { impressions: Type.Array(ImpressionOut), edition: EditionOut },
  { title: 'ImpressionList' },
);

// ---- tags, settings ----

export const TagList = Type.Object(
  { tags: Type.Array(Type.Object({ ...TagOut.properties, printCount: Type.Integer() })) },
  { title: 'TagList' },
);

const WatermarkPlacement = Type.Union(
  (['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center', 'tiled'] as const).map((k) =>
    Type.Literal(k),
  ),
);
export const SettingsOut = Type.Object(
  {
    profileName: Nullable(Type.String()),
    bio: LocalizedOut,
    contactEmail: Nullable(Type.String()),
    copyrightLine: Nullable(Type.String()),
    watermarkText: Nullable(Type.String()),
    watermarkPlacement: Type.String(),
    defaultLanguage: Language,
    updatedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { title: 'Settings' },
);
export const SettingsUpdate = Type.Object(
  {
    profileName: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.short }))),
    bio: Type.Optional(LocalizedText(LIMITS.long)),
    contactEmail: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
    copyrightLine: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.short }))),
    watermarkText: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    watermarkPlacement: Type.Optional(WatermarkPlacement),
    defaultLanguage: Type.Optional(Language),
  },
  { additionalProperties: false },
);
export type SettingsInput = Static<typeof SettingsUpdate>;

/** Every component schema registered with app.addSchema (named in the OpenAPI document). */
export const COMPONENT_SCHEMAS = [
  ErrorResponse,
  ImageVersionOut,
  PublicGallery,
  PublicOrderedPrintSummary,
  PublicGalleryDetail,
  PublicGalleryList,
  PublicPrintList,
  PublicPrintDetail,
  ArtistGallery,
  GalleryPrint,
  ArtistGalleryDetail,
  ArtistGalleryList,
  GalleryPrintsList,
  ArtistPrint,
  ArtistPrintDetail,
  ArtistPrintList,
  ImpressionOut,
  ImpressionList,
  TagList,
  SettingsOut,
  VocabularyList,
] as const;
