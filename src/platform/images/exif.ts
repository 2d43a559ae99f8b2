// A minimal, defensive TIFF/EXIF reader for the buffer sharp's metadata() returns (optionally prefixed
// "Exif\0\0"): IFD0, the Exif and GPS sub-IFDs and Interop, every tag as JSON plus the summary the studio
// shows. Bounds-checked; loops and absurd counts are ignored rather than trusted.

export type ExifValue = string | number | (string | number)[];

export interface ExifSummary {
  camera: string | null;
  lens: string | null;
  /** "1/125" or "2.5" (seconds). */
  exposureTime: string | null;
  fNumber: number | null;
  iso: number | null;
  focalLengthMm: number | null;
  /** DateTimeOriginal, with its offset when recorded (else read as UTC). */
  takenAt: Date | null;
  hasGps: boolean;
  orientation: number | null;
}

export interface ParsedExif extends ExifSummary {
  /** Every readable tag per directory (IFD0, Exif, GPS, Interop, IFD1), by name (or 0xNNNN when unknown). */
  tags: Record<string, Record<string, ExifValue>>;
}

const TAG_NAMES: Readonly<Record<number, string>> = {
  0x010e: 'ImageDescription',
  0x010f: 'Make',
  0x0110: 'Model',
  0x0112: 'Orientation',
  0x011a: 'XResolution',
  0x011b: 'YResolution',
  0x0128: 'ResolutionUnit',
  0x0131: 'Software',
  0x0132: 'DateTime',
  0x013b: 'Artist',
  0x0213: 'YCbCrPositioning',
  0x8298: 'Copyright',
  0x829a: 'ExposureTime',
  0x829d: 'FNumber',
  0x8822: 'ExposureProgram',
  0x8827: 'ISO',
  0x8830: 'SensitivityType',
  0x8833: 'ISOSpeed',
  0x9000: 'ExifVersion',
  0x9003: 'DateTimeOriginal',
  0x9004: 'DateTimeDigitized',
  0x9010: 'OffsetTime',
  0x9011: 'OffsetTimeOriginal',
  0x9012: 'OffsetTimeDigitized',
  0x9201: 'ShutterSpeedValue',
  0x9202: 'ApertureValue',
  0x9204: 'ExposureBiasValue',
  0x9205: 'MaxApertureValue',
  0x9207: 'MeteringMode',
  0x9208: 'LightSource',
  0x9209: 'Flash',
  0x920a: 'FocalLength',
  0x9290: 'SubSecTime',
  0x9291: 'SubSecTimeOriginal',
  0xa001: 'ColorSpace',
  0xa002: 'PixelXDimension',
  0xa003: 'PixelYDimension',
  0xa402: 'ExposureMode',
  0xa403: 'WhiteBalance',
  0xa405: 'FocalLengthIn35mmFilm',
  0xa406: 'SceneCaptureType',
  0xa430: 'CameraOwnerName',
  0xa431: 'BodySerialNumber',
  0xa432: 'LensSpecification',
  0xa433: 'LensMake',
  0xa434: 'LensModel',
  0xa435: 'LensSerialNumber',
  0x0000: 'GPSVersionID',
  0x0001: 'GPSLatitudeRef',
  0x0002: 'GPSLatitude',
  0x0003: 'GPSLongitudeRef',
  0x0004: 'GPSLongitude',
  0x0005: 'GPSAltitudeRef',
  0x0006: 'GPSAltitude',
  0x0007: 'GPSTimeStamp',
  0x001d: 'GPSDateStamp',
};
const GPS_NAMES: ReadonlySet<number> = new Set([0, 1, 2, 3, 4, 5, 6, 7, 0x1d]);

const EXIF_IFD = 0x8769;
const GPS_IFD = 0x8825;
const INTEROP_IFD = 0xa005;
/** Large opaque blobs (MakerNote, UserComment, PrintIM …) are not worth storing. */
const MAX_BLOB_BYTES = 64;
const MAX_ENTRIES = 512;
const TYPE_SIZES: Readonly<Record<number, number>> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};

function cleanText(s: string): string {
  // PostgreSQL jsonb refuses \u0000; other control characters are noise.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
}

