// Where a redirect may lead after an action (the language toggle's `next`, the studio's `returnTo`): a path on
// this site only. The value is parsed against the site's own origin and serialized again, so whatever it held —
// another origin, a scheme-relative `//host`, backslashes, CR/LF — comes out as an encoded same-origin path or
// not at all.

/** The path (with query and fragment) the value names on the site at publicUrl; undefined when it names none. */
export function sameSitePath(value: unknown, publicUrl: string): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return undefined;
  }
  try {
    const base = new URL(publicUrl);
    const url = new URL(value, base);
    return url.origin === base.origin ? url.pathname + url.search + url.hash : undefined;
  } catch {
    return undefined;
  }
}
