// How the no-JavaScript ordering form becomes one new order: typed positions, and the Move up / Move down buttons.
import { isUuid } from '../../platform/ids.js';
// Pure functions, so the rule that decides where a print lands is the same whatever posted it.

/** Name of the numeric position field of a print in the ordering form. */
export const positionField = (printId: string): string => `position.${printId}`;

export type OrderOutcome =
  | { readonly ok: true; readonly order: readonly string[]; readonly changed: boolean }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/**
 * The order the typed positions ask for. `current` is the gallery's order now; `typed` maps a print id to what
 * was typed in its position field (a print missing from the form, e.g. added meanwhile, keeps its place).
 * A print whose number changed lands exactly at that number: moving up it goes before the print that already
 * had the number, moving down after it; prints left alone keep their relative order.
 */
export function orderFromPositions(
  current: readonly string[],
  typed: ReadonlyMap<string, string>,
): OrderOutcome {
  const n = current.length;
  const errors: Record<string, string> = {};
  const keyed = current.map((printId, index) => {
    const raw = (typed.get(printId) ?? String(index + 1)).trim();
    const wanted = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > n) {
      errors[positionField(printId)] = `Enter a whole number from 1 to ${n}`;
    }
    const was = index + 1;
    // Ties on the same number: a print moving up first, then the one left there, then a print moving down.
    const rank = wanted < was ? 0 : wanted === was ? 1 : 2;
    return { printId, wanted, rank, index };
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  keyed.sort((a, b) => a.wanted - b.wanted || a.rank - b.rank || a.index - b.index);
  const order = keyed.map((k) => k.printId);
  return { ok: true, order, changed: order.some((id, i) => id !== current[i]) };
}

/** A Move up / Move down button's value ("up:<printId>") → the print and its new 1-based position. */
export function parseMove(
  value: string,
  current: readonly string[],
): { printId: string; from: number; to: number } | undefined {
  const match = /^(up|down):(.+)$/.exec(value);
  if (!match || !isUuid(match[2])) return undefined;
  const [, direction, printId = ''] = match;
  const index = current.indexOf(printId);
  if (index < 0) return undefined;
  const from = index + 1;
  const to = direction === 'up' ? Math.max(1, from - 1) : Math.min(current.length, from + 1);
  return { printId, from, to };
}
