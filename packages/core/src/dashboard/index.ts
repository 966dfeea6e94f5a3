export * from './suppression.ts';
