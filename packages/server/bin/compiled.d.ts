/** The compiled entry module in `distDir`, or undefined when there is none or it is stale. */
export function currentCompiledEntry(distDir: string): string | undefined;
