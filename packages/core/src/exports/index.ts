export * from './case-person.ts';
export * from './htcds-export.ts';
export * from './k-anonymity.ts';
export * from './ctdc-dataset.ts';
export * from './spreadsheet-text.ts';
