// What every public page needs before rendering: the page context in the visitor's language with the artist's
// name for the copyright notice, and where public media are served from.
import type { Config } from '../../config.js';
import type { AssetCatalog } from '../../platform/assets.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { Language } from '../../platform/i18n/index.js';
import type { Storage } from '../../platform/storage/types.js';
import { pageContext, type PageContext } from './layout.js';
import { publicProfile, type PublicProfile } from './repository.js';

export interface SiteDeps {
  config: Config;
  database: DatabaseHandle;
  assets: AssetCatalog;
  /** When given, public image URLs come from the storage driver; else from the config (CDN or /media). */
  storage?: Storage;
}

export type ContextLoader = (
  lang: Language,
  path: string,
) => Promise<{ ctx: PageContext; profile: PublicProfile }>;

export function contextLoader({ config, database, assets }: SiteDeps): ContextLoader {
  return async (lang, path) => {
    const profile = await publicProfile(database.db);
    return {
      ctx: pageContext({ lang, path, publicUrl: config.publicUrl, assets, artistName: profile.name }),
      profile,
    };
  };
}

/** URL a visitor's browser loads a public image version from. */
export function mediaUrlFor({ config, storage }: SiteDeps): (key: string) => string {
  if (storage) return (key) => storage.publicUrl(key);
  const base =
    config.storage.driver === 's3' && config.storage.cdnUrl
      ? config.storage.cdnUrl
      : `${config.storage.cdnUrl ?? ''}/media`;
  return (key) => `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
