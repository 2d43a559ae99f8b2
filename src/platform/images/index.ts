// The image toolkit (sharp/libvips + heic-decode): the only code that touches image bytes.
export { ImageRejectedError, isImageRejectedError } from './errors.js';
export { CONTENT_TYPE_OF, detectImageFormat, SNIFF_BYTES, sniffImage, type ImageFormat } from './sniff.js';
export { parseExif, parseExifDate, type ExifSummary, type ExifValue, type ParsedExif } from './exif.js';
export { exifFields, toExifAscii, xmpPacket, type Rights } from './rights.js';
export { watermarkBox, watermarkOverlay, type WatermarkPlacement, type WatermarkSpec } from './watermark.js';
export {
  configureSharp,
  describeDecodeError,
  ENCODER_SETTINGS,
  plannedVersions,
  runImagePipeline,
  TILE_SIZE,
  VERSION_SPECS,
  type GeneratedTiles,
  type GeneratedVersion,
  type PipelineOptions,
  type PipelineResult,
  type StageTiming,
  type VersionName,
} from './pipeline.js';
