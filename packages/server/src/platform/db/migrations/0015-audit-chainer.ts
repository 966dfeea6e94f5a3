import { sql, type Kysely } from 'kysely';

/**
 * The audit trail is chained after commit instead of inside each audited transaction (see
 * docs/security.md, "Chaining after commit"). A request inserts its entry with a keyed MAC of its
 * own content (`entry_mac`) and no link; the chainer later gives it its position (`chain_seq`) and
 * link (`prev_hash`, `hash`), exactly once. The guard trigger allows that one change and nothing
 * else: content is never updated, a link is never rewritten, nothing is deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_event
    alter column prev_hash drop not null,
    alter column hash drop not null,
    add column chain_seq bigint,
    add column entry_mac text`.execute(db);
  // Entries chained before now keep their order: their position is their id.
  await sql`alter table audit_event disable trigger audit_event_append_only`.execute(db);
  await sql`update audit_event set chain_seq = id`.execute(db);
  await sql`alter table audit_event enable trigger audit_event_append_only`.execute(db);
  await sql`create unique index audit_event_chain_seq_idx on audit_event (chain_seq)`.execute(db);
  await sql`create index audit_event_unchained_idx on audit_event (id) where chain_seq is null`.execute(
    db,
  );
  await sql`
    create function audit_event_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
         and old.chain_seq is null and old.hash is null and old.prev_hash is null
         and new.chain_seq is not null and new.hash is not null and new.prev_hash is not null
         and new.id = old.id
         and new.occurred_at is not distinct from old.occurred_at
         and new.actor_user_id is not distinct from old.actor_user_id
         and new.actor_organisation_id is not distinct from old.actor_organisation_id
         and new.action is not distinct from old.action
         and new.outcome is not distinct from old.outcome
         and new.entity_type is not distinct from old.entity_type
         and new.entity_id is not distinct from old.entity_id
         and new.request_id is not distinct from old.request_id
         and new.details is not distinct from old.details
         and new.mac_key_id is not distinct from old.mac_key_id
         and new.entry_mac is not distinct from old.entry_mac then
        return new;
      end if;
      raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`drop trigger audit_event_append_only on audit_event`.execute(db);
  await sql`
    create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_guard()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger audit_event_append_only on audit_event`.execute(db);
  await sql`
    create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_refuse_change()`.execute(db);
  await sql`drop function audit_event_guard()`.execute(db);
  await sql`drop index audit_event_unchained_idx`.execute(db);
  await sql`drop index audit_event_chain_seq_idx`.execute(db);
  await sql`alter table audit_event drop column chain_seq, drop column entry_mac`.execute(db);
}
