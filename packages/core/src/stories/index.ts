export * from './story.ts';
export * from './indic-latin.ts';
export * from './identity-leak-guard.ts';
export * from './month-grid.ts';
