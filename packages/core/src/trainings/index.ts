export * from './trainings.ts';
export * from './participant-import.ts';
export * from './training-input.schema.ts';
