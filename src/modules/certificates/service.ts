// Certificates of authenticity (docs/decisions/020-certificates.md). The artist issues the certificate of one of
// their impressions as a PDF in Danish or English (the first one gives the impression its verification code; a new
// code can replace a lost certificate's, which then stops verifying); anyone holding a code can check it. Every
// artist action is scoped by the actor's id: another artist's print or impression answers 404.
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { Database, ImageVersionName, ImageVersionRow, Language } from '../../platform/db/schema.js';
import { NotFoundError } from '../../platform/errors.js';
import { translator } from '../../platform/i18n/index.js';
import type { Storage } from '../../platform/storage/types.js';
import { auditActor, recordAudit } from '../audit/index.js';
import { pick } from '../catalogue/localize.js';
import { loadPrintRecord, type PrintRecord } from '../catalogue/read-model.js';
import { slugify } from '../catalogue/kit.js';
import { PRIVATE_AREA, type ImageArea } from '../media/visibility.js';
import { formatVerificationCode, newVerificationCode, parseVerificationCode } from './code.js';
import { certificateFacts, type CertificateFacts } from './facts.js';
import { storedPicture } from '../../platform/pdf/picture.js';
import { renderCertificatePdf } from './pdf.js';
import * as repo from './repository.js';

export interface IssuedCertificate {
  readonly pdf: Buffer;
  /** As printed: five groups of four. */
  readonly code: string;
  readonly verifyUrl: string;
  readonly lang: Language;
  readonly fileName: string;
}

export interface VerifiedPicture {
  readonly src: string;
  readonly srcset: string;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
}

export interface VerifiedImpression {
  readonly code: string;
  readonly facts: CertificateFacts;
  /** Only while visitors may see the print (published, in a public gallery): its picture and page. */
  readonly picture: VerifiedPicture | undefined;
  readonly printId: string | undefined;
}

/**
 * The version put on the certificate: `large` (1,600 px, the picture the print page shows), about 350 dpi at the
 * size it is printed — the public picture, with the artist's watermark when one is set (the decision record says
 * why); smaller ones when it is missing.
 */
const PDF_VERSIONS: readonly ImageVersionName[] = ['large', 'medium_2x', 'medium', 'large_2x', 'xlarge'];
const PAGE_VERSIONS: readonly ImageVersionName[] = ['medium', 'medium_2x', 'large'];

const other = (area: ImageArea): ImageArea => (area === 'public' ? PRIVATE_AREA : 'public');

export class CertificateService {
  readonly #db: Kysely<Database>;
  readonly #storage: Storage;
  readonly #publicUrl: string;

  constructor(db: Kysely<Database>, storage: Storage, publicUrl: string) {
    this.#db = db;
    this.#storage = storage;
    this.#publicUrl = publicUrl.replace(/\/+$/, '');
  }

  /** The address a certificate's QR code holds (of a code in its stored or printed form). */
  verifyUrl(lang: Language, code: string): string {
    return `${this.#publicUrl}/${lang}/verify/${formatVerificationCode(parseVerificationCode(code) ?? code)}`;
  }

