// The artist's settings: profile name and biography, the CV's texts (statement, education, collections) and
// whether the CV shows the contact e-mail, copyright line, watermark (text and
// placement), the visitors' default language, the largest size visitors may zoom to and the licence the IIIF
// manifests state (decision 023). A change of what the watermark draws, or of the zoom limit, regenerates every
// image.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Queue } from '../../platform/queue/index.js';
import { toLocalized } from './localize.js';
import * as repo from './settings-repository.js';
import type { Db } from './prints-repository.js';
import { watermarkKey } from './watermark.js';
import { DEFAULT_ZOOM_MAX_PIXELS } from './iiif-settings.js';
import type { Changes } from './kit.js';
import { orNull, type Actor } from './kit.js';
import type { SettingsInput } from './schemas.js';

async function stored(db: Db, artistId: string) {
  const row = await repo.settingsOf(db, artistId);
  return {
    profileName: row?.profile_name ?? null,
    bio: row?.bio ?? {},
    contactEmail: row?.contact_email ?? null,
    copyrightLine: row?.copyright_line ?? null,
    watermarkText: row?.watermark_text ?? null,
    watermarkPlacement: row?.watermark_placement ?? 'bottom-right',
    defaultLanguage: row?.default_language ?? 'da',
    statement: row?.statement ?? {},
    education: row?.education ?? {},
    collections: row?.collections ?? {},
    showContactEmail: row?.show_contact_email ?? false,
    enquiryRetentionMonths: row?.enquiry_retention_months ?? 24,
    zoomMaxPixels: row?.zoom_max_pixels ?? DEFAULT_ZOOM_MAX_PIXELS,
    licenceUrl: row?.licence_url ?? null,
    updatedAt: row ? row.updated_at.toISOString() : null,
  };
}

export class SettingsService {
  readonly #db: Kysely<Database>;
  readonly #queue: Queue | undefined;
  readonly #changes: Changes;

  constructor(db: Kysely<Database>, queue: Queue | undefined, changes: Changes) {
    this.#db = db;
    this.#queue = queue;
    this.#changes = changes;
  }

  async get(actor: Actor) {
    return stored(this.#db, actor.artistId);
  }

  /** The name the watermark falls back to: the artist's account display name. */
  async displayName(actor: Actor): Promise<string> {
    return (await repo.artistDisplayName(this.#db, actor.artistId)) ?? '';
  }

  /**
   * An image of the artist's to preview the watermark on: the thumbnail of the most recently changed print with
   * processed versions (thumbnails carry no watermark, so the preview draws the typed one alone).
   */
  async watermarkSample(actor: Actor) {
    return repo.latestThumbnail(this.#db, actor.artistId);
  }

  async update(actor: Actor, input: SettingsInput) {
    return (await this.save(actor, input)).settings;
  }

  /**
   * Saves the settings. Blank names, copyright line and watermark text are stored as null ("not set": the
   * defaults apply), as the studio form sends them. When the watermark drawn on the images changes — its text,
   * its placement, or the copyright line or name it falls back to — or the zoom limit changes, every displayed
   * image is regenerated (no public zoom tile is ever larger than the limit).
   */
  async save(actor: Actor, input: SettingsInput) {
    const values: Record<string, unknown> = {};
    if (input.profileName !== undefined) values.profile_name = orNull(input.profileName);
    if (input.bio !== undefined) values.bio = JSON.stringify(toLocalized(input.bio, 'en') ?? {});
    if (input.contactEmail !== undefined) values.contact_email = input.contactEmail?.toLowerCase() ?? null;
    if (input.copyrightLine !== undefined) values.copyright_line = orNull(input.copyrightLine);
    if (input.watermarkText !== undefined) values.watermark_text = orNull(input.watermarkText);
    if (input.watermarkPlacement !== undefined) values.watermark_placement = input.watermarkPlacement;
    if (input.defaultLanguage !== undefined) values.default_language = input.defaultLanguage;
    for (const key of ['statement', 'education', 'collections'] as const)
      if (input[key] !== undefined) values[key] = JSON.stringify(toLocalized(input[key], 'en') ?? {});
    if (input.showContactEmail !== undefined) values.show_contact_email = input.showContactEmail;
    if (input.enquiryRetentionMonths !== undefined)
      values.enquiry_retention_months = input.enquiryRetentionMonths;
    if (input.zoomMaxPixels !== undefined) values.zoom_max_pixels = input.zoomMaxPixels;
    if (input.licenceUrl !== undefined) values.licence_url = input.licenceUrl;
    const { watermarkChanged, zoomChanged } = await this.#changes.run(async (trx) => {
      // One save at a time per artist, so each compares against what the previous one stored.
      const displayName = (await repo.lockArtist(trx, actor.artistId))?.displayName ?? '';
      const images = async () => {
        const now = await stored(trx, actor.artistId);
        return { watermark: watermarkKey(now, displayName), zoom: now.zoomMaxPixels };
      };
      const before = await images();
      await repo.saveSettings(trx, actor.artistId, values);
      await this.#changes.audit(trx, actor, 'settings.updated', 'settings', actor.artistId, {
        fields: Object.keys(input),
      });
      const after = await images();
      return {
        watermarkChanged: after.watermark !== before.watermark,
        zoomChanged: after.zoom !== before.zoom,
      };
    });
    const imagesChanged = watermarkChanged || zoomChanged;
    if (imagesChanged && this.#queue)
      await this.#queue.send('image.regenerate-all', { artistId: actor.artistId });
    return {
      settings: await this.get(actor),
      watermarkChanged,
      zoomChanged,
      regenerating: imagesChanged && this.#queue !== undefined,
    };
  }
}
