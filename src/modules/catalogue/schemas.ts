// TypeBox schemas of the catalogue API: they validate input (unknown fields refused), serialize output
// (a whitelist) and feed the OpenAPI document. Names and shapes follow the published contracts.
import { Type, type Static, type TSchema } from 'typebox';
import { LICENCES, ZOOM_MAX_PIXELS } from './iiif-settings.js';

export const LIMITS = {
  short: 200,
  medium: 1000,
  long: 5000,
} as const;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// ---- shared ----

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(
        Type.Object(
          {
            field: Type.Optional(
              Type.String({
                description: 'The input the error is about, as the API names it (e.g. "title.da")',
              }),
            ),
            missing: Type.Optional(
              Type.Array(Type.String(), { description: 'What publishing still needs, e.g. "altText (da)"' }),
            ),
            refused: Type.Optional(
              Type.Array(
                Type.Object({
                  row: Type.Integer(),
                  reasons: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
                }),
                {
                  description: 'An import’s refused rows (the first 100): row number and reasons per column',
                },
              ),
            ),
          },
          { additionalProperties: true },
        ),
      ),
    }),
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

// ---- a print's images (decision 024) ----

export const PrintImageParams = Type.Object(
  { printId: uuid('Print id'), imageId: uuid('Image id') },
  { additionalProperties: false },
);
const ROLE_DESCRIPTION =
  'What the image shows: primary (the print itself), detail, signature (signature / edition number), plate_mark, ' +
  'verso, in_situ (framed / in situ), state_proof, other';
const ADDITIONAL_ROLE_LITERALS = [
  Type.Literal('detail'),
  Type.Literal('signature'),
  Type.Literal('plate_mark'),
  Type.Literal('verso'),
  Type.Literal('in_situ'),
  Type.Literal('state_proof'),
  Type.Literal('other'),
] as const;
export const ImageRoleSchema = Type.Union([Type.Literal('primary'), ...ADDITIONAL_ROLE_LITERALS], {
  description: ROLE_DESCRIPTION,
});
const AdditionalRoleSchema = Type.Union([...ADDITIONAL_ROLE_LITERALS], { description: ROLE_DESCRIPTION });
const AltTextInput = Type.Object(
  {
    da: Type.Optional(Type.String({ maxLength: LIMITS.medium })),
    en: Type.Optional(Type.String({ maxLength: LIMITS.medium })),
  },
  {
    additionalProperties: false,
    description: 'Alt text; a language not sent stays as it is, blank clears it',
  },
);
export const PrintImageAdd = Type.Object(
  {
    uploadId: Type.String({ format: 'uuid', description: 'A finished direct upload (POST /uploads)' }),
    role: AdditionalRoleSchema,
    altText: Type.Optional(AltTextInput),
  },
  { additionalProperties: false },
);
export const PrintImageUpdate = Type.Object(
  {
    role: Type.Optional(ImageRoleSchema),
    altText: Type.Optional(AltTextInput),
    position: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1000,
        description: 'Place among the additional images, 1 … their number (the primary is always 0)',
      }),
    ),
  },
  { additionalProperties: false },
);
export const PrintImageOrder = Type.Object(
  {
    imageIds: Type.Array(Type.String({ format: 'uuid' }), {
      maxItems: 100,
      description: 'Every additional image of the print, each once, in the new order',
    }),
  },
  { additionalProperties: false },
);
export const PrintImageOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    role: ImageRoleSchema,
    primary: Type.Boolean({ description: "The print's own image (cards, search, the print's images)" }),
    position: Type.Integer(),
    altText: Type.Object({ da: Type.String(), en: Type.String() }),
    status: Type.String({ description: 'pending, processing, completed or failed' }),
    error: Nullable(Type.String()),
    thumbnailUrl: Nullable(Type.String()),
    versions: Type.Array(ImageVersionOut),
  },
  { title: 'PrintImage' },
);
export const PrintImageList = Type.Object({ images: Type.Array(PrintImageOut) }, { title: 'PrintImageList' });
export const PrintImageAdded = Type.Object({ image: PrintImageOut }, { title: 'PrintImageAdded' });

// ---- a print's plate states (decision 025) ----

