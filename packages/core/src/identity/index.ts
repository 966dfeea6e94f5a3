export * from './name-normalisation.ts';
export * from './phonetic-key.ts';
export * from './match-tokens.ts';
export * from './similarity.ts';
export * from './pseudonym.ts';
export * from './reveal-reason.ts';
export * from './candidate-plan.ts';
export * from './person-facts.schema.ts';
