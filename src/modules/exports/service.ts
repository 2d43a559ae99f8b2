// The printmaker's business exports (issue 18): the price list of the artist's available prints as a PDF in Danish
// or English (optionally of one gallery), and the impression ledger as CSV. Every method is scoped by the actor's
// artist id: only their own prints and galleries; another artist's gallery answers 404.
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { Database, Language } from '../../platform/db/schema.js';
import { NotFoundError } from '../../platform/errors.js';
import { translator, type Translate } from '../../platform/i18n/index.js';
import { embeddablePictures, storedBytes } from '../../platform/pdf/picture.js';
import type { Storage } from '../../platform/storage/types.js';
import { artistProfile } from '../certificates/repository.js';
import { getGallery } from '../catalogue/galleries-repository.js';
import { Picker, pick } from '../catalogue/localize.js';
import { loadLabels } from '../catalogue/read-model.js';
import { ledgerCsv } from './ledger-csv.js';
import { renderPriceListPdf, type PriceListEntry } from './price-list-pdf.js';
import { priceRanges, priceText } from './prices.js';
import * as repo from './repository.js';
import { dayOf } from '../../platform/days.js';

export interface PriceList {
  readonly pdf: Buffer;
  readonly lang: Language;
  readonly fileName: string;
  /** Prints listed. */
  readonly count: number;
}

const LOCALES: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };
/** Pictures read from storage at once (S3 or disk); they are then converted together in one worker thread. */
const READ_CONCURRENCY = 4;

/** Today in the studio's calendar (file names carry it). */
const today = () => dayOf(new Date());

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export class ExportService {
  readonly #db: Kysely<Database>;
  readonly #storage: Storage;

  constructor(db: Kysely<Database>, storage: Storage) {
    this.#db = db;
    this.#storage = storage;
  }

  /** The price list in `lang` (default: the artist's default language), of one of their galleries when given. */
  async priceList(actor: Actor, options: { lang?: Language; galleryId?: string }): Promise<PriceList> {
    const profile = await artistProfile(this.#db, actor.artistId);
    if (!profile) throw new NotFoundError('Artist not found');
    const lang = options.lang ?? profile.defaultLanguage;
    const t = translator(lang);
    let galleryTitle: string | undefined;
    if (options.galleryId !== undefined) {
      const gallery = await getGallery(this.#db, options.galleryId, {
        artistId: actor.artistId,
        publicOnly: false,
      });
      if (!gallery) throw new NotFoundError('Gallery not found');
      galleryTitle = new Picker(lang).text('title', gallery.title) || t('galleries.untitled');
    }
    const prints = await repo.priceListPrints(this.#db, actor.artistId, options.galleryId ?? null);
    const ids = prints.map((p) => p.id);
    const [prices, versions, labels] = await Promise.all([
      repo.availablePrices(this.#db, ids),
      repo.pictureVersions(this.#db, ids),
      loadLabels(this.#db, actor.artistId),
    ]);
    const pictures = await embeddablePictures(
      await mapLimited(prints, READ_CONCURRENCY, (p) => this.#pictureBytes(p.id, versions)),
    );
    const entries: PriceListEntry[] = prints.map((p, i) => {
      const price = priceText(
        priceRanges(
          { amount: p.price_amount, currency: p.price_currency },
          prices
            .filter((x) => x.print_id === p.id)
            .map((x) => ({ amount: x.price_amount, currency: x.price_currency })),
        ),
        lang,
      );
      const details = [
        labels('technique', p.technique_key, lang),
        plate(p.plate_height_mm, p.plate_width_mm, lang, t),
        p.edition_size ? t('priceList.edition', { size: number(p.edition_size, lang) }) : null,
      ].filter((d): d is string => Boolean(d));
      return {
        title: pick(p.title, lang) || t('galleries.untitled'),
        year: p.year === null ? '' : String(p.year),
        details,
        available: t('priceList.available', { count: number(p.available, lang) }),
        price: price || t('priceList.onRequest'),
        picture: pictures[i],
      };
    });
    const date = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long' }).format(new Date());
    const pdf = await renderPriceListPdf({
      lang,
      heading: t('priceList.heading'),
      artist: profile.name,
      subheadings: [date, ...(galleryTitle ? [t('priceList.gallery', { gallery: galleryTitle })] : [])],
      note: t('priceList.note'),
      entries,
      empty: t('priceList.empty'),
      pageLabel: (page, pages) => t('priceList.page', { page, pages }),
      documentTitle: `${t('priceList.heading')}: ${profile.name}`,
    });
    return { pdf, lang, fileName: `${t('priceList.fileName')}-${today()}.pdf`, count: entries.length };
  }

  /** Every impression of the artist's prints as CSV (UTF-8 with BOM, RFC 4180), one row each. */
  async ledgerCsv(actor: Actor): Promise<{ fileName: string; csv: string; count: number }> {
    const rows = await repo.ledgerRows(this.#db, actor.artistId);
    return { fileName: `impressions-${today()}.csv`, csv: ledgerCsv(rows), count: rows.length };
  }

  /** The stored bytes of the print's picture for the list (the best public version it has); undefined without one. */
  async #pictureBytes(printId: string, versions: readonly repo.PictureRow[]): Promise<Buffer | undefined> {
    const version = repo.PRICE_LIST_VERSIONS.map((name) =>
      versions.find((v) => v.print_id === printId && v.version === name),
    ).find((v) => v !== undefined);
    if (!version) return undefined;
    return storedBytes(this.#storage, version.storage_key, ['public', 'originals']);
  }
}

const number = (value: number, lang: Language) => new Intl.NumberFormat(LOCALES[lang]).format(value);

function plate(height: number | null, width: number | null, lang: Language, t: Translate): string | null {
  if (height === null || width === null) return null;
  const mm = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 });
  return t('priceList.plate', { size: `${mm.format(height)} × ${mm.format(width)} mm` });
}
