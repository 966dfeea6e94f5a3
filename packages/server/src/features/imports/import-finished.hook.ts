/**
 * Called once when an import has tried every batch. The "import finished" webhook (issue 16,
 * built on branch wip/exports) is wired here at merge: the payload is ids and counts only.
 */
export interface ImportFinished {
  jobId: string;
  organisationId: string;
  kind: string;
  created: number;
  updated: number;
  skipped: number;
  notImported: number;
}

export const importFinishedListeners: ((event: ImportFinished) => Promise<void>)[] = [];

export async function onImportFinished(event: ImportFinished): Promise<void> {
  // Empty until the webhooks outbox lands (see docs/import.md); the lead registers it here.
  for (const listener of importFinishedListeners) await listener(event);
}
