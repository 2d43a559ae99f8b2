// The pages of a viewing room (decision 015): the password form of a protected room, the room with its prints in
// order, and one print. Server-rendered, never indexed; images come from the room's own media route.
import type { ComponentChildren } from 'preact';
import type { Localized } from '../../platform/db/schema.js';
import type { Language } from '../../platform/i18n/index.js';
import { Layout, localePath, type PageContext } from '../site/layout.js';
import { ArtworkFrame, ZoomDialog, formatPrice } from '../site/pages/print.js';
import { CARD_SIZES, cardLoading, srcsetOf } from '../site/cards.js';
import type { RoomPrintView } from './service.js';

export interface RoomPageData {
  readonly token: string;
  readonly title: Localized;
  readonly note: Localized;
  readonly expiresAt: Date;
  readonly prints: readonly RoomPrintView[];
}

/** The text in the page's language, else the other one (with its language for the lang attribute). */
function text(value: Localized, lang: Language): { text: string; lang: Language | undefined } {
  const own = value[lang]?.trim();
  if (own) return { text: own, lang: undefined };
  const other: Language = lang === 'da' ? 'en' : 'da';
  const fallback = value[other]?.trim();
  return fallback ? { text: fallback, lang: other } : { text: '', lang: undefined };
}

export function roomPath(token: string, rest = ''): string {
  return `/rooms/${token}${rest}`;
}

