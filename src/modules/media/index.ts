// The media module: image processing jobs, direct uploads, where image files live (public or private).
export { mediaRoutes, type MediaRoutesOptions } from './routes.js';
export {
  deleteImageFiles,
  deleteOrphanGenerations,
  handleImageProcessJob,
  imagePrefix,
  imagesToRegenerate,
  processImage,
  type MediaDeps,
  type ProcessOutcome,
} from './service.js';
export {
  areaFor,
  artistMediaUrl,
  lockPrint,
  placePrintImages,
  PRIVATE_AREA,
  reconcileImagePlacement,
} from './visibility.js';
export {
  isTemporaryUploadKey,
  permanentOriginalKey,
  settleOriginal,
  settleUploadedOriginals,
  UPLOAD_PREFIX,
} from './originals.js';
export { ACCEPTED_UPLOAD_TYPES, consumeUpload, createUpload, type ConsumedUpload } from './uploads.js';
