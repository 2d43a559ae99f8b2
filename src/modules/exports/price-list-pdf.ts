// The price list as an A4 PDF (PDFKit, fonts and document from platform/pdf): a heading with the artist's name,
// the date (and the gallery when the list is of one), then a row per print — the picture, the title and year, the
// technique, plate size and edition, and at the right the price and how many impressions are available. Rows never
// break across pages; later pages repeat a short running head, and every page is numbered "page n of N".
import { a4Document } from '../../platform/pdf/document.js';

export interface PriceListEntry {
  readonly title: string;
  /** '' when unknown. */
  readonly year: string;
  /** Technique, plate size, edition: the ones known, in that order. */
  readonly details: readonly string[];
  /** "3 available". */
  readonly available: string;
  /** The price (or "price on request"). */
  readonly price: string;
  /** JPEG or PNG bytes; undefined when the print has no picture. */
  readonly picture?: Buffer | undefined;
}

export interface PriceListContent {
  readonly lang: string;
  readonly heading: string;
  readonly artist: string;
  /** The date line, and the gallery's line when the list is of one gallery. */
  readonly subheadings: readonly string[];
  /** What the prices mean, under the heading. */
  readonly note: string;
  readonly entries: readonly PriceListEntry[];
  /** Said instead of the rows when there are none. */
  readonly empty: string;
  readonly pageLabel: (page: number, pages: number) => string;
  readonly documentTitle: string;
}

const INK = '#1d1b18';
const MUTED = '#5b554d';
const RULE = '#b9b2a7';
const MARGIN = 48;
const FOOTER = 28;
const PICTURE = 76;
const GAP = 14;
const RIGHT = 150;
const PADDING = 12;

export async function renderPriceListPdf(c: PriceListContent): Promise<Buffer> {
  const { doc, finish } = a4Document(
    { lang: c.lang, title: c.documentTitle, author: c.artist, subject: c.heading },
    { margin: MARGIN, bufferPages: true },
  );
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN - FOOTER;
  const textX = MARGIN + PICTURE + GAP;
  const textWidth = width - PICTURE - GAP - RIGHT - GAP;
  const rightX = MARGIN + width - RIGHT;

  const rule = (y: number) =>
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();

  // The heading of the first page.
  doc.font('semibold').fontSize(20).fillColor(INK).text(c.heading, MARGIN, MARGIN, { width });
  doc.font('italic').fontSize(14).fillColor(INK).text(c.artist, { width });
  doc.font('regular').fontSize(10.5).fillColor(MUTED);
  for (const line of c.subheadings) doc.text(line, { width });
  doc.moveDown(0.4).fontSize(9.5).text(c.note, { width });
  let y = doc.y + 10;
  rule(y);
  y += PADDING;

  if (c.entries.length === 0) {
    doc.font('italic').fontSize(12).fillColor(MUTED).text(c.empty, MARGIN, y, { width });
  }

  const newPage = () => {
    doc.addPage();
    doc.font('italic').fontSize(9.5).fillColor(MUTED);
    doc.text(`${c.artist} — ${c.heading}`, MARGIN, MARGIN, { width, lineBreak: false });
    y = MARGIN + 18;
    rule(y);
    y += PADDING;
  };

  for (const entry of c.entries) {
    doc.font('italic').fontSize(14);
    const titleHeight = doc.heightOfString(entry.title, { width: textWidth });
    doc.font('regular').fontSize(10.5);
    const yearHeight = entry.year ? doc.heightOfString(entry.year, { width: textWidth }) : 0;
    const detailHeights = entry.details.map((d) => doc.heightOfString(d, { width: textWidth }));
    const textHeight = titleHeight + yearHeight + detailHeights.reduce((a, b) => a + b + 1, 4);
    doc.font('semibold').fontSize(12);
    const priceHeight = doc.heightOfString(entry.price, { width: RIGHT });
    const rowHeight = Math.max(PICTURE, textHeight, priceHeight + 18);
    if (y + rowHeight > bottom) newPage();

    if (entry.picture) {
      doc.image(entry.picture, MARGIN, y, { fit: [PICTURE, PICTURE], align: 'center' });
    }
    doc.font('italic').fontSize(14).fillColor(INK).text(entry.title, textX, y, { width: textWidth });
    doc.font('regular').fontSize(10.5).fillColor(MUTED);
    if (entry.year) doc.text(entry.year, { width: textWidth });
    doc.moveDown(0.2).fillColor(INK);
    for (const detail of entry.details) doc.text(detail, { width: textWidth });

    doc
      .font('semibold')
      .fontSize(12)
      .fillColor(INK)
      .text(entry.price, rightX, y, { width: RIGHT, align: 'right' });
    doc
      .font('regular')
      .fontSize(10.5)
      .fillColor(MUTED)
      .text(entry.available, { width: RIGHT, align: 'right' });

    y += rowHeight + PADDING;
    rule(y - PADDING / 2);
    y += PADDING / 2;
  }

  // Page numbers, now that the count is known (the bottom margin lifted so the footer adds no page).
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(9).fillColor(MUTED);
    doc.text(c.pageLabel(i - start + 1, count), MARGIN, doc.page.height - MARGIN - 10, {
      width,
      align: 'center',
      lineBreak: false,
    });
  }
  return finish();
}
