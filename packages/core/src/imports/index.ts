export * from './import-columns.ts';
export * from './import-cells.ts';
export * from './within-file-duplicates.ts';
export * from './care-case-import-columns.ts';
export * from './care-case-import.ts';
export * from './legal-case-import-columns.ts';
export * from './legal-case-import.ts';
