import { Layout, localePath, type PageContext } from '../layout.js';
import { localized, type PublicProfile } from '../repository.js';

export function AboutPage({ ctx, profile }: { ctx: PageContext; profile: PublicProfile }) {
  const { t, lang } = ctx;
  const bio = localized(profile.bio, lang);
  const paragraphs = bio.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <Layout ctx={ctx} title={t('about.title')} description={t('about.description')}>
      <h1>{t('about.title')}</h1>
      {profile.name ? <p class="lede">{profile.name}</p> : null}
      {paragraphs.length === 0 ? (
        <p>{t('about.empty')}</p>
      ) : (
        <div class="prose">
          {bio.lang !== lang ? <p class="note">{t('about.otherLanguage')}</p> : null}
          <div lang={bio.lang === lang ? undefined : bio.lang}>
            {paragraphs.map((p) => (
              <p>{p}</p>
            ))}
          </div>
        </div>
      )}
      <p>
        <a href={localePath(lang, '/contact')}>{t('about.contactLink')}</a>
      </p>
    </Layout>
  );
}
