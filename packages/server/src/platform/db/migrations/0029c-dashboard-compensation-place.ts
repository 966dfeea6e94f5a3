import { sql, type Kysely } from 'kysely';

/**
 * Issue 14, the dashboard at full size: compensation read every legal case of the organisation
 * (200,000, a sequential scan) to join the few thousand claims with a step in the period. The claim
 * now carries its case's organisation, police station and court, so the dashboard finds the
 * period's claims by their date indexes (migration 0024) and filters them where they are. The
 * district is the police station's, read through it as the other read-model tables do.
 *
 * Kept by triggers like the rest of the read model, on every writer: a claim takes its case's
 * place when it is written (claims are rewritten from the case's events on each change), and a
 * case moved to another organisation, police station or court moves its claims with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table compensation_claim
    add column organisation_id uuid,
    add column police_station_id uuid,
    add column court_id uuid`.execute(db);

  await sql`create function dashboard_compensation_claim_placed() returns trigger language plpgsql as $$
    begin
      select lc.organisation_id, lc.fir_police_station_id, lc.court_id
        into new.organisation_id, new.police_station_id, new.court_id
        from legal_case lc where lc.id = new.legal_case_id;
      return new;
    end $$`.execute(db);
  await sql`create trigger dashboard_compensation_claim_placed
    before insert or update of legal_case_id, organisation_id, police_station_id, court_id
    on compensation_claim for each row
    execute function dashboard_compensation_claim_placed()`.execute(db);

  await sql`create function dashboard_legal_case_claims_moved() returns trigger language plpgsql as $$
    begin
      update compensation_claim set organisation_id = new.organisation_id,
             police_station_id = new.fir_police_station_id, court_id = new.court_id
       where legal_case_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger dashboard_legal_case_claims_moved after update on legal_case for each row
    when (old.organisation_id is distinct from new.organisation_id
       or old.fir_police_station_id is distinct from new.fir_police_station_id
       or old.court_id is distinct from new.court_id)
    execute function dashboard_legal_case_claims_moved()`.execute(db);

  // Backfill (the before-update trigger fills each claim from its case).
  await sql`update compensation_claim set organisation_id = null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger dashboard_legal_case_claims_moved on legal_case`.execute(db);
  await sql`drop function dashboard_legal_case_claims_moved`.execute(db);
  await sql`drop trigger dashboard_compensation_claim_placed on compensation_claim`.execute(db);
  await sql`drop function dashboard_compensation_claim_placed`.execute(db);
  await sql`alter table compensation_claim
    drop column organisation_id, drop column police_station_id, drop column court_id`.execute(db);
}
