import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  auditPage,
  trailOf,
  type AuditQuery,
  type AuditTrailOf,
} from '../../src/features/audit/audit.service.ts';
import { aProgrammeSizedDatabase, seqScans, type ProgrammeData } from './programme-data.ts';

/**
 * An auditor's search of a programme's trail (100,000 entries of twenty organisations) reads
 * one organisation's entries newest first on an index that matches each filter and the order,
 * instead of walking the whole trail from its newest entry (migration 0037k).
 */
describe('the audit trail search uses its indexes (postgres)', () => {
  let programme: ProgrammeData;
  beforeAll(async () => {
    programme = await aProgrammeSizedDatabase();
  }, 180_000);
  afterAll(() => programme.close());

  const planOf = async (filters: Partial<AuditQuery>, trail?: AuditTrailOf) => {
    const { db, actor } = programme;
    const plans = await programme.plansOf(() =>
      auditPage(db, trail ?? trailOf(actor, 'organisation'), { limit: 50, ...filters }).execute(),
    );
    expect(plans).toHaveLength(1);
    const plan = plans[0] ?? '';
    if (process.env.DAWN_SHOW_PLANS) console.info(JSON.stringify(filters), plan);
    expect(seqScans(plan)).not.toContain('audit_event');
    return plan;
  };

  it('reads the organisation’s newest entries, and the page after, in order on its index', async () => {
    expect(await planOf({})).toContain('audit_event_organisation_idx');
    expect(await planOf({ before: 75_000 })).toContain('audit_event_organisation_idx');
  });

  it('reads a rare action (every identity revealed) on the index of the organisation’s actions', async () => {
    const plan = await planOf({ action: 'identity.revealed' });
    expect(plan).toContain('audit_event_organisation_action_idx');
  });

  it('reads a kind of action (every sign-in and password action) on an index, not the trail', async () => {
    const plan = await planOf({ action: 'auth.' });
    expect(plan).toMatch(/audit_event_organisation(_action)?_idx/);
    expect(plan).not.toContain('~~');
  });

  it('reads an action across every organisation (an operator’s --action without --org) on the index of each one’s actions, not the trail', async () => {
    for (const action of ['identity.revealed', 'auth.']) {
      const plan = await planOf({ action }, 'everything');
      expect(plan).toContain('audit_event_organisation_action_idx');
      expect(plan).not.toContain('audit_event_pkey');
    }
    const page = await planOf({ action: 'identity.revealed', before: 50_000 }, 'everything');
    expect(page).toContain('audit_event_organisation_action_idx');
  });

  it('reads one user’s entries, and one subject’s, on their own indexes', async () => {
    const { db } = programme;
    const user = await db
      .selectFrom('app_user')
      .select('id')
      .where('organisation_id', '=', programme.actor.organisationId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(await planOf({ userId: user.id })).toContain('audit_event_user_idx');
    const subject = await db
      .selectFrom('audit_event')
      .select('entity_id')
      .where('actor_organisation_id', '=', programme.actor.organisationId)
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(await planOf({ entityId: subject.entity_id ?? '' })).toContain(
      'audit_event_subject_idx',
    );
  });

  it('reads the installation’s own entries (an operator’s --installation) on the organisation index’s nulls', async () => {
    // Entries of no organisation (sign-ins to addresses no account has, key rotations), one in a
    // hundred of the trail and spread through it, linked as the programme's are.
    await sql`
      insert into audit_event (occurred_at, actor_user_id, actor_organisation_id, action, outcome,
          entity_type, entity_id, details, chain_seq, prev_hash, hash)
        select now() - make_interval(secs => (1000 - i) * 1000), null, null,
          case when i % 10 = 0 then 'keys.rotated' else 'auth.sign_in_failed' end,
          'denied', null, null, '{}'::jsonb, 200000 + i, md5((200000 + i - 1)::text),
          md5((200000 + i)::text)
        from generate_series(1, 1000) as i;
      analyze audit_event;
    `.execute(programme.db);
    const installation = { organisationId: null };
    expect(await planOf({}, installation)).toContain('audit_event_organisation_idx');
    expect(await planOf({ before: 1_000_000 }, installation)).toContain(
      'audit_event_organisation_idx',
    );
    expect(await planOf({ action: 'keys.rotated' }, installation)).toMatch(
      /audit_event_organisation(_action)?_idx/,
    );
  });
});