export const PlateStateParams = Type.Object(
  { printId: uuid('Print id'), stateId: uuid('State id') },
  { additionalProperties: false },
);
const StateNumber = Type.Integer({
  minimum: 1,
  maximum: 3999,
  description: 'The state: 1, 2, 3 … (shown as I, II, III); unique per print',
});
const StateDate = Type.String({
  maxLength: 20,
  description:
    "When the state was made, as precisely as known: a year ('1998'), a month ('1998-03') or a day " +
    "('1998-03-12'); null or blank: unknown",
});
const StateImpressionIds = Type.Array(Type.String({ format: 'uuid' }), {
  maxItems: 1000,
  description: 'The impressions of this print pulled from the state (replaces the list)',
});
const stateFields = {
  number: Type.Optional(StateNumber),
  date: Type.Optional(Nullable(StateDate)),
  description: Type.Optional(LocalizedText(LIMITS.long)),
  imageId: Type.Optional(
    Nullable(
      Type.String({
        format: 'uuid',
        description: "The state proof: one of the print's images (GET …/images); null clears it",
      }),
    ),
  ),
  impressionIds: Type.Optional(StateImpressionIds),
};
export const PlateStateCreate = Type.Object(stateFields, {
  additionalProperties: false,
  description: 'A new state; without number, the one after the highest',
});
export const PlateStateUpdate = Type.Object(stateFields, {
  additionalProperties: false,
  description:
    'Fields not sent stay as they are; a description language not sent stays, a blank one is cleared',
});
export const PlateStateImpressions = Type.Object(
  { impressionIds: StateImpressionIds },
  { additionalProperties: false },
);
export const PlateStateOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.Integer(),
    numeral: Type.String({ description: 'The number as a Roman numeral, e.g. "II"' }),
    date: Nullable(Type.String({ description: "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'" })),
    description: Type.Object({ da: Type.String(), en: Type.String() }),
    imageId: Nullable(Type.String({ format: 'uuid' })),
    thumbnailUrl: Nullable(Type.String()),
    impressionIds: Type.Array(Type.String({ format: 'uuid' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'PlateState' },
);
export const PlateStateList = Type.Object({ states: Type.Array(PlateStateOut) }, { title: 'PlateStateList' });
export const PlateStateOne = Type.Object({ state: PlateStateOut }, { title: 'PlateStateOne' });

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
    additionalImages: Type.Array(
      Type.Object(
        {
          id: Type.String({ format: 'uuid' }),
          role: ImageRoleSchema,
          altText: Type.String({ description: 'Alt text in the requested language (or the other one)' }),
          thumbnailUrl: Nullable(Type.String()),
          images: Type.Array(ImageVersionOut),
        },
        { title: 'PublicAdditionalImage' },
      ),
      {
        description:
          "The print's other images in their order (detail, signature, plate mark, verso, in situ, state proof, " +
          'other); `images` and `thumbnailUrl` are the primary image',
      },
    ),
    states: Type.Array(
      Type.Object(
        {
          number: Type.Integer(),
          numeral: Type.String({ description: 'The number as a Roman numeral, e.g. "II"' }),
          date: Nullable(Type.String({ description: "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'" })),
          dateText: Nullable(Type.String({ description: 'The date in the requested language' })),
          description: Type.String({ description: 'In the requested language (or the other one)' }),
          image: Nullable(
            Type.Object({
              id: Type.String({ format: 'uuid' }),
              thumbnailUrl: Nullable(Type.String()),
              images: Type.Array(ImageVersionOut),
            }),
          ),
        },
        { title: 'PublicPlateState' },
      ),
      {
        description:
          "The plate's states, I first (decision 025); `image` is the state proof when it is processed, else null",
      },
    ),
    language: Language,
    fallbackFields: Type.Array(Type.String(), {
      description: 'Fields served in the other language because they are missing in the requested one',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'PublicPrintDetail' },
);

/** The display versions, smallest first (never the original); small was added in decision 021. */
export const IMAGE_VERSIONS = [
  'thumbnail',
  'thumbnail_2x',
  'small',
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

/** The artist's own inventory number (private to the artist); unique per artist. */
export const INVENTORY_NUMBER_MAX = 50;

export const PrintInput = Type.Object(
  {
    ...localizedInputs,
    inventoryNumber: Type.Optional(
      Nullable(
        Type.String({
          maxLength: INVENTORY_NUMBER_MAX,
          description:
            'The artist’s own inventory number (e.g. "E-2024-07"): trimmed, unique among the artist’s prints, never shown to visitors; empty or null clears it',
        }),
      ),
    ),
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
    zoomMaxPixels: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: ZOOM_MAX_PIXELS.min,
          maximum: ZOOM_MAX_PIXELS.max,
          description:
            'Largest size visitors may zoom to in this print’s images, the long edge in pixels (1000–20000); ' +
            'null uses the site-wide zoomMaxPixels of the settings. No public zoom tile is larger; a change ' +
            'processes the print’s images again.',
        }),
      ),
    ),
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
    inventoryNumber: Nullable(
      Type.String({ description: 'The artist’s own inventory number (private to the artist)' }),
    ),
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
    zoomMaxPixels: Nullable(
      Type.Integer({
        description:
          'This print’s own zoom limit (long edge in pixels); null when the site-wide setting applies',
      }),
    ),
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
/** The filters of the artist's print list (and of a bulk edit's `filter`). */
const ARTIST_PRINT_FILTERS = {
  galleryId: Type.Optional(Type.String({ format: 'uuid' })),
  status: Type.Optional(GalleryStatus),
  technique: Type.Optional(Type.String({ maxLength: 100 })),
  year: Type.Optional(Type.Integer({ minimum: 1400, maximum: 2200 })),
  plateType: Type.Optional(Type.String({ maxLength: 100 })),
  paperType: Type.Optional(Type.String({ maxLength: 100 })),
};
export const ArtistPrintListQuery = Type.Object(
  { ...PageQuery, language: Type.Optional(Language), ...ARTIST_PRINT_FILTERS },
  { additionalProperties: false },
);

