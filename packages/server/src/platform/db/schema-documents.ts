import type { ColumnType } from 'kysely';

/** Tables of migration 0005: documents and their encrypted chunks. */
export type DocumentEntityType = 'care_case' | 'legal_case' | 'rescue_operation' | 'person';

export type DocumentType =
  | 'fir_copy'
  | 'court_order'
  | 'medical_report'
  | 'identity_document'
  | 'consent_form'
  | 'photograph'
  | 'other';

export interface DocumentTable {
  id: string;
  entity_type: DocumentEntityType;
  entity_id: string;
  type: DocumentType;
  title: string;
  mime_type: string;
  // bigint: a string or a number depending on the driver; read it through Number().
  size_bytes: ColumnType<string | number | null, number | null, number | null>;
  sha256: string | null;
  chunk_size: number;
  chunk_count: number | null;
  key_id: string;
  wrapped_data_key: string;
  status: 'uploading' | 'stored';
  uploaded_by: string;
  uploaded_at: ColumnType<Date, Date | undefined, Date>;
}

export interface DocumentChunkTable {
  document_id: string;
  seq: number;
  sealed: ColumnType<Uint8Array, Buffer, Buffer>;
}

export interface DocumentTables {
  document: DocumentTable;
  document_chunk: DocumentChunkTable;
}
