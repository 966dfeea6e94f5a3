export * from './cnr.ts';
export * from './legal-case-events.ts';
export * from './timeline.ts';
export * from './custody.ts';
export * from './sequence-rules.ts';
export * from './case-summary.ts';
export * from './to-deadline-input.ts';
export * from './party.schema.ts';
