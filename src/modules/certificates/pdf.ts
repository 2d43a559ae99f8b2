// The certificate as a one-page A4 PDF (PDFKit): heading, the picture, title and year, the impression's facts, the
// artist's statement, a line to sign on, and the verification code with a QR code of the page that checks it.
// The fonts (EB Garamond, æ ø å included) and the document itself come from platform/pdf. The QR code is drawn as
// vector squares, so it stays sharp at any print resolution.
import QRCode from 'qrcode';
import { a4Document } from '../../platform/pdf/document.js';

export interface CertificateContent {
  readonly lang: string;
  readonly heading: string;
  readonly artist: string;
  readonly title: string;
  /** Year (or '' when unknown), under the title. */
  readonly year: string;
  /** Label → value, in order; rows without a value are left out by the caller. */
  readonly facts: ReadonlyArray<readonly [string, string]>;
  readonly statement: string;
  readonly signatureLabel: string;
  readonly dateLabel: string;
  readonly verifyLabel: string;
  readonly verifyUrl: string;
  readonly codeLabel: string;
  readonly code: string;
  /** JPEG or PNG bytes; undefined when the print has no picture yet. */
  readonly picture?: Buffer | undefined;
  /** Document properties. */
  readonly documentTitle: string;
}

const INK = '#1d1b18';
const MUTED = '#5b554d';
const MARGIN = 56;
const QR_SIZE = 92;

/** Draws the QR code of `text` with its quiet zone, `size` points square, top left at (x, y). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  doc.save().fillColor('#000000');
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + 4) * cell, y + (row + 4) * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

export async function renderCertificatePdf(c: CertificateContent): Promise<Buffer> {
  const { doc, finish } = a4Document(
    { lang: c.lang, title: c.documentTitle, author: c.artist, subject: c.heading },
    { margin: MARGIN },
  );

  const pageWidth = doc.page.width;
  const pageHeight = doc.page.height;
  const width = pageWidth - 2 * MARGIN;

  // The heading, the artist's name, a rule.
  doc.font('semibold').fontSize(19).fillColor(INK);
  doc.text(c.heading.toUpperCase(), MARGIN, MARGIN, { width, align: 'center' });
  doc.font('italic').fontSize(13).fillColor(MUTED);
  doc.text(c.artist, { width, align: 'center' });
  const ruleY = doc.y + 8;
  doc
    .moveTo(MARGIN + width / 3, ruleY)
    .lineTo(MARGIN + (2 * width) / 3, ruleY)
    .lineWidth(0.6)
    .strokeColor(MUTED)
    .stroke();

  // What follows the picture, measured first so the picture takes the space that is left.
  const footerTop = pageHeight - MARGIN - QR_SIZE;
  const signatureY = footerTop - 46;
  // The facts sit either side of the page's middle: labels to the left, values to the right.
  const labelWidth = width / 2 - 6;
  const valueWidth = width / 2 - 6;
  doc.font('italic').fontSize(21);
  const titleHeight = doc.heightOfString(c.title, { width });
  doc.font('regular').fontSize(12.5);
  const yearHeight = c.year ? doc.heightOfString(c.year, { width }) : 0;
  doc.fontSize(11.5);
  const rowHeights = c.facts.map(([, value]) => doc.heightOfString(value, { width: valueWidth }) + 3);
  const factsHeight = rowHeights.reduce((a, b) => a + b, 0);
  doc.fontSize(11);
  const statementHeight = doc.heightOfString(c.statement, { width, align: 'center' });
  const gaps = 18 + 10 + 14 + 14 + 14;
  const pictureTop = ruleY + 18;
  const pictureSpace =
    signatureY - 24 - pictureTop - titleHeight - yearHeight - factsHeight - statementHeight - gaps;
  const pictureHeight = Math.max(0, Math.min(270, pictureSpace));

  let y = pictureTop;
  if (c.picture && pictureHeight >= 60) {
    doc.image(c.picture, MARGIN, y, { fit: [width, pictureHeight], align: 'center', valign: 'center' });
    y += pictureHeight + 18;
  }

  doc.font('italic').fontSize(21).fillColor(INK).text(c.title, MARGIN, y, { width, align: 'center' });
  if (c.year) doc.font('regular').fontSize(12.5).fillColor(MUTED).text(c.year, { width, align: 'center' });
  y = doc.y + 14;

  doc.fontSize(11.5);
  c.facts.forEach(([label, value], i) => {
    doc.font('regular').fillColor(MUTED).text(label, MARGIN, y, { width: labelWidth, align: 'right' });
    doc.font(i === 0 ? 'semibold' : 'regular').fillColor(INK);
    doc.text(value, MARGIN + labelWidth + 12, y, { width: valueWidth });
    y += rowHeights[i] ?? 0;
  });
  y += 14;
  doc.font('regular').fontSize(11).fillColor(INK).text(c.statement, MARGIN, y, { width, align: 'center' });

  // The lines the artist signs and dates by hand.
  const signatureWidth = width * 0.55;
  const dateX = MARGIN + signatureWidth + 24;
  doc.lineWidth(0.6).strokeColor(INK);
  doc
    .moveTo(MARGIN, signatureY)
    .lineTo(MARGIN + signatureWidth, signatureY)
    .stroke();
  doc
    .moveTo(dateX, signatureY)
    .lineTo(MARGIN + width, signatureY)
    .stroke();
  doc.font('regular').fontSize(9.5).fillColor(MUTED);
  doc.text(`${c.signatureLabel} — ${c.artist}`, MARGIN, signatureY + 4, {
    width: signatureWidth,
    lineBreak: false,
  });
  doc.text(c.dateLabel, dateX, signatureY + 4, { width: MARGIN + width - dateX, lineBreak: false });

  // Where to check it: the code, the address and its QR code.
  const qrX = MARGIN + width - QR_SIZE;
  drawQr(doc, c.verifyUrl, qrX, footerTop, QR_SIZE);
  const textWidth = width - QR_SIZE - 16;
  doc
    .font('regular')
    .fontSize(9.5)
    .fillColor(MUTED)
    .text(c.codeLabel, MARGIN, footerTop + 14, { width: textWidth });
  doc.font('semibold').fontSize(15).fillColor(INK).text(c.code, { width: textWidth });
  doc.font('regular').fontSize(9.5).fillColor(MUTED).text(c.verifyLabel, { width: textWidth });
  doc.fontSize(9).fillColor(INK).text(c.verifyUrl, { width: textWidth, lineBreak: false, link: c.verifyUrl });

  return finish();
}
