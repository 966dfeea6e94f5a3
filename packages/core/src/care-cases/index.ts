export * from './htcds.ts';
export * from './outcome-domains.ts';
export * from './events.ts';
export * from './timeline.ts';
export * from './consent.ts';
export * from './aso-instrument.ts';
export * from './aso-scoring.ts';
export * from './care-case-forms.schema.ts';
