import { describe, expect, it } from 'vitest';
import { personsWithinBatch } from './persons-within-batch.ts';

const named = (legalName: string) => ({ legalName, aliases: [], phones: [] });

// Invented syllable names (as the import tests generate them): they describe no one.
describe('the persons several rows of one batch name (issue 16, accused of a register)', () => {
  it('makes a name written the same on two rows one person, whatever its case and spacing', () => {
    const found = personsWithinBatch(
      [
        [named('Darakata Gajagapao')],
        [named('Jatakata Badakanao')],
        [named(' DARAKATA  gajagapao.')],
      ],
      [33, 35, 37],
    );
    expect(found).toEqual([
      { persons: [undefined] },
      { persons: [undefined] },
      { persons: [{ row: 33, position: 0 }] },
    ]);
  });

  it('puts a row up for review when its name is likely, but not surely, an earlier row’s', () => {
    const found = personsWithinBatch(
      [
        [named('Jatakata Badakanao')],
        [named('Jatakata Badakanaoo')],
        [named('Jatakata Badakanaoo')],
      ],
      [35, 39, 41],
    );
    expect(found[0]).toEqual({ persons: [undefined] });
    expect(found[1]).toMatchObject({ review: { otherRow: 35 } });
    // Written as the row waiting for review: not created either, it waits with it.
    expect(found[2]).toMatchObject({ review: {} });
  });

  it('keeps two accused of one row who share a name as two persons, and skips rows not in play', () => {
    const found = personsWithinBatch(
      [
        [named('Darakata Gajagapao'), named('Darakata Gajagapao')],
        undefined,
        [named('Parul Tithio')],
      ],
      [2, 3, 4],
    );
    expect(found).toEqual([
      { persons: [undefined, undefined] },
      undefined,
      { persons: [undefined] },
    ]);
  });

  it('keeps the same name with another phone or age band apart from the first', () => {
    const found = personsWithinBatch(
      [
        [{ ...named('Darakata Gajagapao'), phones: ['+91 70000 00001'] }],
        [{ ...named('Darakata Gajagapao'), phones: ['+91 70000 00001'] }],
        [{ ...named('Darakata Gajagapao'), phones: ['+91 70000 00001'], ageBand: '18-25' }],
      ],
      [2, 3, 4],
    );
    expect(found[1]).toEqual({ persons: [{ row: 2, position: 0 }] });
    expect(found[2]).toMatchObject({ review: { otherRow: 2 } });
  });
});