function round(n: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

interface Reader {
  buf: Buffer;
  le: boolean;
}

function u16(r: Reader, o: number): number {
  return r.le ? r.buf.readUInt16LE(o) : r.buf.readUInt16BE(o);
}
function u32(r: Reader, o: number): number {
  return r.le ? r.buf.readUInt32LE(o) : r.buf.readUInt32BE(o);
}
function i32(r: Reader, o: number): number {
  return r.le ? r.buf.readInt32LE(o) : r.buf.readInt32BE(o);
}

function readValue(r: Reader, type: number, count: number, at: number): ExifValue | undefined {
  const size = TYPE_SIZES[type];
  if (size === undefined || count === 0) return undefined;
  const total = size * count;
  if (!Number.isSafeInteger(total) || total > 1 << 20) return undefined;
  const start = total <= 4 ? at : u32(r, at);
  if (start + total > r.buf.length) return undefined;
  if (type === 2) return cleanText(r.buf.toString('latin1', start, start + total));
  if (type === 1 || type === 6 || type === 7) {
    if (count > MAX_BLOB_BYTES) return undefined;
    const bytes = [...r.buf.subarray(start, start + total)];
    // UNDEFINED fields like ExifVersion are ASCII digits.
    if (type === 7 && bytes.every((c) => c >= 0x20 && c < 0x7f)) return String.fromCharCode(...bytes);
    return bytes.length === 1 ? (bytes[0] as number) : bytes;
  }
  const values: number[] = [];
  for (let i = 0; i < Math.min(count, 64); i++) {
    const o = start + i * size;
    switch (type) {
      case 3:
        values.push(u16(r, o));
        break;
      case 8:
        values.push(r.le ? r.buf.readInt16LE(o) : r.buf.readInt16BE(o));
        break;
      case 4:
      case 13:
        values.push(u32(r, o));
        break;
      case 9:
        values.push(i32(r, o));
        break;
      case 5:
      case 10: {
        const num = type === 5 ? u32(r, o) : i32(r, o);
        const den = type === 5 ? u32(r, o + 4) : i32(r, o + 4);
        values.push(den === 0 ? 0 : round(num / den));
        break;
      }
      case 11:
        values.push(round(r.le ? r.buf.readFloatLE(o) : r.buf.readFloatBE(o)));
        break;
      case 12:
        values.push(round(r.le ? r.buf.readDoubleLE(o) : r.buf.readDoubleBE(o)));
        break;
    }
  }
  return values.length === 1 ? (values[0] as number) : values;
}

/** The raw rational of a tag (for an exact "1/125"), or undefined. */
function readRational(r: Reader, count: number, type: number, at: number): [number, number] | undefined {
  if (type !== 5 || count < 1) return undefined;
  const start = u32(r, at);
  if (start + 8 > r.buf.length) return undefined;
  return [u32(r, start), u32(r, start + 4)];
}

/** Parses an EXIF block (TIFF structure, optionally after "Exif\0\0"); undefined when it is not one. */
export function parseExif(input: Buffer | Uint8Array | undefined | null): ParsedExif | undefined {
  if (!input || input.length < 8) return undefined;
  let buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.toString('latin1', 0, 6) === 'Exif\0\0') buf = buf.subarray(6);
  if (buf.length < 8) return undefined;
  const order = buf.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const r: Reader = { buf, le: order === 'II' };
  if (u16(r, 2) !== 42) return undefined;

  const tags: Record<string, Record<string, ExifValue>> = {};
  const visited = new Set<number>();
  let exposureRational: [number, number] | undefined;

  const walk = (offset: number, dir: string): number => {
    if (offset < 8 || offset + 2 > buf.length || visited.has(offset)) return 0;
    visited.add(offset);
    const count = Math.min(u16(r, offset), MAX_ENTRIES);
    const out: Record<string, ExifValue> = (tags[dir] ??= {});
    for (let i = 0; i < count; i++) {
      const e = offset + 2 + i * 12;
      if (e + 12 > buf.length) break;
      const tag = u16(r, e);
      const type = u16(r, e + 2);
      const n = u32(r, e + 4);
      if (dir !== 'GPS' && (tag === EXIF_IFD || tag === GPS_IFD || tag === INTEROP_IFD)) {
        walk(u32(r, e + 8), tag === EXIF_IFD ? 'Exif' : tag === GPS_IFD ? 'GPS' : 'Interop');
        continue;
      }
      if (dir === 'Exif' && tag === 0x829a) exposureRational = readRational(r, n, type, e + 8);
      const value = readValue(r, type, n, e + 8);
      if (value === undefined || value === '') continue;
      const known = dir === 'GPS' ? (GPS_NAMES.has(tag) ? TAG_NAMES[tag] : undefined) : TAG_NAMES[tag];
      const name =
        known && !(dir !== 'GPS' && GPS_NAMES.has(tag)) ? known : `0x${tag.toString(16).padStart(4, '0')}`;
      out[name] = value;
    }
    const next = offset + 2 + count * 12;
    return next + 4 <= buf.length ? u32(r, next) : 0;
  };

  const ifd1 = walk(u32(r, 4), 'IFD0');
  if (ifd1) walk(ifd1, 'IFD1');
  for (const [dir, values] of Object.entries(tags)) if (Object.keys(values).length === 0) delete tags[dir];

  const ifd0 = tags.IFD0 ?? {};
  const exif = tags.Exif ?? {};
  const str = (v: ExifValue | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const num = (v: ExifValue | undefined): number | null =>
    typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : null;

  const make = str(ifd0.Make);
  const model = str(ifd0.Model);
  const camera =
    make && model
      ? model.toLowerCase().startsWith(make.toLowerCase())
        ? model
        : `${make} ${model}`
      : (model ?? make);
  const lensModel = str(exif.LensModel);
  const lensMake = str(exif.LensMake);
  const lens =
    lensModel && lensMake && !lensModel.toLowerCase().startsWith(lensMake.toLowerCase())
      ? `${lensMake} ${lensModel}`
      : (lensModel ?? lensMake);

  let exposureTime: string | null = null;
  if (exposureRational && exposureRational[1] !== 0) {
    const [n, d] = exposureRational;
    const seconds = n / d;
    exposureTime = seconds >= 1 || n === 0 ? String(round(seconds, 3)) : `1/${round(d / n, 1)}`;
  }
  return {
    tags,
    camera,
    lens,
    exposureTime,
    fNumber: num(exif.FNumber),
    iso: num(exif.ISO) ?? num(exif.ISOSpeed),
    focalLengthMm: num(exif.FocalLength),
    takenAt: parseExifDate(str(exif.DateTimeOriginal) ?? str(ifd0.DateTime), str(exif.OffsetTimeOriginal)),
    hasGps: tags.GPS !== undefined,
    orientation: num(ifd0.Orientation),
  };
}

/** "YYYY:MM:DD HH:MM:SS" (+ "+HH:MM") → Date; undefined offsets are read as UTC. */
export function parseExifDate(value: string | null, offset: string | null): Date | null {
  const m = value ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value) : null;
  if (!m) return null;
  const zone = offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : 'Z';
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1800 ? null : date;
}
