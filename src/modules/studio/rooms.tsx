// The studio's private viewing rooms (decision 015): the list (status, expiry, last opened, open count, the link
// to copy), the form to make or edit a room (title and note in both languages, prints picked from the inventory
// with their order, expiry, password, switches) and revoking with a confirmation. The same service calls as
// /api/v1/artist/viewing-rooms; forms carry the CSRF token (decision 006).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth-context.js';
import { AppError, fieldOf, unlessNotFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { ImageVersionName, Localized } from '../../platform/db/schema.js';
import { ROOM_VERSIONS, isRoomVersion } from '../rooms/rules.js';
import type { ArtistRoom, RoomInput, ViewingRoomService } from '../rooms/service.js';
import type { StudioDeps } from './context.js';
import { When } from './audit.js';
import {
  BilingualField,
  CheckboxField,
  ErrorSummary,
  SelectField,
  TextField,
  fieldId,
  formString,
  formStrings,
  queryString,
  type FieldErrors,
  type FormBody,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';

const LIST = '/studio/rooms';
const NOTICES: Readonly<Record<string, string>> = {
  created: 'Room made. Copy its link below and send it to the person it is for.',
  saved: 'Saved.',
  revoked: 'Room revoked: its link and images answer “gone” from now on.',
};
const STATUS: Readonly<Record<ArtistRoom['status'], [string, string]>> = {
  live: ['Open', 'badge badge--published'],
  expired: ['Expired', 'badge badge--draft'],
  revoked: ['Revoked', 'badge badge--failed'],
};

const titleOf = (value: Localized) => value.en || value.da || 'Untitled';

function LinkField({ room }: { room: ArtistRoom }) {
  const id = `room-link-${room.id}`;
  if (!room.url) return <span>Link not available (restored from another installation)</span>;
  return (
    <>
      <label for={id} class="visually-hidden">
        Link to {titleOf(room.title)}
      </label>
      <input id={id} type="text" readOnly value={room.url} class="room-link" spellcheck={false} />
    </>
  );
}

function RoomTable({ rooms }: { rooms: readonly ArtistRoom[] }) {
  if (rooms.length === 0) return <p>No viewing rooms yet.</p>;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>
          {rooms.length} {rooms.length === 1 ? 'room' : 'rooms'}, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Room</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Last opened</th>
            <th scope="col">Opened</th>
            <th scope="col">Link</th>
          </tr>
        </thead>
        <tbody>
          {rooms.map((room) => {
            const [label, cls] = STATUS[room.status];
            return (
              <tr>
                <td>
                  <a href={`${LIST}/${room.id}`}>{titleOf(room.title)}</a>
                  <br />
                  {room.printIds.length} {room.printIds.length === 1 ? 'print' : 'prints'}
                  {room.hasPassword ? ', password' : ''}
                </td>
                <td>
                  <span class={cls}>{label}</span>
                </td>
                <td>
                  <When value={room.expiresAt} />
                </td>
                <td>{room.lastOpenedAt ? <When value={room.lastOpenedAt} /> : 'Never'}</td>
                <td>{room.openCount}</td>
                <td>{room.status === 'revoked' ? '—' : <LinkField room={room} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface FormValues {
  title: Localized;
  note: Localized;
  printIds: string[];
  order: Record<string, string>;
  expiresOn: string;
  showPrices: boolean;
  deepZoom: boolean;
  maxVersion: string;
  downloadVersion: string;
}

const VERSION_OPTIONS = ROOM_VERSIONS.map((v) => ({ value: v, label: v.replace('_2x', ' (2×)') }));

function valuesOf(room: ArtistRoom | undefined): FormValues {
  const inWeeks = new Date(Date.now() + 14 * 86_400_000);
  return {
    title: room?.title ?? {},
    note: room?.note ?? {},
    printIds: room?.printIds ?? [],
    order: Object.fromEntries((room?.printIds ?? []).map((id, i) => [id, String(i + 1)])),
    expiresOn: (room?.expiresAt ?? inWeeks).toISOString().slice(0, 10),
    showPrices: room?.showPrices ?? false,
    deepZoom: room?.deepZoom ?? false,
    maxVersion: room?.maxVersion ?? 'large',
    downloadVersion: room?.downloadVersion ?? '',
  };
}

function valuesFromBody(body: FormBody | undefined): FormValues {
  const order: Record<string, string> = {};
  for (const key of Object.keys(body ?? {}))
    if (key.startsWith('order.')) order[key.slice(6)] = formString(body, key);
  return {
    title: { da: formString(body, 'title.da'), en: formString(body, 'title.en') },
    note: { da: formString(body, 'note.da'), en: formString(body, 'note.en') },
    printIds: formStrings(body, 'printIds').filter(isUuid),
    order,
    expiresOn: formString(body, 'expiresOn'),
    showPrices: formString(body, 'showPrices') === '1',
    deepZoom: formString(body, 'deepZoom') === '1',
    maxVersion: formString(body, 'maxVersion'),
    downloadVersion: formString(body, 'downloadVersion'),
  };
}

/** The chosen prints in the order the artist numbered them (unnumbered ones after, as listed). */
function orderedPrints(values: FormValues): string[] {
  const rank = (id: string) => {
    const n = Number(values.order[id]);
    return Number.isFinite(n) && values.order[id] !== '' ? n : Number.MAX_SAFE_INTEGER;
  };
  return values.printIds
    .map((id, i) => ({ id, i }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i)
    .map((p) => p.id);
}

function inputOf(values: FormValues, body: FormBody | undefined, editing: boolean): RoomInput {
  const password = formString(body, 'password');
  const removePassword = formString(body, 'removePassword') === '1';
  const expires = /^\d{4}-\d{2}-\d{2}$/.test(values.expiresOn)
    ? `${values.expiresOn}T23:59:59.000Z`
    : values.expiresOn || 'none';
  const input: RoomInput = {
    title: values.title,
    note: values.note,
    printIds: orderedPrints(values),
    expiresAt: expires,
    showPrices: values.showPrices,
    deepZoom: values.deepZoom,
    maxVersion: isRoomVersion(values.maxVersion) ? (values.maxVersion as ImageVersionName) : 'large',
    downloadVersion: isRoomVersion(values.downloadVersion)
      ? (values.downloadVersion as ImageVersionName)
      : null,
  };
  if (password) input.password = password;
  else if (editing && removePassword) input.password = null;
  return input;
}

/** The service's field names → the form's. */
const FORM_FIELD: Readonly<Record<string, string>> = { title: 'title.en', note: 'note.en' };

function RoomForm({
  req,
  action,
  values,
  errors,
  choices,
  room,
}: {
  req: FastifyRequest;
  action: string;
  values: FormValues;
  errors: FieldErrors;
  choices: Awaited<ReturnType<ViewingRoomService['printChoices']>>;
  room: ArtistRoom | undefined;
}) {
  const chosen = new Set(values.printIds);
  return (
    <form method="post" action={action} class="form" noValidate>
      <CsrfField req={req} />
      <ErrorSummary errors={errors} />
      <BilingualField name="title" label="Title" values={values.title} errors={errors} />
      <BilingualField
        name="note"
        label="Note to the visitor"
        values={values.note}
        errors={errors}
        multiline
        rows={3}
      />
      <fieldset
        class="room-prints"
        aria-describedby={errors.printIds ? `${fieldId('printIds')}-error` : undefined}
      >
        <legend id={fieldId('printIds')} tabIndex={-1}>
          Prints (drafts too), and their order in the room
        </legend>
        {errors.printIds ? (
          <p id={`${fieldId('printIds')}-error`} class="field-error">
            {errors.printIds}
          </p>
        ) : null}
        {choices.length === 0 ? <p>No prints yet.</p> : null}
        <ul class="room-prints__list">
          {choices.map((print) => {
            const id = `pick-${print.id}`;
            const orderId = `order-${print.id}`;
            const name = titleOf(print.title);
            return (
              <li class="room-prints__item">
                <input
                  id={id}
                  type="checkbox"
                  name="printIds"
                  value={print.id}
                  checked={chosen.has(print.id)}
                />
                <label for={id}>
                  {name}
                  {print.year ? ` (${print.year})` : ''} {print.status === 'draft' ? '— draft' : ''}
                </label>
                <label for={orderId} class="room-prints__order">
                  Position<span class="visually-hidden"> of {name}</span>
                </label>
                <input
                  id={orderId}
                  type="number"
                  name={`order.${print.id}`}
                  min={1}
                  inputMode="numeric"
                  value={values.order[print.id] ?? ''}
                  class="input--narrow"
                />
              </li>
            );
          })}
        </ul>
      </fieldset>
      <TextField
        name="expiresOn"
        label="Open until (the end of this day, UTC)"
        type="date"
        value={values.expiresOn}
        error={errors.expiresOn}
        required
      />
      <TextField
        name="password"
        label={room?.hasPassword ? 'New password' : 'Password (optional)'}
        type="password"
        value=""
        autocomplete="new-password"
        hint={room?.hasPassword ? 'Leave empty to keep the current password.' : 'At least 4 characters.'}
        error={errors.password}
      />
      {room?.hasPassword ? (
        <CheckboxField name="removePassword" label="Remove the password" checked={false} />
      ) : null}
      <CheckboxField name="showPrices" label="Show prices" checked={values.showPrices} />
      <CheckboxField name="deepZoom" label="Allow deep zoom" checked={values.deepZoom} />
      <SelectField
        name="maxVersion"
        label="Largest image shown"
        value={values.maxVersion}
        options={VERSION_OPTIONS}
        error={errors.maxVersion}
      />
      <SelectField
        name="downloadVersion"
        label="Image visitors may download"
        value={values.downloadVersion}
        options={VERSION_OPTIONS}
        empty="None"
        error={errors.downloadVersion}
      />
      <p class="actions">
        <button type="submit" class="button">
          {room ? 'Save room' : 'Make room'}
        </button>
      </p>
    </form>
  );
}

export const roomPages: FastifyPluginAsync<StudioDeps & { rooms: ViewingRoomService }> = async (
  app,
  deps,
) => {
  const { rooms } = deps;

  const showForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    room: ArtistRoom | undefined,
    values: FormValues,
    errors: FieldErrors = {},
  ) => {
    const choices = await rooms.printChoices(actorOf(req));
    const title = room ? `Room: ${titleOf(room.title)}` : 'New viewing room';
    return sendStudioPage(req, reply, deps, {
      title,
      status: Object.keys(errors).length > 0 ? 422 : 200,
      notice: NOTICES[queryString(req.query, 'notice')],
      breadcrumbs: [
        [LIST, 'Viewing rooms'],
        [null, room ? titleOf(room.title) : 'New'],
      ],
      body: (
        <>
          {room && room.status !== 'revoked' ? (
            <div class="room-link-box">
              <p>
                <span class={STATUS[room.status][1]}>{STATUS[room.status][0]}</span> Opened {room.openCount}{' '}
                {room.openCount === 1 ? 'time' : 'times'}
                {room.lastOpenedAt ? (
                  <>
                    , last <When value={room.lastOpenedAt} />
                  </>
                ) : null}
                .
              </p>
              {room.url ? (
                <TextField name="link" label="Link to send (keep it private)" value={room.url} />
              ) : null}
              <p>
                <a class="button button--danger" href={`${LIST}/${room.id}/revoke`}>
                  Revoke this room
                </a>
              </p>
            </div>
          ) : null}
          {room?.status === 'revoked' ? (
            <p>This room is revoked; its link answers “gone”. Make a new room to share these prints again.</p>
          ) : (
            <RoomForm
              req={req}
              action={room ? `${LIST}/${room.id}` : LIST}
              values={values}
              errors={errors}
              choices={choices}
              room={room}
            />
          )}
        </>
      ),
    });
  };

  const save = async (
    req: FastifyRequest<{ Body: FormBody }>,
    reply: FastifyReply,
    room: ArtistRoom | undefined,
  ) => {
    const values = valuesFromBody(req.body);
    try {
      const input = inputOf(values, req.body, room !== undefined);
      const saved = room
        ? await rooms.update(actorOf(req), room.id, input)
        : await rooms.create(actorOf(req), input);
      return reply.redirect(`${LIST}/${saved.id}?notice=${room ? 'saved' : 'created'}`, 303);
    } catch (error) {
      const field = fieldOf(error);
      if (!(error instanceof AppError) || error.code !== 'BAD_REQUEST' || !field) throw error;
      const name = field === 'expiresAt' ? 'expiresOn' : (FORM_FIELD[field] ?? field);
      const message = error.message.replace(/^[\w.]+: /, '');
      return showForm(req, reply, room, values, {
        [name]: message.charAt(0).toUpperCase() + message.slice(1),
      });
    }
  };

  const roomOf = async (req: FastifyRequest<{ Params: { id: string } }>) => {
    if (!isUuid(req.params.id)) return undefined;
    return unlessNotFound(rooms.get(actorOf(req), req.params.id));
  };

  app.get(LIST, async (req, reply) => {
    const list = await rooms.list(actorOf(req));
    return sendStudioPage(req, reply, deps, {
      title: 'Viewing rooms',
      notice: NOTICES[queryString(req.query, 'notice')],
      body: (
        <>
          <p>
            A viewing room shows chosen prints — drafts too — to whoever has its link, until it expires or you
            revoke it. Make one room per person, so you can close one without the others.
          </p>
          <p class="actions">
            <a class="button" href={`${LIST}/new`}>
              New viewing room
            </a>
          </p>
          <RoomTable rooms={list} />
        </>
      ),
    });
  });

  app.get(`${LIST}/new`, async (req, reply) => showForm(req, reply, undefined, valuesOf(undefined)));

  app.post<{ Body: FormBody }>(LIST, async (req, reply) => save(req, reply, undefined));

  app.get<{ Params: { id: string } }>(`${LIST}/:id`, async (req, reply) => {
    const room = await roomOf(req);
    if (!room) return reply.callNotFound();
    return showForm(req, reply, room, valuesOf(room));
  });

  app.post<{ Params: { id: string }; Body: FormBody }>(`${LIST}/:id`, async (req, reply) => {
    const room = await roomOf(req);
    if (!room) return reply.callNotFound();
    return save(req, reply, room);
  });

  app.get<{ Params: { id: string } }>(`${LIST}/:id/revoke`, async (req, reply) => {
    const room = await roomOf(req);
    if (!room) return reply.callNotFound();
    return sendStudioPage(req, reply, deps, {
      title: `Revoke “${titleOf(room.title)}”?`,
      breadcrumbs: [
        [LIST, 'Viewing rooms'],
        [`${LIST}/${room.id}`, titleOf(room.title)],
        [null, 'Revoke'],
      ],
      body: (
        <form method="post" action={`${LIST}/${room.id}/revoke`} class="form">
          <CsrfField req={req} />
          <p>
            Its link and every image it shows will answer “gone” at once, for everyone who has it. This cannot
            be undone; you can make a new room for the same prints.
          </p>
          <p class="actions">
            <button type="submit" class="button button--danger">
              Revoke the room
            </button>{' '}
            <a href={`${LIST}/${room.id}`}>Keep it open</a>
          </p>
        </form>
      ),
    });
  });

  app.post<{ Params: { id: string } }>(`${LIST}/:id/revoke`, async (req, reply) => {
    const room = await roomOf(req);
    if (!room) return reply.callNotFound();
    await rooms.revoke(actorOf(req), room.id);
    return reply.redirect(`${LIST}?notice=revoked`, 303);
  });
};
