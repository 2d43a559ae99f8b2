import { describe, expect, it } from 'vitest';
import type { PrintRow } from '../../platform/db/schema.js';
import { isEmptyChange, planPrint, type PrintState, type ResolvedChange } from './bulk-plan.js';

const G1 = '00000000-0000-4000-8000-000000000001';
const G2 = '00000000-0000-4000-8000-000000000002';

function state(row: Partial<PrintRow> = {}, more: Partial<Omit<PrintState, 'row'>> = {}): PrintState {
  return {
    row: {
      id: 'p1',
      artist_id: 'a1',
      status: 'draft',
      title: { da: 'Havn', en: 'Harbour' },
      alt_text: { da: 'Radering af en havn', en: 'Etching of a harbour' },
      paper: { da: 'Hahnemühle', en: 'Hahnemühle' },
      technique_key: 'etching',
      availability_key: null,
      year: 2020,
      ...row,
    } as PrintRow,
    tags: ['harbour'],
    galleries: [G1],
    imageShown: true,
    ...more,
  };
}

const change = (c: Partial<ResolvedChange>): ResolvedChange => ({
  addTags: [],
  removeTags: [],
  clearTags: false,
  addToGalleries: [],
  removeFromGalleries: [],
  clearGalleries: false,
  ...c,
});

describe('bulk edit plan of one print', () => {
  it('lists each changed field with its value before and after, and the columns to write', () => {
    const plan = planPrint(state(), change({ year: 2021, technique: 'aquatint', availability: 'available' }));
    expect(plan.outcome).toBe('changed');
    expect(plan.changes).toEqual([
      { field: 'year', before: 2020, after: 2021 },
      { field: 'technique', before: 'etching', after: 'aquatint' },
      { field: 'availability', before: null, after: 'available' },
    ]);
    expect(plan.values).toEqual({ year: 2021, technique_key: 'aquatint', availability_key: 'available' });
  });

  it('leaves out what already has the asked value, and calls a print with nothing to change unchanged', () => {
    const plan = planPrint(state(), change({ year: 2020, technique: 'etching', addTags: ['harbour'] }));
    expect(plan.outcome).toBe('unchanged');
    expect(plan.changes).toEqual([]);
    expect(plan.values).toEqual({});
  });

  it('clears fields (null), and the paper in both languages', () => {
    const plan = planPrint(state(), change({ year: null, technique: null, paper: null }));
    expect(plan.changes).toEqual([
      { field: 'year', before: 2020, after: null },
      { field: 'technique', before: 'etching', after: null },
      { field: 'paperType', before: { da: 'Hahnemühle', en: 'Hahnemühle' }, after: {} },
    ]);
    expect(plan.values.paper).toEqual({});
  });

  it('replaces only the paper languages given', () => {
    const plan = planPrint(state(), change({ paper: { en: 'Japanese gampi' } }));
    expect(plan.changes).toEqual([
      {
        field: 'paperType',
        before: { da: 'Hahnemühle', en: 'Hahnemühle' },
        after: { da: 'Hahnemühle', en: 'Japanese gampi' },
      },
    ]);
  });

  it('adds and removes tags, and clearing removes them all before adding', () => {
    const added = planPrint(state(), change({ addTags: ['sea', 'harbour'], removeTags: ['nothing'] }));
    expect(added.changes).toEqual([{ field: 'tags', before: ['harbour'], after: ['harbour', 'sea'] }]);
    expect(added.tagsToAdd).toEqual(['sea']);
    expect(added.tagsToRemove).toEqual([]);
    const cleared = planPrint(state(), change({ clearTags: true, addTags: ['sea'] }));
    expect(cleared.changes).toEqual([{ field: 'tags', before: ['harbour'], after: ['sea'] }]);
    expect(cleared.tagsToRemove).toEqual(['harbour']);
  });

  it('joins and leaves galleries; clearing leaves every gallery', () => {
    const moved = planPrint(state(), change({ addToGalleries: [G2], removeFromGalleries: [G1] }));
    expect(moved.changes).toEqual([{ field: 'galleries', before: [G1], after: [G2] }]);
    expect(moved.galleriesToJoin).toEqual([G2]);
    expect(moved.galleriesToLeave).toEqual([G1]);
    const out = planPrint(state({}, { galleries: [G1, G2] }), change({ clearGalleries: true }));
    expect(out.galleriesToLeave).toEqual([G1, G2]);
  });

  it('publishes a print that passes the gate and stamps its first publication', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const plan = planPrint(state(), change({ status: 'published' }), now);
    expect(plan.outcome).toBe('changed');
    expect(plan.changes).toEqual([{ field: 'status', before: 'draft', after: 'published' }]);
    expect(plan.values).toEqual({ status: 'published', published_at: now });
  });

  it('refuses to publish a print the gate refuses, naming what is missing, and plans nothing for it', () => {
    const plan = planPrint(
      state({ alt_text: { en: 'Etching' } }, { imageShown: false }),
      change({ status: 'published', year: 2024, addTags: ['sea'] }),
    );
    expect(plan.outcome).toBe('refused');
    expect(plan.missing).toEqual(['altText (da)', 'image (processed)']);
    expect(plan.reason).toContain('altText (da)');
    expect(plan.values).toEqual({});
    expect(plan.tagsToAdd).toEqual([]);
    // The plan still says what was asked, so the artist sees what the refusal held back.
    expect(plan.changes.map((c) => c.field)).toEqual(['year', 'tags', 'status']);
  });

  it('refuses clearing what a published print needs (the gate on the print as it would be)', () => {
    const plan = planPrint(state({ status: 'published' }), change({ technique: null }));
    expect(plan.outcome).toBe('refused');
    expect(plan.missing).toEqual(['technique']);
  });

  it('lets a published print be unpublished whatever it lacks', () => {
    const plan = planPrint(
      state({ status: 'published', year: null }, { imageShown: false }),
      change({ status: 'draft' }),
    );
    expect(plan.outcome).toBe('changed');
    expect(plan.values).toEqual({ status: 'draft' });
  });

  it('knows an empty change', () => {
    expect(isEmptyChange(change({}))).toBe(true);
    expect(isEmptyChange(change({ clearTags: true }))).toBe(false);
    expect(isEmptyChange(change({ year: null }))).toBe(false);
  });
});
