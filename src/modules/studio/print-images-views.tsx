// The print editor's "Images" section (issue 19, decision 024): the print's images in order, each additional one
// with its own small forms (role and alt text; make primary; move up/down; remove, confirmed by a checkbox) that
// work without JavaScript, and "Add an image", which uploads straight to storage through the editor's island.
import type { FastifyRequest } from 'fastify';
import type { PrintImageView } from '../catalogue/print-images-service.js';
import { ADDITIONAL_ROLES } from '../catalogue/print-images-service.js';
import { formatBytes } from '../../platform/format-bytes.js';
import { BilingualField, CheckboxField, SelectField, fieldId, type FieldErrors } from './forms.js';
import { CsrfField } from './layout.js';
import { OrderHandle } from './order-handle.js';
import { editorPath } from './print-editor-views.js';

/** English names of the roles (the studio is English-only). */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  primary: 'The print (primary)',
  detail: 'Detail',
  signature: 'Signature and edition number',
  plate_mark: 'Plate mark',
  verso: 'Verso (the back)',
  in_situ: 'Framed / in situ',
  state_proof: 'State proof',
  other: 'Other view',
};

const ROLE_OPTIONS = ADDITIONAL_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }));

const STATUS_TEXT: Readonly<Record<string, string>> = {
  processing: 'Processing…',
  completed: 'Processed',
  failed: 'Processing failed',
};

/** Field names of one additional image's form (unique per image, so ids and errors are too). */
export const imageField = (imageId: string, name: 'role' | 'altText' | 'confirmed' | 'actions'): string =>
  `images.${imageId}.${name}`;

/** Labels for the error summary of the section's fields. */
export function imageFieldLabels(images: readonly PrintImageView[]): Record<string, string> {
  const out: Record<string, string> = {};
  images.forEach((image, i) => {
    const n = `Image ${i + 1}`;
    out[imageField(image.id, 'role')] = `${n}: role`;
    out[`${imageField(image.id, 'altText')}.da`] = `${n}: alt text (Danish)`;
    out[`${imageField(image.id, 'altText')}.en`] = `${n}: alt text (English)`;
    out[imageField(image.id, 'confirmed')] = `${n}: Yes, remove this image`;
    out[imageField(image.id, 'actions')] = `${n}`;
  });
  return out;
}

export interface ImageFormValues {
  role: string;
  altText: { da: string; en: string };
}

