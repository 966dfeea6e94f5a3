export * from './trainings.ts';
export * from './participant-import.ts';
