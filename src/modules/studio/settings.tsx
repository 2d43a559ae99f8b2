// The studio's settings: the artist's profile (name, biography in both languages, contact e-mail), the copyright
// line, the watermark (text and placement) and the default language. Saved through CatalogueService.updateSettings,
// the same call (and audit event) as PUT /api/v1/artist/settings, after the same schema check. Only changed fields
// are sent; the service decides whether they change the watermark (its text, or the copyright line or name it falls
// back to) and then queues the regeneration of every displayed image, for the API and this form alike.
// studio-settings.js draws a live preview of the watermark, with the worker's geometry, as the artist types.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Compile } from 'typebox/compile';
import { requireArtist } from '../../platform/auth-context.js';
import type { WatermarkPlacement } from '../../platform/db/schema.js';
import { LIMITS, SettingsUpdate, type SettingsInput } from '../catalogue/schemas.js';
import type { Actor } from '../catalogue/service.js';
import { effectiveWatermark } from '../catalogue/watermark.js';
import { artistMediaUrl } from '../media/index.js';
import type { StudioDeps } from './context.js';
import {
  BilingualField,
  ErrorSummary,
  SelectField,
  TextField,
  formString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';
import { queryString, When } from './audit.js';

export const WATERMARK_PLACEMENTS: readonly (readonly [WatermarkPlacement, string])[] = [
  ['bottom-right', 'Bottom right'],
  ['bottom-left', 'Bottom left'],
  ['top-right', 'Top right'],
  ['top-left', 'Top left'],
  ['center', 'Centre'],
  ['tiled', 'Tiled across the whole image'],
];
const WATERMARK_MAX = 100;
const EMAIL_MAX = 254;

/** The form as typed (or as stored, for a fresh form): every value a string. */
export interface SettingsFormValues {
  profileName: string;
  bio: { da: string; en: string };
  contactEmail: string;
  copyrightLine: string;
  watermarkText: string;
  watermarkPlacement: string;
  defaultLanguage: string;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  profileName: 'Artist name',
  'bio.da': 'Biography (Danish)',
  'bio.en': 'Biography (English)',
  contactEmail: 'Contact e-mail for notices',
  copyrightLine: 'Copyright line',
  watermarkText: 'Watermark text',
  watermarkPlacement: 'Watermark placement',
  defaultLanguage: 'Default language',
};

/** Fixed confirmations a redirect may ask for (never text from the URL). */
const NOTICES: Readonly<Record<string, string>> = {
  saved: 'Settings saved.',
  regenerating:
    'Settings saved. Images are being regenerated with the new watermark; each shows the old one until it is done.',
  'no-queue':
    'Settings saved. This server has no job queue, so existing images keep their old watermark until they are ' +
    'processed again; new uploads get the new one.',
  unchanged: 'Nothing changed: the settings were already like that.',
};

const checkSettings = Compile(SettingsUpdate);

type Stored = Awaited<ReturnType<StudioDeps['catalogue']['settings']>>;

function storedValues(s: Stored): SettingsFormValues {
  const bio = s.bio as { da?: string; en?: string };
  return {
    profileName: s.profileName ?? '',
    bio: { da: bio.da ?? '', en: bio.en ?? '' },
    contactEmail: s.contactEmail ?? '',
    copyrightLine: s.copyrightLine ?? '',
    watermarkText: s.watermarkText ?? '',
    watermarkPlacement: s.watermarkPlacement,
    defaultLanguage: s.defaultLanguage,
  };
}

function typedValues(body: FormBody | undefined): SettingsFormValues {
  return {
    profileName: formString(body, 'profileName'),
    bio: { da: formString(body, 'bio.da'), en: formString(body, 'bio.en') },
    contactEmail: formString(body, 'contactEmail'),
    copyrightLine: formString(body, 'copyrightLine'),
    watermarkText: formString(body, 'watermarkText'),
    watermarkPlacement: formString(body, 'watermarkPlacement'),
    defaultLanguage: formString(body, 'defaultLanguage'),
  };
}

/** Empty means "not set" (null): the worker and the site then fall back to their defaults. */
const orNull = (value: string): string | null => (value === '' ? null : value);

/** Every field as the API would receive it. */
function fullInput(values: SettingsFormValues): Record<string, unknown> {
  return {
    profileName: orNull(values.profileName),
    bio: { da: values.bio.da, en: values.bio.en },
    // The service stores addresses in lower case; compared the same way, re-saving is not a change.
    contactEmail: orNull(values.contactEmail.toLowerCase()),
    copyrightLine: orNull(values.copyrightLine),
    watermarkText: orNull(values.watermarkText),
    watermarkPlacement: values.watermarkPlacement,
    defaultLanguage: values.defaultLanguage,
  };
}

function tooLong(what: string, max: number, length: number): string {
  return `Shorten the ${what} to ${max} characters or fewer (it has ${length})`;
}

/** What the settings schema refuses, said per field; the API's own schema has the last word. */
export function checkForm(values: SettingsFormValues): FieldErrors {
  const errors: Record<string, string> = {};
  if (values.profileName.length > LIMITS.short)
    errors.profileName = tooLong('name', LIMITS.short, values.profileName.length);
  for (const lang of ['da', 'en'] as const) {
    const text = values.bio[lang];
    if (text.length > LIMITS.long) errors[`bio.${lang}`] = tooLong('biography', LIMITS.long, text.length);
  }
  if (values.contactEmail.length > EMAIL_MAX)
    errors.contactEmail = tooLong('e-mail address', EMAIL_MAX, values.contactEmail.length);
  if (values.copyrightLine.length > LIMITS.short)
    errors.copyrightLine = tooLong('copyright line', LIMITS.short, values.copyrightLine.length);
  if (values.watermarkText.length > WATERMARK_MAX)
    errors.watermarkText = tooLong('watermark', WATERMARK_MAX, values.watermarkText.length);
  if (!WATERMARK_PLACEMENTS.some(([key]) => key === values.watermarkPlacement))
    errors.watermarkPlacement = 'Choose where the watermark goes';
  if (values.defaultLanguage !== 'da' && values.defaultLanguage !== 'en')
    errors.defaultLanguage = 'Choose Danish or English';
  if (!checkSettings.Check(fullInput(values))) {
    // Whatever else the schema refuses (the e-mail format), at the field it names.
    for (const error of checkSettings.Errors(fullInput(values))) {
      const field = error.instancePath.replace(/^\//, '').replace('/', '.');
      if (!field || errors[field]) continue;
      errors[field] =
        field === 'contactEmail'
          ? 'Enter an e-mail address like name@example.com, or leave it empty'
          : `${FIELD_LABELS[field] ?? field} ${error.message}`;
    }
  }
  return errors;
}

/**
 * The fields that differ from what is stored. Whether they change the watermark (and so regenerate the images) is
 * the service's call (CatalogueService.saveSettings), the same for the API.
 */
export function changedInput(values: SettingsFormValues, stored: SettingsFormValues): SettingsInput {
  const input: Record<string, unknown> = {};
  const next = fullInput(values);
  const before = fullInput(stored);
  for (const key of Object.keys(next)) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) input[key] = next[key];
  }
  return input as SettingsInput;
}

