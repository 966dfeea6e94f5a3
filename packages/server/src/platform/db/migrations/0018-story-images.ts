import { sql, type Kysely } from 'kysely';

/**
 * An optional image on a story (issue 13): chosen from her care case's documents, said by the
 * uploader to be an illustration or a photo that does not show her face, and kept here re-encoded
 * without EXIF, GPS or any other metadata. Only this cleaned copy is ever printed or published.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table story_image (
      story_id uuid primary key references story(id),
      document_id uuid not null references document(id),
      kind text not null check (kind in ('illustration','photo_without_face')),
      mime_type text not null check (mime_type = 'image/jpeg'),
      content bytea not null,
      width integer not null,
      height integer not null,
      sha256 text not null,
      attached_by uuid references app_user(id),
      attached_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('story_image').execute();
}
