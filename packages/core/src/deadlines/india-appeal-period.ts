import { formatInstant, localDay } from './counting.ts';
import type { CaseEvent, DueContext, DueDecision } from './rule-pack.ts';

/**
 * The period for an appeal against an acquittal: `days` from the judgment (Limitation Act 1963
 * Art. 114(a), 90 days for the State; the victim's period is configured, see docs/deadlines.md),
 * the judgment's day excluded (s.12(1)), and the time requisite for obtaining a certified copy
 * excluded (s.12(2)): the days from the first `certified_copy.applied` after the judgment to the
 * first `certified_copy.received` after that application. Time before the application is not
 * excluded (s.12, Explanation), and an application made after the period has run excludes nothing.
 * While the copy is awaited, the days up to `asOf` are excluded, so the due date moves with each
 * day of waiting and the clock cannot fall overdue.
 */
export function acquittalAppealPeriod(days: number) {
  // `context.asOf` is read only while the copy is awaited: the engine tells the sweep that only
  // such a period moves with the clock.
  return (context: DueContext): DueDecision => {
    const { facts, start, events } = context;
    const zone = facts.zone;
    const base = { amount: days, convention: 'days' } as const;
    const lastDay = localDay(start.at, zone) + days;
    let applied: CaseEvent | undefined;
    for (const event of events.ofType('certified_copy.applied')) {
      if (event.at < start.at) continue;
      if (localDay(event.at, zone) <= lastDay) applied = event;
      break;
    }
    if (!applied) {
      return { period: base, because: 'no certified copy applied for within the period' };
    }
    let received: CaseEvent | undefined;
    for (const event of events.ofType('certified_copy.received')) {
      if (event.at >= applied.at) {
        received = event;
        break;
      }
    }
    const appliedOn = formatInstant(applied.at, zone);
    const appliedDay = localDay(applied.at, zone);
    const excluded = localDay(received ? received.at : context.asOf, zone) - appliedDay;
    const period = { amount: days + excluded, convention: 'days' } as const;
    if (!received) {
      return {
        period,
        because: `${excluded} days excluded so far: certified copy applied for on ${appliedOn}, not yet received (Limitation Act s.12(2))`,
        notes: ['the due date moves one day later for each day the certified copy is awaited'],
      };
    }
    return {
      period,
      because: `${excluded} days excluded: certified copy applied for on ${appliedOn}, received on ${formatInstant(received.at, zone)} (Limitation Act s.12(2))`,
    };
  };
}
