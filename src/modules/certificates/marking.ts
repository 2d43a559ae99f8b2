// The impression's number as the printmaker writes it in pencil under the image: "7/25" for a numbered impression,
// "AP 2/5" for the second of five artist's proofs (the count when the print records it), "TP", "BAT", "HC 1".
// The ledger's own label (catalogue/localize.ts impressionLabel, "AP 2") stays as the API has always sent it.

export function sheetMarking(
  kind: string,
  number: number | null,
  editionSize: number | null,
  artistProofs: number | null,
): string {
  if (kind === 'numbered') return editionSize ? `${number}/${editionSize}` : String(number);
  if (number === null) return kind;
  if (kind === 'AP' && artistProofs) return `${kind} ${number}/${artistProofs}`;
  return `${kind} ${number}`;
}
