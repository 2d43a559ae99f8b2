// The studio's sign-in, sign-out and error pages (English, no scripts, every field labelled).
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';

export interface PageChrome {
  /** URLs of the site and studio stylesheets, in that order. */
  stylesheets: readonly string[];
}

function Document({
  chrome,
  title,
  children,
}: {
  chrome: PageChrome;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · Studio · Copper Print Gallery`}</title>
        {chrome.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body class="studio">
        <a class="skip-link" href="#content">
          Skip to content
        </a>
        <header class="studio-header">
          <a class="studio-header__name" href="/">
            Copper Print Gallery
          </a>
          <span class="studio-header__who">Studio</span>
        </header>
        <main id="content" class="studio-main studio-auth">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

export function renderPage(chrome: PageChrome, title: string, body: ComponentChildren): string {
  return (
    '<!doctype html>' +
    renderToString(
      <Document chrome={chrome} title={title}>
        {body}
      </Document>,
    )
  );
}

export interface SignInForm {
  action: string;
  email: string;
  remember: boolean;
  /** A problem with the submitted credentials, shown at the fields. */
  error?: string;
}

export function signInPage(chrome: PageChrome, form: SignInForm): string {
  const invalid = form.error !== undefined;
  return renderPage(
    chrome,
    'Sign in to the studio',
    <form
      method="post"
      action={form.action}
      novalidate={false}
      aria-describedby={invalid ? 'signin-error' : undefined}
    >
      {invalid ? (
        <p id="signin-error" role="alert" class="form-error">
          {form.error}
        </p>
      ) : null}
      <p>
        <label for="email">E-mail</label>
        <br />
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value={form.email}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'signin-error' : undefined}
        />
      </p>
      <p>
        <label for="password">Password</label>
        <br />
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'signin-error' : undefined}
        />
      </p>
      <p>
        <input id="remember" name="remember" type="checkbox" value="1" checked={form.remember} />{' '}
        <label for="remember">Keep me signed in on this device</label>
      </p>
      <p>
        <button type="submit">Sign in</button>
      </p>
    </form>,
  );
}

export function messagePage(
  chrome: PageChrome,
  title: string,
  message: string,
  link?: { href: string; text: string },
): string {
  return renderPage(
    chrome,
    title,
    <>
      <p>{message}</p>
      {link ? (
        <p>
          <a href={link.href}>{link.text}</a>
        </p>
      ) : null}
    </>,
  );
}

/** The issuer's "end the sign-in session too?" step; `form` is the issuer's own hidden form (with its xsrf). */
export function logoutConfirmPage(chrome: PageChrome, form: string): string {
  return renderPage(
    chrome,
    'Finish signing out',
    <>
      <p>You are signed out of the studio. Also end the sign-in session on this device?</p>
      <div dangerouslySetInnerHTML={{ __html: form }} />
      <p>
        <button type="submit" form="op.logoutForm" value="yes" name="logout">
          Yes, sign me out
        </button>
      </p>
    </>,
  );
}
