export * from './permissions.ts';
export * from './password-policy.ts';