/** The image the watermark preview is drawn on: the newest print's unwatermarked square version. */
export interface PreviewImage {
  url: string;
  width: number;
  height: number;
  title: string;
}

async function previewImage(deps: StudioDeps, artistId: string): Promise<PreviewImage | null> {
  // The displayed versions (medium and up) already carry the current watermark; the thumbnails carry none, so
  // the preview shows the typed watermark alone, drawn at the size the worker would draw it on that image. Any
  // image with versions will do: while a new watermark is being applied, the previous versions are still there.
  const { rows } = await sql<{
    storage_key: string;
    width: number;
    height: number;
    title: { da?: string; en?: string } | null;
  }>`
    select v.storage_key, v.width, v.height, p.title
    from prints p
    join images i on i.id = p.image_id
    join image_versions v on v.image_id = i.id and v.version in ('thumbnail_2x', 'thumbnail')
    where p.artist_id = ${artistId}
    order by p.updated_at desc, p.id, (v.version = 'thumbnail_2x') desc
    limit 1`.execute(deps.database.db);
  const row = rows[0];
  if (!row || !row.width || !row.height) return null;
  return {
    url: artistMediaUrl(row.storage_key),
    width: Number(row.width),
    height: Number(row.height),
    title: row.title?.en?.trim() || row.title?.da?.trim() || 'Untitled print',
  };
}

