export * from './import-columns.ts';
export * from './import-cells.ts';
export * from './within-file-duplicates.ts';
export * from './care-case-import-columns.ts';
export * from './care-case-import.ts';
export * from './training-participant-import-columns.ts';
export * from './training-participant-import.ts';
