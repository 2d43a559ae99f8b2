// The media module: image processing jobs, direct uploads.
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
export { ACCEPTED_UPLOAD_TYPES, consumeUpload, createUpload, type ConsumedUpload } from './uploads.js';
