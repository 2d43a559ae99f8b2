// Copyright and artist metadata embedded in every generated file: EXIF IFD0 Artist/Copyright (ASCII, as EXIF
// requires) and XMP dc:creator/dc:rights (Unicode, so "©" survives).

export interface Rights {
  /** The artist's name. */
  artist: string;
  /** The copyright line, e.g. "© 2025 Jane Doe". */
  copyright: string;
}

const TRANSLITERATE: Readonly<Record<string, string>> = {
  '©': '(c)',
  '®': '(r)',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  ß: 'ss',
  '–': '-',
  '—': '-',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
};

/** Plain printable ASCII for EXIF text fields (Danish letters and © transliterated). */
export function toExifAscii(text: string): string {
  return text
    .replace(/[©®æÆøØß–—’‘“”]/g, (c) => TRANSLITERATE[c] ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An XMP packet with dc:creator, dc:rights (x-default) and xmpRights:Marked. */
export function xmpPacket(rights: Rights): string {
  const creator = xmlEscape(rights.artist);
  const copyright = xmlEscape(rights.copyright);
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">',
    `<dc:creator><rdf:Seq><rdf:li>${creator}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">${copyright}</rdf:li></rdf:Alt></dc:rights>`,
    '<xmpRights:Marked>True</xmpRights:Marked>',
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('');
}

/** sharp's withExif() argument: only IFD0 Artist and Copyright, nothing from the input. */
export function exifFields(rights: Rights): { IFD0: { Artist: string; Copyright: string } } {
  return { IFD0: { Artist: toExifAscii(rights.artist), Copyright: toExifAscii(rights.copyright) } };
}
