// The one error the image pipeline throws for input that can never succeed (unsupported, corrupt, too big):
// the job marks the image failed with `message` (written for the artist) and does not retry.
export class ImageRejectedError extends Error {
  readonly reason: string;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'ImageRejectedError';
    this.reason = reason;
  }
}

export function isImageRejectedError(error: unknown): error is ImageRejectedError {
  return error instanceof ImageRejectedError;
}
