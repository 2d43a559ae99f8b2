// The studio's settings: the artist's profile (name, biography in both languages, contact e-mail), the copyright
// line, the watermark (text and placement), the default language, and what museums may take: the largest size
// visitors may zoom to and the licence the IIIF manifests state (decision 023). Saved through CatalogueService.updateSettings,
// the same call (and audit event) as PUT /api/v1/artist/settings, after the same schema check. Only changed fields
// are sent; the service decides whether they change the watermark (its text, or the copyright line or name it falls
// back to) or the zoom limit and then queues the regeneration of every displayed image, for the API and this form
// alike.
// studio-settings.js draws a live preview of the watermark, with the worker's geometry, as the artist types.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Compile } from 'typebox/compile';
import type { Actor } from '../../platform/actor.js';
import { actorOf } from '../../platform/auth-context.js';
import type { WatermarkPlacement } from '../../platform/db/schema.js';
import { LIMITS, SettingsUpdate, type SettingsInput } from '../catalogue/schemas.js';
import { isLicence, LICENCES, ZOOM_MAX_PIXELS, type LicenceUrl } from '../catalogue/iiif-settings.js';
import { effectiveWatermark } from '../catalogue/watermark.js';
import { artistMediaUrl } from '../media/visibility.js';
import type { StudioDeps } from './context.js';
import {
  BilingualField,
  CheckboxField,
  ErrorSummary,
  SelectField,
  TextField,
  formString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';
import { When } from './audit.js';
import { queryString } from './forms.js';

export const WATERMARK_PLACEMENTS: readonly (readonly [WatermarkPlacement, string])[] = [
  ['bottom-right', 'Bottom right'],
  ['bottom-left', 'Bottom left'],
  ['top-right', 'Top right'],
  ['top-left', 'Top left'],
  ['center', 'Centre'],
  ['tiled', 'Tiled across the whole image'],
];
const WATERMARK_MAX = 100;

/** The licences the IIIF manifests may state, in words (every URI of catalogue/iiif-settings.ts's list). */
const LICENCE_NAMES: Readonly<Record<LicenceUrl, string>> = {
  'http://rightsstatements.org/vocab/InC/1.0/': 'In copyright (RightsStatements.org)',
  'http://rightsstatements.org/vocab/InC-EDU/1.0/':
    'In copyright — educational use permitted (RightsStatements.org)',
  'http://rightsstatements.org/vocab/InC-NC/1.0/':
    'In copyright — non-commercial use permitted (RightsStatements.org)',
  'http://creativecommons.org/licenses/by-nc-nd/4.0/': 'Creative Commons BY-NC-ND 4.0',
  'http://creativecommons.org/licenses/by-nc-sa/4.0/': 'Creative Commons BY-NC-SA 4.0',
  'http://creativecommons.org/licenses/by-nc/4.0/': 'Creative Commons BY-NC 4.0',
  'http://creativecommons.org/licenses/by-nd/4.0/': 'Creative Commons BY-ND 4.0',
  'http://creativecommons.org/licenses/by-sa/4.0/': 'Creative Commons BY-SA 4.0',
  'http://creativecommons.org/licenses/by/4.0/': 'Creative Commons BY 4.0',
  'http://creativecommons.org/publicdomain/zero/1.0/': 'Public domain dedication (CC0 1.0)',
};
const LICENCE_OPTIONS = LICENCES.map((value) => ({ value, label: LICENCE_NAMES[value] }));
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
  /** The public CV page's texts and whether it shows the contact e-mail. */
  statement: { da: string; en: string };
  education: { da: string; en: string };
  collections: { da: string; en: string };
  showContactEmail: boolean;
  enquiryRetentionMonths: string;
  zoomMaxPixels: string;
  /** '' for none. */
  licenceUrl: string;
}

const CV_TEXTS = ['statement', 'education', 'collections'] as const;