// ---- the inventory spreadsheet (export and import) ----

export const PrintCreateQuery = Type.Object(
  {
    language: Type.Optional(Language),
    attachByFileName: Type.Optional(
      Type.Boolean({
        description:
          'With a JSON body’s uploadId: when exactly one of your prints without an image waits for an image of the ' +
          'upload’s file name (image_file_name of a spreadsheet import), the image goes to that print (200) instead ' +
          'of a new print being created',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Boolean({
        description:
          'true: only answer what the import would do (nothing is written); default false: apply it',
      }),
    ),
  },
  { additionalProperties: false },
);
const RowIssueOut = Type.Object({
  field: Type.String({ description: 'The file’s column the reason is about, or "row"' }),
  message: Type.String(),
});
export const ImportResultOut = Type.Object(
  {
    dryRun: Type.Boolean(),
    applied: Type.Boolean({ description: 'true when the changes were written (one transaction)' }),
    summary: Type.Object({
      create: Type.Integer(),
      update: Type.Integer(),
      unchanged: Type.Integer(),
      refused: Type.Integer(),
    }),
    delimiter: Type.String({ description: 'The separator read from the header row: "," ";" or a tab' }),
    encoding: Type.String({ description: 'utf-8, or windows-1252 for files that are not UTF-8' }),
    columns: Type.Array(Type.String(), { description: 'The file’s columns, in its order' }),
    readOnlyColumns: Type.Array(Type.String(), {
      description: 'Columns of the file an import never writes (status, galleries)',
    }),
    rows: Type.Array(
      Type.Object({
        row: Type.Integer({ description: 'Row number as a spreadsheet shows it (the header is row 1)' }),
        action: Type.Union([
          Type.Literal('create'),
          Type.Literal('update'),
          Type.Literal('unchanged'),
          Type.Literal('refused'),
        ]),
        printId: Nullable(Type.String({ format: 'uuid' })),
        inventoryNumber: Nullable(Type.String()),
        title: Type.String(),
        changes: Type.Array(Type.Object({ field: Type.String(), from: Type.String(), to: Type.String() })),
        reasons: Type.Array(RowIssueOut, { description: 'Why the row is refused, per column' }),
        notes: Type.Array(Type.String()),
      }),
    ),
  },
  { title: 'InventoryImportResult' },
);

// ---- impressions ----

const ImpressionKind = Type.Union([
  Type.Literal('numbered'),
  Type.Literal('AP'),
  Type.Literal('TP'),
  Type.Literal('PP'),
  Type.Literal('BAT'),
  Type.Literal('HC'),
]);
const ImpressionStatus = Type.Union([
  Type.Literal('available'),
  Type.Literal('sold'),
  Type.Literal('reserved'),
  Type.Literal('gifted'),
  Type.Literal('destroyed'),
]);
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
  stateId: Type.Optional(
    Nullable(
      Type.String({
        format: 'uuid',
        description: 'The plate state it was pulled from (a state of this print; GET …/states); null: none',
      }),
    ),
  ),
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
    stateId: Nullable(Type.String({ format: 'uuid', description: 'The plate state it was pulled from' })),
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
    statement: LocalizedOut,
    education: LocalizedOut,
    collections: LocalizedOut,
    showContactEmail: Type.Boolean(),
    enquiryRetentionMonths: Type.Integer({
      description: 'Enquiries are deleted this many months after they arrive',
    }),
    zoomMaxPixels: Type.Integer({
      description: 'Largest size visitors may zoom to: the long edge of the largest zoom tiles, in pixels',
    }),
    licenceUrl: Nullable(
      Type.String({ description: 'Licence of the published images, stated in the IIIF manifests (rights)' }),
    ),
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
    statement: Type.Optional(LocalizedText(LIMITS.long)),
    education: Type.Optional(LocalizedText(LIMITS.long)),
    collections: Type.Optional(LocalizedText(LIMITS.long)),
    showContactEmail: Type.Optional(
      Type.Boolean({ description: 'The public CV page shows contactEmail only when true' }),
    ),
    enquiryRetentionMonths: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 120,
        description: 'Months enquiries are kept before they are deleted (1–120; the privacy policy says it)',
      }),
    ),
    zoomMaxPixels: Type.Optional(
      Type.Integer({
        minimum: ZOOM_MAX_PIXELS.min,
        maximum: ZOOM_MAX_PIXELS.max,
        description:
          'Largest size visitors may zoom to, the long edge in pixels (1000–20000). No public zoom tile is ' +
          'larger; a change regenerates the displayed images.',
      }),
    ),
    licenceUrl: Type.Optional(
      Nullable(
        Type.Union(
          LICENCES.map((l) => Type.Literal(l)),
          { description: 'A Creative Commons or RightsStatements.org URI, or null for none' },
        ),
      ),
    ),
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
  PlateStateOut,
  PlateStateList,
  TagList,
  SettingsOut,
  VocabularyList,
  ImportResultOut,
] as const;