function WatermarkPreview({
  image,
  displayName,
  caption,
}: {
  image: PreviewImage | null;
  displayName: string;
  /** The saved watermark, said in words (what the page shows before the island draws). */
  caption: string;
}) {
  return (
    <section class="wm-preview" aria-labelledby="wm-preview-heading">
      <h2 id="wm-preview-heading">Watermark preview</h2>
      {image ? (
        <>
          <p class="hint" id="wm-preview-hint">
            On “{image.title}” (its square thumbnail, which carries no watermark), drawn the way the image
            processing draws it: white text at 55 % opacity with a soft dark outline, about 2.4 % of the image
            width tall, smaller when the text would not fit. It follows what you type; the real watermark is
            made when the images are processed.
          </p>
          <figure class="wm-preview__figure">
            <div
              class="wm-preview__frame"
              data-watermark-preview
              data-width={image.width}
              data-height={image.height}
              data-display-name={displayName}
            >
              <img
                src={image.url}
                alt={`“${image.title}” with the watermark as typed`}
                width={image.width}
                height={image.height}
              />
            </div>
            <figcaption>
              Watermark: <span data-watermark-caption>{caption}</span>
            </figcaption>
          </figure>
          <p class="hint" data-preview-needs-script>
            The live preview needs JavaScript; the watermark is applied when you save in any case.
          </p>
        </>
      ) : (
        <p>
          No processed image yet, so there is nothing to preview the watermark on.{' '}
          <a href="/studio/prints#upload">Upload a print</a>; once its image is processed, the preview appears
          here.
        </p>
      )}
    </section>
  );
}

function SettingsForm({
  req,
  values,
  errors,
  displayName,
  image,
  hasQueue,
  updatedAt,
  caption,
}: {
  req: FastifyRequest;
  values: SettingsFormValues;
  errors: FieldErrors;
  displayName: string;
  image: PreviewImage | null;
  hasQueue: boolean;
  updatedAt: string | null;
  caption: string;
}) {
  return (
    <>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      {updatedAt ? (
        <p class="hint">
          Last saved <When value={new Date(updatedAt)} />.
        </p>
      ) : null}
      <form method="post" action="/studio/settings" class="settings-form" data-guard-changes>
        <CsrfField req={req} />
        <h2>Profile</h2>
        <TextField
          name="profileName"
          label="Artist name"
          value={values.profileName}
          error={errors.profileName}
          autocomplete="name"
          hint={`Shown on the public site and written into every image file. Empty: your account name, ${displayName}.`}
        />
        <BilingualField
          name="bio"
          label="Biography"
          values={values.bio}
          errors={errors}
          multiline
          rows={6}
          hint="Shown on the public site's About page."
        />
        <TextField
          name="contactEmail"
          label="Contact e-mail for notices"
          type="email"
          value={values.contactEmail}
          error={errors.contactEmail}
          autocomplete="email"
          hint="Your address for copyright and takedown correspondence."
        />
        <SelectField
          name="defaultLanguage"
          label="Default language"
          value={values.defaultLanguage}
          options={[
            { value: 'da', label: 'Danish' },
            { value: 'en', label: 'English' },
          ]}
          error={errors.defaultLanguage}
        />
        <h2>Copyright and watermark</h2>
        <TextField
          name="copyrightLine"
          label="Copyright line"
          value={values.copyrightLine}
          error={errors.copyrightLine}
          hint="For example “© 2025 Karen Blixen-Hansen”. Written into the metadata of image files processed from now on; the watermark when the watermark text is empty."
        />
        <div class="settings-watermark">
          <div class="settings-watermark__fields">
            <TextField
              name="watermarkText"
              label="Watermark text"
              value={values.watermarkText}
              error={errors.watermarkText}
              hint={`Drawn on every displayed image (not on thumbnails), at most ${WATERMARK_MAX} characters. Empty: the copyright line, or © and your name.`}
            />
            <SelectField
              name="watermarkPlacement"
              label="Watermark placement"
              value={values.watermarkPlacement}
              options={WATERMARK_PLACEMENTS.map(([value, label]) => ({ value, label }))}
              error={errors.watermarkPlacement}
            />
            <p class="hint">
              {hasQueue
                ? 'Changing the watermark regenerates every displayed image in the background after you save.'
                : 'This server has no job queue: a new watermark applies to images processed from now on.'}
            </p>
          </div>
          <WatermarkPreview image={image} displayName={displayName} caption={caption} />
        </div>
        <p class="actions">
          <button type="submit">Save settings</button>
        </p>
      </form>
    </>
  );
}