const FIELD_LABELS: Readonly<Record<string, string>> = {
  profileName: 'Artist name',
  'bio.da': 'Biography (Danish)',
  'bio.en': 'Biography (English)',
  contactEmail: 'Contact e-mail for notices',
  copyrightLine: 'Copyright line',
  watermarkText: 'Watermark text',
  watermarkPlacement: 'Watermark placement',
  defaultLanguage: 'Default language',
  'statement.da': 'Artist statement (Danish)',
  'statement.en': 'Artist statement (English)',
  'education.da': 'Education (Danish)',
  'education.en': 'Education (English)',
  'collections.da': 'Collections (Danish)',
  'collections.en': 'Collections (English)',
  showContactEmail: 'Show the e-mail on the CV',
  enquiryRetentionMonths: 'Keep enquiries for',
  zoomMaxPixels: 'Largest zoom size',
  licenceUrl: 'Licence for museum viewers',
};

/** Fixed confirmations a redirect may ask for (never text from the URL). */
const NOTICES: Readonly<Record<string, string>> = {
  saved: 'Settings saved.',
  regenerating:
    'Settings saved. Images are being regenerated with the new watermark; each shows the old one until it is done.',
  'regenerating-zoom':
    'Settings saved. The zoom tiles are being cut again to the new largest size; each image keeps its old tiles ' +
    'until it is done.',
  'no-queue':
    'Settings saved. This server has no job queue, so existing images keep their old watermark and zoom tiles ' +
    'until they are processed again; new uploads get the new settings.',
  unchanged: 'Nothing changed: the settings were already like that.',
};

const checkSettings = Compile(SettingsUpdate);

