import { getJson, postMultipart, queryString } from '../../app/api.ts';

/** What a document can be attached to, and what kind of paper it is (as on the server). */
export type DocumentEntityType = 'care_case' | 'legal_case' | 'rescue_operation' | 'person';
import { DOCUMENT_TYPES } from '@dawn/core';

export { DOCUMENT_TYPES };
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface DocumentView {
  id: string;
  entityType: DocumentEntityType;
  entityId: string;
  type: DocumentType;
  title: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface NewDocument {
  entityType: DocumentEntityType;
  entityId: string;
  type: DocumentType;
  title: string;
  file: File;
}

export const documentKeys = {
  list: (entityType: DocumentEntityType, entityId: string) =>
    ['documents', entityType, entityId] as const,
};

export const documentsApi = {
  list: (entityType: DocumentEntityType, entityId: string) =>
    getJson<{ documents: DocumentView[] }>(
      `/api/documents${queryString({ entityType, entityId })}`,
    ),
  /** The server reads the form fields only before the file part, so the file goes last. */
  upload: (input: NewDocument, onProgress?: (fraction: number) => void) => {
    const form = new FormData();
    form.append('entityType', input.entityType);
    form.append('entityId', input.entityId);
    form.append('type', input.type);
    form.append('title', input.title);
    form.append('file', input.file);
    return postMultipart<DocumentView>('/api/documents', form, onProgress);
  },
  contentUrl: (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}/content`,
};
