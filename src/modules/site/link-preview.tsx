// Passive link-preview metadata (Open Graph and Twitter cards) in the head of every public page: what a shared
// link shows — title, description, the page's picture with its size and alt text, the language and its
// alternate. No scripts, no share buttons, nothing loaded from elsewhere. The picture is a watermarked version
// (never a thumbnail or the original): the print's own on a print page, the gallery's cover on a gallery page,
// the site's image (the first featured gallery's cover: repository.ts siteImage) everywhere else.
import type { Language } from '../../platform/i18n/index.js';
import type { ImageSource } from './artworks.js';

export interface PreviewImage {
  /** Absolute URL. */
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
}

export interface LinkPreview {
  readonly type?: 'website' | 'article' | 'profile';
  /** The page's own picture; absent: the site's image. */
  readonly image?: PreviewImage | undefined;
}

/** Open Graph locales of the site's languages. */
export const OG_LOCALES: Record<Language, string> = { da: 'da_DK', en: 'en_GB' };

/** The width link previews ask for (Facebook, LinkedIn and X show 1200 px wide cards). */
export const PREVIEW_WIDTH = 1200;

/** Watermarked versions a preview may use, as the pipeline makes them (platform/images/pipeline.ts). */
const WATERMARKED = new Set(['small', 'medium', 'medium_2x', 'large', 'large_2x', 'xlarge']);

/**
 * The version for a preview: the smallest watermarked one at least PREVIEW_WIDTH wide (medium_2x or large, 1600
 * px, for most prints), else the largest there is (a small original).
 */
export function previewSource(images: readonly ImageSource[]): ImageSource | undefined {
  const marked = images.filter((i) => WATERMARKED.has(i.version)).sort((a, b) => a.width - b.width);
  return marked.find((i) => i.width >= PREVIEW_WIDTH) ?? marked[marked.length - 1];
}

/** An absolute URL: image URLs are absolute already with a CDN; local media are made so against the site. */
export function absoluteUrl(url: string, publicUrl: string): string {
  return new URL(url, `${publicUrl}/`).href;
}

export function contentTypeOf(url: string): string | undefined {
  const ext = /\.(\w+)(?:[?#]|$)/.exec(url)?.[1]?.toLowerCase();
  return ext === 'webp'
    ? 'image/webp'
    : ext === 'png'
      ? 'image/png'
      : ext === 'jpg' || ext === 'jpeg'
        ? 'image/jpeg'
        : undefined;
}

export function LinkPreviewMeta({
  lang,
  siteName,
  title,
  description,
  url,
  preview,
  fallbackImage,
}: {
  lang: Language;
  siteName: string;
  title: string;
  description: string;
  url: string;
  preview: LinkPreview;
  fallbackImage: PreviewImage | undefined;
}) {
  const image = preview.image ?? fallbackImage;
  const other: Language = lang === 'da' ? 'en' : 'da';
  const type = image ? contentTypeOf(image.url) : undefined;
  return (
    <>
      <meta property="og:site_name" content={siteName} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:type" content={preview.type ?? 'website'} />
      <meta property="og:url" content={url} />
      <meta property="og:locale" content={OG_LOCALES[lang]} />
      <meta property="og:locale:alternate" content={OG_LOCALES[other]} />
      {image ? (
        <>
          <meta property="og:image" content={image.url} />
          {type ? <meta property="og:image:type" content={type} /> : null}
          <meta property="og:image:width" content={String(image.width)} />
          <meta property="og:image:height" content={String(image.height)} />
          <meta property="og:image:alt" content={image.alt} />
        </>
      ) : null}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      {image ? <meta name="twitter:image:alt" content={image.alt} /> : null}
    </>
  );
}
