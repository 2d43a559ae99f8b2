// Card rows kept for one catalogue generation (migration 0009: it moves at the commit of any change to what a card
// shows — prints, galleries, their images' versions, the impression ledger). A never-seen search renders a page of
// cards that mostly showed on earlier pages: without this, each such page read its 24 card rows again (3 ms of the
// embedded database's one connection, about 40 % of the page's cost at 10,000 prints).

/** Entries kept at most; past it the cache starts again (a catalogue's cards fit many times over). */
const MAX_ENTRIES = 50_000;

export class CardsAt<Row> {
  #generation = -1;
  /** id → row, or null: visitors may not see it (so it is not asked again either). */
  readonly #rows = new Map<string, Row | null>();

  /**
   * The rows of `ids` as of `generation`, loading only those not kept. Without a generation, or for one older than
   * what is kept (a request that started before a change), everything is loaded and nothing kept.
   */
  async get(
    ids: readonly string[],
    generation: number | undefined,
    load: (ids: readonly string[]) => Promise<Map<string, Row>>,
  ): Promise<Map<string, Row>> {
    if (generation === undefined || generation < this.#generation) return load(ids);
    if (generation > this.#generation || this.#rows.size > MAX_ENTRIES) {
      this.#rows.clear();
      this.#generation = generation;
    }
    const missing = [...new Set(ids.filter((id) => !this.#rows.has(id)))];
    const loaded = missing.length > 0 ? await load(missing) : new Map<string, Row>();
    // A newer generation may have cleared the cache while loading: keep the rows only under their own.
    if (this.#generation === generation) for (const id of missing) this.#rows.set(id, loaded.get(id) ?? null);
    const out = new Map<string, Row>();
    for (const id of ids) {
      const row = loaded.get(id) ?? this.#rows.get(id);
      if (row) out.set(id, row);
    }
    return out;
  }
}
