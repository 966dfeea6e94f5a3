export * from './import-columns.ts';
export * from './import-cells.ts';
