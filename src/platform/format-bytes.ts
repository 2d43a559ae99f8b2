// Sizes as people read them, one way everywhere: the studio's pages, its islands in the browser and the backup
// command. Plain code (no Node, no DOM), so the server imports it and esbuild bundles it into the islands.

/** "1.5 MB" (binary units, as file managers show sizes); whole bytes below 1 KB. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Math.round, not toFixed: toFixed rounds the binary value, so 1.95 became "1.9".
  const shown = unit === 0 ? value : value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${units[unit]}`;
}
