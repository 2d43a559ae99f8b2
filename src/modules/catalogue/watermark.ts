// The watermark on an artist's displayed image versions, said once: the settings page shows it, and a settings
// change regenerates the images exactly when it changes (CatalogueService.saveSettings), through the API or the
// studio alike. The worker draws the same text (media/service.ts processImage).
import type { WatermarkPlacement } from '../../platform/db/schema.js';

export interface WatermarkSettings {
  watermarkText: string | null;
  copyrightLine: string | null;
  profileName: string | null;
}

/** The text drawn: the watermark text, else the copyright line, else "© " and the name. */
export function effectiveWatermark(s: WatermarkSettings, displayName: string): string {
  return s.watermarkText ?? s.copyrightLine ?? `© ${s.profileName ?? (displayName || 'The artist')}`;
}

/** What a regeneration would change on the images: the drawn text and where it goes. */
export function watermarkKey(
  s: WatermarkSettings & { watermarkPlacement: WatermarkPlacement },
  displayName: string,
): string {
  return JSON.stringify([effectiveWatermark(s, displayName), s.watermarkPlacement]);
}
