// News of new work: an Atom 1.0 feed (RFC 4287) per language of the newest public prints and galleries
// (catalogue/policy.ts: drafts never appear), each entry with its title, summary, link, published and updated
// times, the artist and the medium image (an enclosure, and in the HTML content). Entry ids are the canonical
// page URLs: unique, stable while the site keeps its address, and the same an entry's link leads to.
import type { Language } from '../../platform/i18n/index.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { ImageSource } from './artworks.js';
import { contentTypeOf } from './link-preview.js';

/** Entries in a feed: the newest prints and galleries together. */
export const FEED_SIZE = 30;

export interface FeedEntry {
  readonly kind: 'print' | 'gallery';
  /** Absolute URL of the entry's page (also its id). */
  readonly url: string;
  readonly title: string;
  /** The language the title and summary are in, when not the feed's (a fallback). */
  readonly textLang: Language | undefined;
  readonly summary: string;
  readonly published: Date;
  readonly updated: Date;
  /** The medium version (absolute URL) and its alt text. */
  readonly image: (ImageSource & { readonly alt: string }) | undefined;
}

export interface Feed {
  readonly lang: Language;
  /** Absolute URL of the feed itself. */
  readonly self: string;
  /** Absolute URL of the home page in the feed's language. */
  readonly home: string;
  readonly title: string;
  readonly subtitle: string;
  readonly author: { readonly name: string; readonly uri: string };
  readonly rights: string;
  readonly entries: readonly FeedEntry[];
}

export function escapeXml(value: string): string {
  // Characters XML 1.0 forbids are dropped; the five special ones escaped.
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Newest first (by publication, then update), at most FEED_SIZE. */
export function newestEntries(entries: readonly FeedEntry[]): FeedEntry[] {
  return [...entries]
    .sort(
      (a, b) =>
        b.published.getTime() - a.published.getTime() ||
        b.updated.getTime() - a.updated.getTime() ||
        a.url.localeCompare(b.url),
    )
    .slice(0, FEED_SIZE);
}

/** The feed's updated time: the newest entry's, else a fixed epoch (an empty feed never changes). */
export function feedUpdated(entries: readonly FeedEntry[]): Date {
  return entries.reduce((max, e) => (e.updated > max ? e.updated : max), new Date(0));
}

export function renderFeed(feed: Feed, t: Translate): string {
  const x = escapeXml;
  const entry = (e: FeedEntry) => {
    const lang = e.textLang ? ` xml:lang="${e.textLang}"` : '';
    const html = [
      e.image
        ? `<p><img src="${x(e.image.url)}" width="${e.image.width}" height="${e.image.height}" alt="${x(e.image.alt)}"></p>`
        : '',
      e.summary ? `<p>${x(e.summary)}</p>` : '',
    ].join('');
    const imageType = e.image ? contentTypeOf(e.image.url) : undefined;
    return [
      '  <entry>',
      `    <id>${x(e.url)}</id>`,
      `    <title type="text"${lang}>${x(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" hreflang="${feed.lang}" href="${x(e.url)}"/>`,
      e.image
        ? `    <link rel="enclosure" type="${imageType ?? 'image/webp'}" href="${x(e.image.url)}" title="${x(e.image.alt)}"/>`
        : '',
      `    <published>${e.published.toISOString()}</published>`,
      `    <updated>${(e.updated > e.published ? e.updated : e.published).toISOString()}</updated>`,
      `    <category term="${e.kind}" label="${x(t(`feed.kind.${e.kind}`))}"/>`,
      `    <summary type="text"${lang}>${x(e.summary)}</summary>`,
      `    <content type="html"${lang}>${x(html)}</content>`,
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n');
  };
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.lang}">`,
    `  <id>${x(feed.self)}</id>`,
    `  <title type="text">${x(feed.title)}</title>`,
    `  <subtitle type="text">${x(feed.subtitle)}</subtitle>`,
    `  <link rel="self" type="application/atom+xml" href="${x(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" hreflang="${feed.lang}" href="${x(feed.home)}"/>`,
    `  <updated>${feedUpdated(feed.entries).toISOString()}</updated>`,
    `  <author><name>${x(feed.author.name)}</name><uri>${x(feed.author.uri)}</uri></author>`,
    `  <rights type="text">${x(feed.rights)}</rights>`,
    `  <generator>${x(t('site.name'))}</generator>`,
    ...feed.entries.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