  async #own(actor: Actor, printId: string, impressionId: string) {
    const impression = await repo.ownImpression(this.#db, actor.artistId, printId, impressionId);
    if (!impression) throw new NotFoundError('Impression not found');
    const record = await loadPrintRecord(this.#db, printId, { kind: 'artist', artistId: actor.artistId });
    const profile = await repo.artistProfile(this.#db, actor.artistId);
    if (!record || !profile) throw new NotFoundError('Impression not found');
    return { impression, record, profile };
  }

  /**
   * The certificate of the artist's impression in `lang` (default: the artist's default language). The first one
   * gives the impression its verification code; every one issued is in the audit trail.
   */
  async issue(
    actor: Actor,
    printId: string,
    impressionId: string,
    lang?: Language,
  ): Promise<IssuedCertificate> {
    const { impression, record, profile } = await this.#own(actor, printId, impressionId);
    const language = lang ?? profile.defaultLanguage;
    const code = await this.#assignCode(actor, impressionId, false, 'certificate.issued', {
      printId,
      lang: language,
      newCode: impression.verification_code === null,
    });
    const facts = certificateFacts(record, impression, profile.name, language);
    const t = translator(language);
    const verifyUrl = this.verifyUrl(language, code);
    const shown = formatVerificationCode(code);
    const pdf = await renderCertificatePdf({
      lang: language,
      heading: t('certificate.heading'),
      artist: facts.artist,
      title: facts.title.text,
      year: '',
      facts: facts.rows.map((r) => [t(`certificate.field.${r.key}`), r.value] as const),
      statement: t('certificate.statement', { artist: facts.artist }),
      signatureLabel: t('certificate.signature'),
      dateLabel: t('certificate.date'),
      verifyLabel: t('certificate.verifyAt'),
      verifyUrl,
      codeLabel: t('certificate.code'),
      code: shown,
      picture: await this.#picture(record),
      documentTitle: `${t('certificate.heading')}: ${facts.title.text}, ${facts.marking}`,
    });
    const name = [t('certificate.fileName'), slugify(facts.title.text), slugify(facts.marking)]
      .filter(Boolean)
      .join('-');
    return { pdf, code: shown, verifyUrl, lang: language, fileName: `${name}.pdf` };
  }

  /** A new code for the impression (a lost certificate): the old one stops verifying at once. */
  async replaceCode(actor: Actor, printId: string, impressionId: string): Promise<{ code: string }> {
    await this.#own(actor, printId, impressionId);
    const code = await this.#assignCode(actor, impressionId, true, 'certificate.code_replaced', { printId });
    return { code: formatVerificationCode(code) };
  }

  /** The impression's code (a new one when it has none, or with `replace`), and the audit event, in one transaction. */
  async #assignCode(
    actor: Actor,
    impressionId: string,
    replace: boolean,
    action: string,
    details: Record<string, unknown>,
  ): Promise<string> {
    return this.#db.transaction().execute(async (trx) => {
      const code = await repo.assignCode(trx, impressionId, newVerificationCode(), replace);
      if (!code) throw new NotFoundError('Impression not found');
      const event = { action, entityType: 'impression', entityId: impressionId, details };
      await recordAudit(trx, { ...auditActor(actor), ...event });
      return code;
    });
  }

  /** What the verification page shows of the impression a code names; undefined for no such code. */
  async verify(input: string, lang: Language): Promise<VerifiedImpression | undefined> {
    const code = parseVerificationCode(input);
    if (!code) return undefined;
    const impression = await repo.impressionByCode(this.#db, code);
    if (!impression) return undefined;
    const scope = { kind: 'artist', artistId: impression.artist_id } as const;
    const [record, profile] = await Promise.all([
      loadPrintRecord(this.#db, impression.print_id, scope),
      repo.artistProfile(this.#db, impression.artist_id),
    ]);
    if (!record || !profile) return undefined;
    const facts = certificateFacts(record, impression, profile.name, lang);
    return {
      code: formatVerificationCode(code),
      facts,
      picture: record.isPublic ? this.#pagePicture(record, lang, facts.title.text) : undefined,
      printId: record.isPublic ? record.row.id : undefined,
    };
  }

  #pagePicture(record: PrintRecord, lang: Language, title: string): VerifiedPicture | undefined {
    const versions = PAGE_VERSIONS.flatMap((name) => record.versions.filter((v) => v.version === name));
    const first = versions[0];
    if (!first) return undefined;
    return {
      src: this.#storage.publicUrl(first.storage_key),
      srcset: versions.map((v) => `${this.#storage.publicUrl(v.storage_key)} ${v.width}w`).join(', '),
      width: first.width,
      height: first.height,
      alt: pick(record.row.alt_text, lang) || title,
    };
  }

  /** The picture's bytes for the PDF, from whichever area the version is in; undefined without one. */
  async #picture(record: PrintRecord): Promise<Buffer | undefined> {
    const version = PDF_VERSIONS.map((name) => record.versions.find((v) => v.version === name)).find(
      (v): v is ImageVersionRow => v !== undefined,
    );
    if (!version) return undefined;
    const first: ImageArea = record.isPublic ? 'public' : PRIVATE_AREA;
    return storedPicture(this.#storage, version.storage_key, [first, other(first)]);
  }
}
