/**
 * The server answers 429 once a user has searched for similar persons too often in a minute (the
 * searches probe the identity indexes); the form says so in its own words, not as a sign-in lock.
 * Read structurally, so this stays free of the API client (and of the browser).
 */
export function isSearchRateLimited(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === 'RATE_LIMITED'
  );
}
