// Visitor-facing strings in Danish and English; a missing key is a build error (see i18n.test.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Danish, unless the artist's settings choose another default (the site's '/' asks them: site/routes.tsx). */
export const DEFAULT_LANGUAGE: Language = 'da';

// Locales sit at the repository root; this file runs from src/ (tests) or dist/src/ (built).
function loadLocale(lang: Language): Record<string, string> {
  for (const rel of ['../../../locales/', '../../../../locales/']) {
    try {
      return JSON.parse(
        readFileSync(fileURLToPath(new URL(`${rel}${lang}.json`, import.meta.url)), 'utf8'),
      ) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new Error(`locale file ${lang}.json not found`);
}

export const MESSAGES: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  da: loadLocale('da'),
  en: loadLocale('en'),
};

export function isLanguage(value: unknown): value is Language {
  return value === 'da' || value === 'en';
}

/** One number format per language, made once: making one costs far more than formatting with it. */
const COUNT_FORMATS: Readonly<Record<Language, Intl.NumberFormat>> = {
  da: new Intl.NumberFormat('da'),
  en: new Intl.NumberFormat('en'),
};

/** A count as the language writes it (9.048 in Danish, 9,048 in English). */
export function formatCount(value: number, lang: Language): string {
  return COUNT_FORMATS[lang].format(value);
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  const messages = MESSAGES[lang];
  return (key, params) => {
    const template = messages[key];
    if (template === undefined) throw new Error(`missing ${lang} message "${key}"`);
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : template;
  };
}

/** Picks the best language from an Accept-Language header, or undefined when none matches. */
export function negotiateLanguage(acceptLanguage: string | undefined): Language | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return undefined;
}