export function ImagesSection({
  req,
  printId,
  images,
  errors,
  values,
  maxBytes,
  types,
}: {
  req: FastifyRequest;
  printId: string;
  images: readonly PrintImageView[];
  errors: FieldErrors;
  /** What the artist typed into one image's form, given back after a refusal. */
  values: ReadonlyMap<string, ImageFormValues>;
  maxBytes: number;
  types: readonly string[];
}) {
  const base = `${editorPath(printId)}/images`;
  const extras = images.filter((i) => !i.primary);
  return (
    <section
      id="images"
      tabIndex={-1}
      class="print-images"
      aria-labelledby="images-heading"
      data-images-section
      data-print-id={printId}
    >
      <h2 id="images-heading">Images</h2>
      <p class="hint">
        The primary image is the print itself; the others (details, signature, verso…) follow it in this order
        on the print page. Each needs its alt text in both languages before the print can be published.
      </p>
      {images.length === 0 ? <p>There are no images yet.</p> : null}
      {/* Shown by the editor's island when there are two or more additional images to order. */}
      <p class="hint order-keys" id="images-order-keys" data-images-order-keys hidden>
        To reorder the additional images, drag one by its handle, or focus its handle and press Space to grab
        it, the Up and Down arrows to move it, Space to drop it, Escape to cancel. Alt with Up or Down moves
        it one place. Each move is saved at once.
      </p>
      <ol class="print-images__list">
        {images.map((image, index) => {
          const n = index + 1;
          const typed = values.get(image.id) ?? { role: image.role, altText: image.altText };
          const actionsError = errors[imageField(image.id, 'actions')];
          const extraIndex = extras.findIndex((e) => e.id === image.id);
          const role = ROLE_LABELS[image.role] ?? image.role;
          const title = [role, image.altText.en || image.altText.da].filter(Boolean).join(': ');
          const moveForm = (direction: 'up' | 'down') => (
            <form method="post" action={`${base}/${image.id}/move`}>
              <CsrfField req={req} />
              <input type="hidden" name="direction" value={direction} />
              {/* At either end disabled (the island keeps it focusable and says it is already there). */}
              <button
                type="submit"
                class="button--small"
                data-move={direction}
                disabled={direction === 'up' ? extraIndex === 0 : extraIndex === extras.length - 1}
              >
                {direction === 'up' ? 'Move up' : 'Move down'}
                <span class="visually-hidden"> (image {n})</span>
              </button>
            </form>
          );
          return (
            <li
              id={`image-${image.id}`}
              class="print-images__item"
              data-image-id={image.id}
              data-image-movable={image.primary ? undefined : ''}
              data-title={image.primary ? undefined : title}
            >
              {image.primary ? null : <OrderHandle title={title} hint="images-order-keys" />}
              <h3>
                Image {n}: {role}
              </h3>
              {image.thumbnailUrl ? (
                <img
                  src={image.thumbnailUrl}
                  alt={image.altText.en || image.altText.da || `Image ${n} of the print`}
                  width={120}
                  height={120}
                  class="print-images__thumb"
                  loading="lazy"
                />
              ) : null}
              <p data-image-item-status={image.status}>
                <span class={`badge badge--${image.status === 'failed' ? 'failed' : 'draft'}`}>
                  {STATUS_TEXT[image.status] ?? image.status}
                </span>
                {image.status === 'failed' && image.error ? ` ${image.error}` : null}
              </p>
              {image.primary ? (
                <p data-image-alt>
                  Alt text: {image.altText.en || '—'} (English) / {image.altText.da || '—'} (Danish). The
                  primary image's alt text is the print's: edit it with the details below.
                </p>
              ) : (
                <>
                  {actionsError ? (
                    // The error summary's link lands here.
                    <div id={fieldId(imageField(image.id, 'actions'))} tabIndex={-1}>
                      <p class="field-error" id={`${fieldId(imageField(image.id, 'actions'))}-error`}>
                        {actionsError}
                      </p>
                    </div>
                  ) : null}
                  <form method="post" action={`${base}/${image.id}`} class="print-images__form">
                    <CsrfField req={req} />
                    <SelectField
                      name={imageField(image.id, 'role')}
                      label={`Role of image ${n}`}
                      value={typed.role}
                      options={ROLE_OPTIONS}
                      error={errors[imageField(image.id, 'role')]}
                    />
                    <BilingualField
                      name={imageField(image.id, 'altText')}
                      label={`Alt text of image ${n}`}
                      values={typed.altText}
                      errors={errors}
                    />
                    <button type="submit">Save image {n}</button>
                  </form>
                  <div class="print-images__actions">
                    {image.status === 'failed' ? (
                      <form method="post" action={`${base}/${image.id}/retry`}>
                        <CsrfField req={req} />
                        <button type="submit" class="button--small">
                          Retry processing<span class="visually-hidden"> (image {n})</span>
                        </button>
                      </form>
                    ) : null}
                    {image.status === 'completed' ? (
                      <form method="post" action={`${base}/${image.id}/primary`}>
                        <CsrfField req={req} />
                        <button type="submit" class="button--small">
                          Make primary<span class="visually-hidden"> (image {n})</span>
                        </button>
                      </form>
                    ) : null}
                    {extras.length > 1 ? (
                      <>
                        {moveForm('up')}
                        {moveForm('down')}
                      </>
                    ) : null}
                    <form method="post" action={`${base}/${image.id}/remove`} class="print-images__remove">
                      <CsrfField req={req} />
                      <CheckboxField
                        name={imageField(image.id, 'confirmed')}
                        label="Yes, remove this image"
                        checked={false}
                        error={errors[imageField(image.id, 'confirmed')]}
                      />
                      <button type="submit" class="button--small button--danger">
                        Remove<span class="visually-hidden"> image {n}</span>
                      </button>
                    </form>
                  </div>
                </>
              )}
            </li>
          );
        })}
      </ol>
      <h3 id="add-image-heading">Add an image</h3>
      <p class="notice" data-image-nojs>
        Adding an image needs JavaScript, which is turned off or has not loaded in this browser. Everything
        else in this section works without it.
      </p>
      <div class="image-replace" data-image-add data-max-bytes={maxBytes} data-types={types.join(',')} hidden>
        <div class="field">
          <label for="f-newImage-file">Image file</label>
          <span class="hint" id="f-newImage-file-hint">
            JPEG, PNG, HEIC/HEIF, TIFF, WebP or AVIF, up to {formatBytes(maxBytes)}. The file goes straight to
            storage.
          </span>
          <input
            type="file"
            id="f-newImage-file"
            accept={types.join(',')}
            aria-describedby="f-newImage-file-hint"
            data-image-file
          />
        </div>
        <SelectField
          name="newImage.role"
          label="Role of the new image"
          value="detail"
          options={ROLE_OPTIONS}
        />
        <BilingualField
          name="newImage.altText"
          label="Alt text of the new image"
          values={{ da: '', en: '' }}
        />
        <button type="button" data-image-upload>
          Add the image
        </button>
        <div class="image-replace__progress" data-image-progress hidden>
          <progress max={100} value={0} aria-label="New image upload" />{' '}
          <span data-image-percent aria-hidden="true">
            0%
          </span>
        </div>
        <p data-image-status />
        <p class="field-error" data-image-error hidden />
      </div>
    </section>
  );
}