export function roomMediaUrl(token: string, key: string): string {
  return `/rooms/${token}/media/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function formatDate(date: Date, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(date);
}

function sources(token: string, print: RoomPrintView) {
  const wide = print.images.filter((i) => !i.version.startsWith('thumbnail'));
  const list = wide.length > 0 ? wide : print.images;
  return list.map((i) => ({ ...i, url: roomMediaUrl(token, i.key) }));
}

function Frame({
  ctx,
  room,
  children,
}: {
  ctx: PageContext;
  room: RoomPageData;
  children: preact.ComponentChildren;
}) {
  const title = text(room.title, ctx.lang);
  return (
    <>
      <p class="breadcrumb">
        <a href={localePath(ctx.lang, roomPath(room.token))} lang={title.lang}>
          {title.text}
        </a>
      </p>
      {children}
      <p class="room__expiry">{ctx.t('room.expires', { date: formatDate(room.expiresAt, ctx.lang) })}</p>
    </>
  );
}

/** A text of paragraphs separated by blank lines, in its own language. */
function Paragraphs({ value }: { value: { text: string; lang: Language | undefined } }) {
  if (!value.text) return null;
  return (
    <div class="prose" lang={value.lang}>
      {value.text
        .split(/\n\s*\n/)
        .map((para) => para.trim())
        .filter(Boolean)
        .map((para) => (
          <p>{para}</p>
        ))}
    </div>
  );
}

export function RoomPage({
  ctx,
  room,
  enquiry,
}: {
  ctx: PageContext;
  room: RoomPageData;
  /** The form to write to the artist from the room. */
  enquiry?: ComponentChildren;
}) {
  const { t, lang } = ctx;
  const title = text(room.title, lang);
  const note = text(room.note, lang);
  return (
    <Layout ctx={ctx} title={title.text || t('room.title')} alternates={false} noindex>
      <div class="intro">
        <p class="room__label">{t('room.private')}</p>
        <h1 lang={title.lang}>{title.text || t('room.title')}</h1>
        <Paragraphs value={note} />
      </div>
      <ol class="grid grid--cards">
        {room.prints.map((print, index) => {
          const images = sources(room.token, print);
          const smallest = images[0];
          const printTitle = text(print.title, lang);
          const alt = text(print.altText, lang);
          return (
            <li class="card">
              {smallest ? (
                <img
                  class="card__image artwork-protect"
                  src={smallest.url}
                  srcset={images.length > 1 ? srcsetOf(images) : undefined}
                  sizes={images.length > 1 ? CARD_SIZES : undefined}
                  width={smallest.width}
                  height={smallest.height}
                  alt={alt.text || printTitle.text}
                  loading={cardLoading(index).eager ? undefined : 'lazy'}
                  fetchpriority={cardLoading(index).priority ? 'high' : undefined}
                  decoding="async"
                  draggable={false}
                />
              ) : null}
              <h2 class="card__title">
                <a
                  href={localePath(lang, roomPath(room.token, `/prints/${print.id}`))}
                  lang={printTitle.lang}
                >
                  {printTitle.text || t('galleries.untitled')}
                </a>
              </h2>
              <p class="card__meta">
                {[
                  print.year === null ? null : String(print.year),
                  print.price ? formatPrice(print.price.amount, print.price.currency, lang) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            </li>
          );
        })}
      </ol>
      <p class="room__expiry">{t('room.expires', { date: formatDate(room.expiresAt, lang) })}</p>
      {enquiry}
    </Layout>
  );
}

export function RoomPrintPage({
  ctx,
  room,
  print,
  enquiry,
}: {
  ctx: PageContext;
  room: RoomPageData;
  print: RoomPrintView;
  /** The form to ask about this print, from the room. */
  enquiry?: ComponentChildren;
}) {
  const { t, lang } = ctx;
  const title = text(print.title, lang);
  const description = text(print.description, lang);
  const alt = text(print.altText, lang);
  const images = sources(room.token, print);
  const main = images.find((i) => i.version === 'large') ?? images[images.length - 1];
  const index = room.prints.findIndex((p) => p.id === print.id);
  const mm = (value: number | null) => (value === null ? null : `${(value / 10).toLocaleString(lang)} cm`);
  const size =
    print.plateHeightMm !== null && print.plateWidthMm !== null
      ? `${mm(print.plateHeightMm)} × ${mm(print.plateWidthMm)}`
      : null;
  const facts: Array<[string, string | null]> = [
    ['year', print.year === null ? null : String(print.year)],
    ['plateSize', size],
    ['price', print.price ? formatPrice(print.price.amount, print.price.currency, lang) : null],
  ];
  const neighbour = (i: number) => room.prints[i];
  const previous = neighbour(index - 1);
  const next = neighbour(index + 1);
  const zoomUrl = print.zoomKey ? roomMediaUrl(room.token, print.zoomKey) : null;
  return (
    <Layout
      ctx={ctx}
      title={title.text || t('galleries.untitled')}
      alternates={false}
      noindex
      scripts={zoomUrl ? ['artwork.js'] : []}
    >
      <Frame ctx={ctx} room={room}>
        <article class="artwork" aria-labelledby="print-title">
          <div class="artwork__layout">
            <div class="artwork__media">
              <figure class="artwork__figure">
                <ArtworkFrame
                  ctx={ctx}
                  main={main}
                  images={images}
                  placeholder={print.placeholder}
                  alt={alt.text || title.text}
                />
              </figure>
              {zoomUrl && main ? (
                <ZoomDialog
                  ctx={ctx}
                  data={{ zoomUrl, plateWidthMm: print.plateWidthMm, plateHeightMm: print.plateHeightMm }}
                  title={title.text}
                />
              ) : null}
            </div>
            <div class="artwork__details">
              <h1 id="print-title" lang={title.lang}>
                {title.text || t('galleries.untitled')}
              </h1>
              <Paragraphs value={description} />
              <dl class="facts">
                {facts
                  .filter(([, value]) => Boolean(value))
                  .map(([key, value]) => (
                    <div class="facts__row">
                      <dt>{t(`room.field.${key}`)}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
              </dl>
              {print.download ? (
                <p>
                  <a href={`${roomMediaUrl(room.token, print.download.key)}?download=1`} download>
                    {t('room.download')}
                  </a>
                </p>
              ) : null}
            </div>
          </div>
          <nav class="pager" aria-label={t('room.pagerLabel')}>
            {previous ? (
              <a
                class="pager__prev"
                rel="prev"
                href={localePath(lang, roomPath(room.token, `/prints/${previous.id}`))}
              >
                <span class="pager__dir">{t('print.previous')}</span> {text(previous.title, lang).text}
              </a>
            ) : (
              <span class="pager__prev" />
            )}
            <span class="pager__pos">
              {t('print.position', { position: index + 1, count: room.prints.length })}
            </span>
            {next ? (
              <a
                class="pager__next"
                rel="next"
                href={localePath(lang, roomPath(room.token, `/prints/${next.id}`))}
              >
                <span class="pager__dir">{t('print.next')}</span> {text(next.title, lang).text}
              </a>
            ) : (
              <span class="pager__next" />
            )}
          </nav>
        </article>
        {enquiry}
      </Frame>
    </Layout>
  );
}

export function PasswordPage({
  ctx,
  token,
  error,
}: {
  ctx: PageContext;
  token: string;
  error?: 'wrong' | 'tooMany' | undefined;
}) {
  const { t, lang } = ctx;
  const id = 'room-password';
  return (
    <Layout ctx={ctx} title={t('room.locked.title')} alternates={false} noindex>
      <div class="prose">
        <h1>{t('room.locked.title')}</h1>
        <p>{t('room.locked.body')}</p>
        <form class="form" method="post" action={localePath(lang, roomPath(token, '/unlock'))} noValidate>
          <div class={error ? 'field field--error' : 'field'}>
            <label for={id}>{t('room.locked.password')}</label>
            {error ? (
              <p id={`${id}-error`} class="field-error">
                {t(`room.locked.${error}`)}
              </p>
            ) : null}
            <input
              id={id}
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </div>
          <button type="submit" class="button">
            {t('room.locked.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
