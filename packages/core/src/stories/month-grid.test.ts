import { describe, expect, it } from 'vitest';
import {
  INDIAN_NATIONAL_HOLIDAYS,
  localNumeral,
  monthGrid,
  monthName,
  weekdayNames,
} from './month-grid.ts';
import { nextStoryStatus } from './story.ts';

describe('calendar month pages (issue 13)', () => {
  it('lays January 2027 out from Friday the 1st, Sunday first, with Republic Day marked', () => {
    const weeks = monthGrid(2027, 1, INDIAN_NATIONAL_HOLIDAYS);
    expect(weeks[0]?.map((day) => day?.day ?? null)).toEqual([null, null, null, null, null, 1, 2]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    const republicDay = weeks.flat().find((day) => day?.day === 26);
    expect(republicDay?.holiday?.names.bn).toBe('প্রজাতন্ত্র দিবস');
    expect(weeks.every((week) => week.length === 7)).toBe(true);
  });

  it('writes names and numerals in the page’s language', () => {
    expect(weekdayNames('bn')[0]).toBe('রবি');
    expect(weekdayNames('hi')[1]).toBe('सोम');
    expect(monthName('bn', 8)).toBe('আগস্ট');
    expect(localNumeral('bn', 2027)).toBe('২০২৭');
    expect(localNumeral('hi', 15)).toBe('१५');
    expect(localNumeral('en', 15)).toBe('15');
  });

  it('knows February 2028 has 29 days', () => {
    expect(monthGrid(2028, 2).flat().filter(Boolean)).toHaveLength(29);
  });
});

describe('story workflow (issue 13)', () => {
  it('goes draft → read back → approved → published, and an edit sends it back to draft', () => {
    expect(nextStoryStatus('draft', 'read_back_agreed')).toBe('read_back');
    expect(nextStoryStatus('read_back', 'approve')).toBe('approved');
    expect(nextStoryStatus('approved', 'publish')).toBe('published');
    expect(nextStoryStatus('approved', 'edit')).toBe('draft');
    expect(nextStoryStatus('draft', 'approve')).toBeUndefined();
    expect(nextStoryStatus('published', 'edit')).toBeUndefined();
  });
});
