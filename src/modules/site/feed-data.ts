// The feed's entries from what the public pages show: the newest public prints and the public galleries, in the
// feed's language (text in the other language marked as such), with the medium image of each card.
import type { PageContext } from './layout.js';
import { localePath } from './layout.js';
import type { CardPicture } from './cards.js';
import { newestEntries, type Feed, type FeedEntry } from './feed.js';
import { localized, type PublicGallery, type RecentPrint } from './repository.js';
import { absoluteUrl } from './link-preview.js';

export interface FeedSources {
  readonly prints: ReadonlyArray<{ print: RecentPrint; picture: CardPicture | undefined }>;
  readonly galleries: ReadonlyArray<{ gallery: PublicGallery; picture: CardPicture | undefined }>;
}

function mediumOf(picture: CardPicture | undefined, alt: string, publicUrl: string): FeedEntry['image'] {
  const source = picture?.sources.find((s) => s.version === 'medium') ?? picture?.sources[0];
  return source ? { ...source, url: absoluteUrl(source.url, publicUrl), alt } : undefined;
}

export function feedOf(ctx: PageContext, sources: FeedSources): Feed {
  const { lang, t, publicUrl } = ctx;
  const artist = ctx.artistName || t('site.name');
  const textLang = (...langs: string[]) => {
    const other = langs.find((l) => l !== lang);
    return other === 'da' || other === 'en' ? other : undefined;
  };
  const prints: FeedEntry[] = sources.prints.map(({ print, picture }) => {
    const title = localized(print.title, lang);
    const description = localized(print.description, lang);
    const name = title.text || t('galleries.untitled');
    return {
      kind: 'print',
      url: publicUrl + localePath(lang, `/prints/${print.id}`),
      title: name,
      textLang: textLang(title.text ? title.lang : lang, description.text ? description.lang : lang),
      summary: description.text || t('print.description', { title: name, artist }),
      published: print.publishedAt,
      updated: print.updatedAt,
      image: mediumOf(picture, localized(print.altText, lang).text || name, publicUrl),
    };
  });
  const galleries: FeedEntry[] = sources.galleries.map(({ gallery, picture }) => {
    const title = localized(gallery.title, lang);
    const description = localized(gallery.description, lang);
    const name = title.text || t('galleries.untitled');
    return {
      kind: 'gallery',
      url: publicUrl + localePath(lang, `/galleries/${gallery.id}`),
      title: t('feed.galleryTitle', { title: name }),
      textLang: textLang(title.text ? title.lang : lang, description.text ? description.lang : lang),
      summary: description.text || t('gallery.description', { title: name }),
      published: gallery.publishedAt ?? gallery.updatedAt,
      updated: gallery.updatedAt,
      image: mediumOf(picture, picture ? localized(picture.alt, lang).text || name : name, publicUrl),
    };
  });
  return {
    lang,
    self: `${publicUrl}/${lang}/feed.xml`,
    home: publicUrl + localePath(lang, '/'),
    title: t('feed.title', { artist }),
    subtitle: t('site.tagline'),
    author: { name: artist, uri: publicUrl + localePath(lang, '/about') },
    rights: t('footer.copyright', { year: new Date().getFullYear(), artist }),
    entries: newestEntries([...prints, ...galleries]),
  };
}
