// After signing in again: the form that was posted while the session had expired, given back to save or discard.
import type { FastifyPluginAsync } from 'fastify';
import { discardStashedForm, findStashedForm } from '../auth/form-stash.js';
import type { StudioDeps } from './context.js';
import { CsrfField, sendStudioPage } from './layout.js';

export const resumePages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  app.get<{ Params: { id: string } }>(
    '/studio/resume/:id',
    { schema: { hide: true } },
    async (req, reply) => {
      const form = await findStashedForm(deps.database.db, req, req.params.id);
      if (!form) {
        return sendStudioPage(req, reply, deps, {
          title: 'Nothing to resume',
          status: 404,
          body: (
            <p>
              There is no kept form here: it was saved or discarded already, it is older than an hour, or it
              was sent from another browser. <a href="/studio">Go to the dashboard</a>.
            </p>
          ),
        });
      }
      const shown = form.fields.filter(([, value]) => value !== '');
      return sendStudioPage(req, reply, deps, {
        title: 'Save what you were working on',
        body: (
          <>
            <p>
              Your session had ended before this form reached the studio, so nothing has been saved yet. Here
              is what you sent to <code>{form.path}</code> at{' '}
              <time dateTime={form.createdAt.toISOString()}>
                {form.createdAt.toISOString().slice(11, 16)} UTC
              </time>
              .
            </p>
            {shown.length > 0 ? (
              <table class="data-table">
                <caption>The fields you filled in</caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map(([name, value]) => (
                    <tr>
                      <th scope="row">
                        <code>{name}</code>
                      </th>
                      <td class="prewrap">{value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <div class="actions">
              <form method="post" action={form.path}>
                <CsrfField req={req} />
                {form.fields.map(([name, value]) => (
                  <input type="hidden" name={name} value={value} />
                ))}
                <button type="submit">Save it now</button>
              </form>
              <form method="post" action={`/studio/resume/${form.id}/discard`}>
                <CsrfField req={req} />
                <button type="submit" class="button--quiet">
                  Discard it
                </button>
              </form>
            </div>
          </>
        ),
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/studio/resume/:id/discard',
    { schema: { hide: true } },
    async (req, reply) => {
      await discardStashedForm(deps.database.db, req, req.params.id);
      return reply.redirect('/studio', 303);
    },
  );
};
