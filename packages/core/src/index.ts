export * from './errors.ts';
export * from './time-zone.ts';
export * from './languages.ts';
export * from './roles.ts';
export * from './access/index.ts';
export * from './deadlines/index.ts';
export * from './identity/index.ts';