// ---- exhibitions (the CV) ----

const ExhibitionKind = Type.Union([
  Type.Literal('solo'),
  Type.Literal('group'),
  Type.Literal('art-fair'),
  Type.Literal('museum-acquisition'),
  Type.Literal('award'),
]);
export const ExhibitionIdParams = Type.Object(
  { exhibitionId: uuid('Exhibition id') },
  { additionalProperties: false },
);
const exhibitionFields = {
  kind: ExhibitionKind,
  title: Type.String({
    minLength: 1,
    maxLength: 300,
    description: 'The exhibition’s own name (one language)',
  }),
  venue: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  city: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.short }))),
  country: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.short }))),
  startDate: Type.String({ format: 'date', description: 'YYYY-MM-DD' }),
  endDate: Type.Optional(
    Nullable(Type.String({ format: 'date', description: 'YYYY-MM-DD, not before startDate; null: one day' })),
  ),
  url: Type.Optional(
    Nullable(Type.String({ maxLength: 2000, pattern: '^https?://\\S+$', description: 'http(s) link' })),
  ),
  description: Type.Optional(LocalizedText(LIMITS.long)),
  printIds: Type.Optional(
    Type.Array(uuid('Print id'), {
      maxItems: 500,
      description: 'The artist’s prints shown there (replaces)',
    }),
  ),
};
export const ExhibitionCreate = Type.Object(exhibitionFields, { additionalProperties: false });
export const ExhibitionUpdate = Type.Object(
  {
    ...exhibitionFields,
    kind: Type.Optional(ExhibitionKind),
    title: Type.Optional(exhibitionFields.title),
    startDate: Type.Optional(exhibitionFields.startDate),
  },
  { additionalProperties: false },
);
export type ExhibitionInput = Static<typeof ExhibitionUpdate>;
export const ExhibitionOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: ExhibitionKind,
    title: Type.String(),
    venue: Nullable(Type.String()),
    city: Nullable(Type.String()),
    country: Nullable(Type.String()),
    startDate: Type.String({ format: 'date' }),
    endDate: Nullable(Type.String({ format: 'date' })),
    url: Nullable(Type.String()),
    description: LocalizedOut,
    printIds: Type.Array(Type.String({ format: 'uuid' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Exhibition' },
);
export const ExhibitionList = Type.Object(
  {
    exhibitions: Type.Array(ExhibitionOut),
    totalCount: Type.Integer(),
    currentPage: Type.Integer(),
    totalPages: Type.Integer(),
  },
  { title: 'ExhibitionList' },
);

// ---- bulk edit of prints ----

const BULK_MAX = 1000;
const ClearableName = Type.Union([
  Type.Literal('year'),
  Type.Literal('technique'),
  Type.Literal('paperType'),
  Type.Literal('availability'),
  Type.Literal('tags'),
  Type.Literal('galleries'),
]);
const BulkFieldName = Type.Union([...ClearableName.anyOf, Type.Literal('status')]);
const TagName = Type.String({ minLength: 1, maxLength: 60 });

export const BulkEditBody = Type.Object(
  {
    printIds: Type.Optional(
      Type.Array(uuid('Print id'), {
        minItems: 1,
        maxItems: BULK_MAX,
        description: `The prints to change (at most ${BULK_MAX}); give this or filter`,
      }),
    ),
    filter: Type.Optional(
      Type.Object(ARTIST_PRINT_FILTERS, {
        additionalProperties: false,
        description: `Every print matching these filters (those of GET /prints; at most ${BULK_MAX} may match)`,
      }),
    ),
    set: Type.Optional(
      Type.Object(
        {
          year: Type.Optional(Type.Integer({ minimum: 1400, maximum: 2200 })),
          technique: Type.Optional(
            Type.String({ minLength: 1, maxLength: 100, description: 'Vocabulary key or label' }),
          ),
          paperType: Type.Optional(
            Type.Union(
              [Type.String({ minLength: 1, maxLength: LIMITS.short }), LocalizedText(LIMITS.short)],
              {
                description: 'Text in `language`, or {da, en}: the languages given replace those languages',
              },
            ),
          ),
          availability: Type.Optional(
            Type.String({ minLength: 1, maxLength: 100, description: 'Availability key or label' }),
          ),
          status: Type.Optional(
            Type.Union([Type.Literal('draft'), Type.Literal('published')], {
              description: 'published: publish (the publishing gate applies per print); draft: unpublish',
            }),
          ),
          addTags: Type.Optional(
            Type.Array(Type.Union([TagName, LocalizedText(60)]), {
              minItems: 1,
              maxItems: 50,
              description: 'Tags to add (created when new)',
            }),
          ),
          removeTags: Type.Optional(
            Type.Array(TagName, { minItems: 1, maxItems: 50, description: 'Tags to remove (slug or label)' }),
          ),
          addToGalleries: Type.Optional(
            Type.Array(uuid('Gallery id'), {
              minItems: 1,
              maxItems: 50,
              description: 'Galleries to add the prints to (at the end)',
            }),
          ),
          removeFromGalleries: Type.Optional(
            Type.Array(uuid('Gallery id'), {
              minItems: 1,
              maxItems: 50,
              description: 'Galleries to remove them from',
            }),
          ),
        },
        { additionalProperties: false, description: 'Fields to set' },
      ),
    ),
    clear: Type.Optional(
      Type.Array(ClearableName, {
        maxItems: 6,
        uniqueItems: true,
        description: 'Fields to empty (tags: every tag; galleries: out of every gallery)',
      }),
    ),
    dryRun: Type.Boolean({ description: 'true: answer the plan and change nothing' }),
    language: Type.Optional(Language),
  },
  { additionalProperties: false, title: 'BulkEditRequest' },
);

const BulkValue = Nullable(
  Type.Union([Type.Integer(), Type.String(), Type.Array(Type.String()), LocalizedOut]),
);

export const BulkEditResponse = Type.Object(
  {
    dryRun: Type.Boolean(),
    summary: Type.Object({
      matched: Type.Integer({ description: 'Prints asked about (ids given, or prints the filter matched)' }),
      changed: Type.Integer(),
      unchanged: Type.Integer(),
      refused: Type.Integer(),
      notFound: Type.Integer(),
    }),
    prints: Type.Array(
      Type.Object({
        printId: Type.String({ format: 'uuid' }),
        title: Type.String(),
        outcome: Type.Union(
          [
            Type.Literal('changed'),
            Type.Literal('unchanged'),
            Type.Literal('refused'),
            Type.Literal('notFound'),
          ],
          {
            description:
              'changed (or would change, in a dry run), unchanged, refused (left as it is), notFound',
          },
        ),
        changes: Type.Array(
          Type.Object({
            field: BulkFieldName,
            before: BulkValue,
            after: BulkValue,
          }),
        ),
        reason: Type.Optional(Type.String()),
        missing: Type.Optional(
          Type.Array(Type.String(), { description: 'What publishing still needs, e.g. "altText (da)"' }),
        ),
      }),
    ),
    labels: Type.Object(
      {
        tags: Type.Record(Type.String(), LocalizedOut),
        galleries: Type.Record(Type.String(), LocalizedOut),
      },
      { description: 'Names of the tags (by slug) and galleries (by id) the changes mention' },
    ),
  },
  { title: 'BulkEditResult' },
);
