import { describe, expect, it } from 'vitest';
import { checkRevealReason } from './reveal-reason.ts';

describe('the reason given for revealing an identity', () => {
  const names = ['Rupali Testdas', 'Rupa'];

  it('refuses padding and repeated letters', () => {
    expect(checkRevealReason('aaaaaaaaaa', names)).toBe('not_words');
    expect(checkRevealReason('aaaa aaaa aaaa', names)).toBe('not_words');
    expect(checkRevealReason('.......... 1234567890', names)).toBe('not_words');
  });

  it('refuses zero-width spaces and other invisible characters', () => {
    expect(checkRevealReason('\u200b'.repeat(12), names)).toBe('invisible_characters');
    expect(checkRevealReason('court\u200b hearing prep', names)).toBe('invisible_characters');
  });

  it("refuses the person's name, spelt as similar-person search would match it", () => {
    expect(checkRevealReason('Calling Rupali about the hearing', names)).toBe('contains_name');
    expect(checkRevealReason('Calling RUPALI about the hearing', names)).toBe('contains_name');
    expect(checkRevealReason('Ask Testdas family about her return', names)).toBe('contains_name');
  });

  it('accepts a reason in words, in English or Bengali', () => {
    expect(checkRevealReason('Court summons for the deposition on Monday', names)).toBeUndefined();
    expect(checkRevealReason('আদালতের শুনানির জন্য সাক্ষ্য প্রস্তুতি', names)).toBeUndefined();
  });
});