/** “© 2025 Name”, bottom right: the saved watermark in words. */
function savedCaption(stored: Stored, displayName: string): string {
  const label =
    WATERMARK_PLACEMENTS.find(([key]) => key === stored.watermarkPlacement)?.[1] ?? 'Bottom right';
  const text = effectiveWatermark(
    {
      watermarkText: stored.watermarkText,
      copyrightLine: stored.copyrightLine,
      profileName: stored.profileName,
    },
    displayName,
  );
  return `“${text}”, ${label.toLowerCase()} (as saved)`;
}

function actorOf(req: FastifyRequest): Actor {
  const artist = requireArtist(req);
  return { artistId: artist.id, actor: artist.email, requestId: req.id };
}

export const settingsPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const { catalogue } = deps;

  /** The name the worker falls back to: the artist's account display name. */
  async function displayNameOf(artistId: string): Promise<string> {
    const row = await deps.database.db
      .selectFrom('artists')
      .select('display_name')
      .where('id', '=', artistId)
      .executeTakeFirst();
    return row?.display_name ?? '';
  }

  async function sendForm(
    req: FastifyRequest,
    reply: FastifyReply,
    stored: Stored,
    state: { values?: SettingsFormValues; errors?: FieldErrors } = {},
  ) {
    const artist = requireArtist(req);
    const [displayName, image] = await Promise.all([displayNameOf(artist.id), previewImage(deps, artist.id)]);
    const errors = state.errors ?? {};
    const failed = Object.keys(errors).length > 0;
    const notice = failed ? undefined : NOTICES[queryString(req.query, 'notice')];
    return sendStudioPage(req, reply, deps, {
      title: 'Settings',
      status: failed ? 422 : 200,
      ...(notice ? { notice } : {}),
      scripts: image ? ['studio-settings.js'] : [],
      body: (
        <SettingsForm
          req={req}
          values={state.values ?? storedValues(stored)}
          errors={errors}
          displayName={displayName}
          image={image}
          hasQueue={deps.queue !== undefined}
          updatedAt={stored.updatedAt}
          caption={savedCaption(stored, displayName)}
        />
      ),
    });
  }

  app.get('/studio/settings', { schema: { hide: true } }, async (req, reply) =>
    sendForm(req, reply, await catalogue.settings(actorOf(req))),
  );

  app.post('/studio/settings', { schema: { hide: true } }, async (req, reply) => {
    const actor = actorOf(req);
    const stored = await catalogue.settings(actor);
    const values = typedValues(req.body as FormBody);
    const errors = checkForm(values);
    if (Object.keys(errors).length) return sendForm(req, reply, stored, { values, errors });
    const input = changedInput(values, storedValues(stored));
    if (Object.keys(input).length === 0) return reply.redirect('/studio/settings?notice=unchanged', 303);
    const { watermarkChanged, regenerating } = await catalogue.saveSettings(actor, input);
    const notice = !watermarkChanged ? 'saved' : regenerating ? 'regenerating' : 'no-queue';
    return reply.redirect(`/studio/settings?notice=${notice}`, 303);
  });
};