type Stored = Awaited<ReturnType<StudioDeps['catalogue']['settings']['get']>>;

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
    statement: { da: s.statement.da ?? '', en: s.statement.en ?? '' },
    education: { da: s.education.da ?? '', en: s.education.en ?? '' },
    collections: { da: s.collections.da ?? '', en: s.collections.en ?? '' },
    showContactEmail: s.showContactEmail,
    enquiryRetentionMonths: String(s.enquiryRetentionMonths),
    zoomMaxPixels: String(s.zoomMaxPixels),
    licenceUrl: s.licenceUrl ?? '',
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
    statement: { da: formString(body, 'statement.da'), en: formString(body, 'statement.en') },
    education: { da: formString(body, 'education.da'), en: formString(body, 'education.en') },
    collections: { da: formString(body, 'collections.da'), en: formString(body, 'collections.en') },
    showContactEmail: formString(body, 'showContactEmail') === '1',
    enquiryRetentionMonths: formString(body, 'enquiryRetentionMonths').trim(),
    zoomMaxPixels: formString(body, 'zoomMaxPixels').trim(),
    licenceUrl: formString(body, 'licenceUrl'),
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
    statement: { da: values.statement.da, en: values.statement.en },
    education: { da: values.education.da, en: values.education.en },
    collections: { da: values.collections.da, en: values.collections.en },
    showContactEmail: values.showContactEmail,
    enquiryRetentionMonths: /^\d{1,4}$/.test(values.enquiryRetentionMonths)
      ? Number(values.enquiryRetentionMonths)
      : values.enquiryRetentionMonths,
    zoomMaxPixels: /^\d{1,6}$/.test(values.zoomMaxPixels)
      ? Number(values.zoomMaxPixels)
      : values.zoomMaxPixels,
    licenceUrl: orNull(values.licenceUrl),
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
  for (const key of CV_TEXTS)
    for (const lang of ['da', 'en'] as const) {
      const text = values[key][lang];
      if (text.length > LIMITS.long) errors[`${key}.${lang}`] = tooLong('text', LIMITS.long, text.length);
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
  if (
    !/^\d{1,4}$/.test(values.enquiryRetentionMonths) ||
    !(Number(values.enquiryRetentionMonths) >= 1 && Number(values.enquiryRetentionMonths) <= 120)
  )
    errors.enquiryRetentionMonths = 'Enter a whole number of months from 1 to 120';
  const zoom = Number(values.zoomMaxPixels);
  if (!/^\d{1,6}$/.test(values.zoomMaxPixels) || zoom < ZOOM_MAX_PIXELS.min || zoom > ZOOM_MAX_PIXELS.max)
    errors.zoomMaxPixels = `Enter a whole number of pixels from ${ZOOM_MAX_PIXELS.min} to ${ZOOM_MAX_PIXELS.max}`;
  if (values.licenceUrl !== '' && !isLicence(values.licenceUrl))
    errors.licenceUrl = 'Choose a licence from the list, or none';
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

async function previewImage(deps: StudioDeps, actor: Actor): Promise<PreviewImage | null> {
  const row = await deps.catalogue.settings.watermarkSample(actor);
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
        <h2>CV</h2>
        <p class="hint">The public CV page lists your exhibitions (see Exhibitions) with these texts.</p>
        <BilingualField
          name="statement"
          label="Artist statement"
          values={values.statement}
          errors={errors}
          multiline
          rows={4}
        />
        <BilingualField
          name="education"
          label="Education"
          values={values.education}
          errors={errors}
          multiline
          rows={3}
        />
        <BilingualField
          name="collections"
          label="Collections holding the work"
          values={values.collections}
          errors={errors}
          multiline
          rows={3}
        />
        <CheckboxField
          name="showContactEmail"
          label="Show the contact e-mail on the CV page"
          checked={values.showContactEmail}
          error={errors.showContactEmail}
          hint="Off: the CV shows no e-mail address."
        />
        <h2>Enquiries</h2>
        <TextField
          name="enquiryRetentionMonths"
          label="Keep enquiries for (months)"
          type="number"
          value={values.enquiryRetentionMonths}
          error={errors.enquiryRetentionMonths}
          hint="Enquiries and contact messages are deleted automatically this many months after they arrive (1–120; 24 unless you change it). The privacy policy tells visitors."
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
        <h2>Museums and scholars (IIIF)</h2>
        <p class="hint">
          Every public print has a IIIF manifest, which museum viewers such as Mirador and Universal Viewer
          open, and its zoom tiles are readable by them.
        </p>
        <TextField
          name="zoomMaxPixels"
          label="Largest zoom size (pixels, long edge)"
          type="number"
          value={values.zoomMaxPixels}
          error={errors.zoomMaxPixels}
          hint={`Visitors and museum viewers can zoom in up to this size (${ZOOM_MAX_PIXELS.min}–${ZOOM_MAX_PIXELS.max}; ${ZOOM_MAX_PIXELS.default} unless you change it). Larger originals are shrunk for the zoom; the original itself is never public.${hasQueue ? ' A change cuts the zoom tiles of every image again in the background.' : ''}`}
        />
        <SelectField
          name="licenceUrl"
          label="Licence for museum viewers"
          value={values.licenceUrl}
          options={LICENCE_OPTIONS}
          empty="None stated (museum viewers see the copyright line only)"
          error={errors.licenceUrl}
        />
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

export const settingsPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const { catalogue } = deps;

  async function sendForm(
    req: FastifyRequest,
    reply: FastifyReply,
    stored: Stored,
    state: { values?: SettingsFormValues; errors?: FieldErrors } = {},
  ) {
    const actor = actorOf(req);
    const [displayName, image] = await Promise.all([
      catalogue.settings.displayName(actor),
      previewImage(deps, actor),
    ]);
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
    sendForm(req, reply, await catalogue.settings.get(actorOf(req))),
  );

  app.post('/studio/settings', { schema: { hide: true } }, async (req, reply) => {
    const actor = actorOf(req);
    const stored = await catalogue.settings.get(actor);
    const body = req.body as FormBody | undefined;
    const values = typedValues(body);
    // A form from before the field existed (kept across a sign-in) keeps the stored period.
    if (body?.enquiryRetentionMonths === undefined)
      values.enquiryRetentionMonths = String(stored.enquiryRetentionMonths);
    if (body?.zoomMaxPixels === undefined) values.zoomMaxPixels = String(stored.zoomMaxPixels);
    if (body?.licenceUrl === undefined) values.licenceUrl = stored.licenceUrl ?? '';
    const errors = checkForm(values);
    if (Object.keys(errors).length) return sendForm(req, reply, stored, { values, errors });
    const input = changedInput(values, storedValues(stored));
    if (Object.keys(input).length === 0) return reply.redirect('/studio/settings?notice=unchanged', 303);
    const { watermarkChanged, zoomChanged, regenerating } = await catalogue.settings.save(actor, input);
    const notice =
      !watermarkChanged && !zoomChanged
        ? 'saved'
        : !regenerating
          ? 'no-queue'
          : watermarkChanged
            ? 'regenerating'
            : 'regenerating-zoom';
    return reply.redirect(`/studio/settings?notice=${notice}`, 303);
  });
};
