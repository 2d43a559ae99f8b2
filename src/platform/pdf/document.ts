// What every PDF the app writes shares (certificates, the price list): an A4 PDFKit document with the document's
// properties and its language, the fonts registered, and its bytes collected when it ends. The fonts are EB
// Garamond (SIL Open Font License, from the @fontsource/eb-garamond package: regular, italic and semibold, Latin
// subset — æ ø å included), embedded as subsets.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/** The names the fonts are registered under: doc.font('regular'), doc.font('italic'), doc.font('semibold'). */
export type FontName = 'regular' | 'italic' | 'semibold';

const require = createRequire(import.meta.url);
const fontFile = (name: string) =>
  readFileSync(require.resolve(`@fontsource/eb-garamond/files/eb-garamond-latin-${name}.woff`));
let fonts: Record<FontName, Buffer> | undefined;
const loadFonts = () =>
  (fonts ??= {
    regular: fontFile('400-normal'),
    italic: fontFile('400-italic'),
    semibold: fontFile('600-normal'),
  });

export interface DocumentInfo {
  readonly lang: string;
  readonly title: string;
  readonly author: string;
  readonly subject: string;
}

export interface A4Document {
  readonly doc: PDFKit.PDFDocument;
  /** Ends the document and resolves to its bytes. */
  finish(): Promise<Buffer>;
}

/**
 * A new A4 document with the fonts registered. `bufferPages` keeps every page open until the end, so running
 * heads and page numbers ("page 2 of 5") can be written once the page count is known.
 */
export function a4Document(
  info: DocumentInfo,
  options: { margin: number; bufferPages?: boolean },
): A4Document {
  const f = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: options.margin,
    bufferPages: options.bufferPages ?? false,
    lang: info.lang,
    displayTitle: true,
    info: { Title: info.title, Author: info.author, Subject: info.subject, Creator: 'Copper Print Gallery' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  for (const name of Object.keys(f) as FontName[]) doc.registerFont(name, f[name]);
  return {
    doc,
    async finish() {
      doc.end();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}
