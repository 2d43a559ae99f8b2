// What every public page needs before rendering: the page context in the visitor's language with the artist's
// name for the copyright notice, and where public media are served from.
import type { Config } from '../../config.js';
import type { AssetCatalog } from '../../platform/assets.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Catalogue } from '../catalogue/index.js';
import type { Language } from '../../platform/i18n/index.js';
import type { Storage } from '../../platform/storage/types.js';
import { pageContext, type PageContext } from './layout.js';
import { localized, publicProfile, siteImage, type PublicProfile } from './repository.js';
import { absoluteUrl } from './link-preview.js';
import type { EnquiryService } from '../enquiries/service.js';

export interface SiteDeps {
  config: Config;
  database: DatabaseHandle;
  /** The app's catalogue: what visitors may read (and the studio's preview of it). */
  catalogue: Catalogue;
  assets: AssetCatalog;
  /** When given, public image URLs come from the storage driver; else from the config (CDN or /media). */
  storage?: Storage;
  /** When given, print pages carry the enquiry form and the contact page exists (the app always gives it). */
  enquiries?: EnquiryService;
}

export type ContextLoader = (
  lang: Language,
  path: string,
) => Promise<{ ctx: PageContext; profile: PublicProfile }>;

export function contextLoader(deps: SiteDeps): ContextLoader {
  const { config, database, assets } = deps;
  const mediaUrl = mediaUrlFor(deps);
  return async (lang, path) => {
    const [profile, image] = await Promise.all([publicProfile(database.db), siteImage(database.db)]);
    return {
      ctx: pageContext({
        lang,
        path,
        publicUrl: config.publicUrl,
        assets,
        artistName: profile.name,
        copyrightLine: profile.copyrightLine,
        siteImage: image
          ? {
              url: absoluteUrl(mediaUrl(image.storageKey), config.publicUrl),
              width: image.width,
              height: image.height,
              alt: localized(image.alt, lang).text,
            }
          : undefined,
      }),
      profile,
    };
  };
}

/**
 * URL a visitor's browser loads a public image version from. Files the app serves itself (local storage without a
 * CDN) go by path: the page then loads them from whichever host name it was opened under (127.0.0.1 for localhost,
 * the herokuapp.com name beside a custom domain). PUBLIC_URL's origin would be another origin there, which the CSP
 * refuses. Feeds, link previews and JSON-LD make them absolute (`absoluteUrl`).
 */
export function mediaUrlFor({ config, storage }: SiteDeps): (key: string) => string {
  const byPath = (base: string) => (key: string) =>
    `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  if (config.storage.driver === 'local' && !config.storage.cdnUrl) return byPath('/media');
  if (storage) return (key) => storage.publicUrl(key);
  return byPath(
    config.storage.driver === 's3' && config.storage.cdnUrl
      ? config.storage.cdnUrl
      : `${config.storage.cdnUrl ?? ''}/media`,
  );
}
