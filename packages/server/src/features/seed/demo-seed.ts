import { ROLES, type Role } from '@dawn/core';
import type { Kysely, Transaction } from 'kysely';
import type { DatabaseSchema, OrganisationKind } from '../../platform/db/schema.ts';
import { seedDemoLegalCases } from '../legal-cases/legal-case.demo-seed.ts';
import { seedDemoCareCases } from './demo-care-cases.ts';
import { seedDemoStories } from '../stories/story.demo-seed.ts';
import { seedDemoTrainings } from '../trainings/training.demo-seed.ts';

/**
 * The fictional demo organisation that `npm start` seeds into an empty database, so a newcomer
 * sees a working system. Every name says "Demo" and every e-mail is on the reserved `.example`
 * domain: nobody can mistake it for real people.
 */
export const DEMO_MARKER_KEY = 'demo_seeded_at';
export const DEMO_EMAIL_DOMAIN = 'demo.dawn.example';

interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  district: string;
}

const ORGANISATIONS: DemoOrganisation[] = [
  { key: 'ngo', name: 'Demo Aalo Foundation (fictional NGO)', kind: 'ngo', district: 'Kolkata' },
  {
    key: 'ps-north',
    name: 'Demo Shyampur Police Station',
    kind: 'police_station',
    district: 'Kolkata',
  },
  {
    key: 'ps-south',
    name: 'Demo Nadipar Police Station',
    kind: 'police_station',
    district: 'South 24 Parganas',
  },
  {
    key: 'ahtu',
    name: 'Demo Anti Human Trafficking Unit, Kolkata',
    kind: 'ahtu',
    district: 'Kolkata',
  },
  { key: 'court', name: 'Demo Special Court (POCSO), Kolkata', kind: 'court', district: 'Kolkata' },
  { key: 'cwc', name: 'Demo Child Welfare Committee, Kolkata', kind: 'cwc', district: 'Kolkata' },
  {
    key: 'shelter-a',
    name: 'Demo Sandhya Shelter Home',
    kind: 'shelter_home',
    district: 'Kolkata',
  },
  {
    key: 'shelter-b',
    name: 'Demo Prabhat Shelter Home',
    kind: 'shelter_home',
    district: 'North 24 Parganas',
  },
  {
    key: 'dlsa',
    name: 'Demo District Legal Services Authority, Kolkata',
    kind: 'dlsa',
    district: 'Kolkata',
  },
];

interface DemoOfficial {
  organisation: string;
  name: string;
  designation: string;
}

const OFFICIALS: DemoOfficial[] = [
  {
    organisation: 'ps-north',
    name: 'Demo Inspector Rupa Mitra',
    designation: 'Inspector, Officer-in-Charge',
  },
  {
    organisation: 'ps-south',
    name: 'Demo Sub-Inspector Arjun Das',
    designation: 'Sub-Inspector, Investigating Officer',
  },
  { organisation: 'ahtu', name: 'Demo Inspector Kabir Sen', designation: 'Inspector, AHTU' },
  {
    organisation: 'court',
    name: 'Demo Judge Meera Basu',
    designation: 'Judge, Special Court (POCSO)',
  },
  {
    organisation: 'court',
    name: 'Demo Prosecutor Tanvir Alam',
    designation: 'Special Public Prosecutor',
  },
  { organisation: 'cwc', name: 'Demo Chairperson Lata Roy', designation: 'Chairperson, CWC' },
  { organisation: 'cwc', name: 'Demo Member Sanjay Pal', designation: 'Member, CWC' },
  { organisation: 'dlsa', name: 'Demo Secretary Nandini Ghosh', designation: 'Secretary, DLSA' },
  {
    organisation: 'shelter-a',
    name: 'Demo Superintendent Mala Dey',
    designation: 'Superintendent',
  },
  {
    organisation: 'shelter-b',
    name: 'Demo Superintendent Ritu Sharma',
    designation: 'Superintendent',
  },
];

const USERS: { role: Role; name: string; organisation: string }[] = [
  { role: 'social_worker', name: 'Demo Social Worker Priya', organisation: 'ngo' },
  { role: 'counsellor', name: 'Demo Counsellor Anjali', organisation: 'ngo' },
  { role: 'shelter_staff', name: 'Demo Shelter Staff Bina', organisation: 'shelter-a' },
  { role: 'legal_officer', name: 'Demo Advocate Farhan', organisation: 'ngo' },
  { role: 'program_manager', name: 'Demo Programme Manager Shreya', organisation: 'ngo' },
  { role: 'partner_official', name: 'Demo Police Partner Rupa', organisation: 'ps-north' },
  { role: 'analyst', name: 'Demo Analyst Dev', organisation: 'ngo' },
  { role: 'auditor', name: 'Demo Auditor Kamala', organisation: 'ngo' },
  { role: 'admin', name: 'Demo Administrator Joy', organisation: 'ngo' },
  { role: 'communications', name: 'Demo Communications Officer Mitali', organisation: 'ngo' },
];

export function demoEmail(role: Role): string {
  return `${role.replaceAll('_', '.')}@${DEMO_EMAIL_DOMAIN}`;
}

export async function isDemoSeeded(db: Kysely<DatabaseSchema>): Promise<boolean> {
  const marker = await db
    .selectFrom('installation')
    .select('value')
    .where('key', '=', DEMO_MARKER_KEY)
    .executeTakeFirst();
  return marker !== undefined;
}

export interface DemoSeedResult {
  seeded: boolean;
  careCases: number;
  organisations: number;
  officials: number;
  users: number;
}

/** Seeds the demo organisation once; a second call changes nothing. */
export async function seedDemo(db: Kysely<DatabaseSchema>): Promise<DemoSeedResult> {
  return db.transaction().execute(async (trx) => {
    // Serialise concurrent seeders (several nodes starting at once) on the marker row.
    const claimed = await trx
      .insertInto('installation')
      .values({ key: DEMO_MARKER_KEY, value: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) return { seeded: false, careCases: 0, organisations: 0, officials: 0, users: 0 };
    return insertDemo(trx);
  });
}

async function insertDemo(trx: Transaction<DatabaseSchema>): Promise<DemoSeedResult> {
  const organisationIds = new Map<string, string>();
  for (const organisation of ORGANISATIONS) {
    const row = await trx
      .insertInto('organisation')
      .values({
        name: organisation.name,
        kind: organisation.kind,
        district: organisation.district,
        state: 'West Bengal',
        country: 'IN',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisationIds.set(organisation.key, row.id);
  }
  const idOf = (key: string): string => {
    const id = organisationIds.get(key);
    if (!id) throw new Error(`demo seed: unknown organisation ${key}`);
    return id;
  };
  await trx
    .insertInto('official')
    .values(
      OFFICIALS.map((official) => ({
        name: official.name,
        designation: official.designation,
        organisation_id: idOf(official.organisation),
      })),
    )
    .execute();
  const users = await trx
    .insertInto('app_user')
    .values(
      USERS.map((user) => ({
        email: demoEmail(user.role),
        display_name: user.name,
        organisation_id: idOf(user.organisation),
        official_id: null,
        roles: [user.role],
        status: 'active' as const,
      })),
    )
    .returning(['id', 'roles'])
    .execute();
  const userWith = (role: Role): string => {
    const user = users.find((each) => each.roles.includes(role));
    if (!user) throw new Error(`demo seed: no ${role}`);
    return user.id;
  };
  // Every role has its demo user; fail loudly if a role is added without one.
  const missing = ROLES.filter((role) => !USERS.some((user) => user.role === role));
  if (missing.length > 0) throw new Error(`demo seed has no user for ${missing.join(', ')}`);
  const careCases = await seedDemoCareCases(trx, {
    organisationId: idOf('ngo'),
    shelterId: idOf('shelter-a'),
    otherShelterId: idOf('shelter-b'),
    cwcId: idOf('cwc'),
    socialWorkerId: userWith('social_worker'),
    counsellorId: userWith('counsellor'),
    managerId: userWith('program_manager'),
  });
  await seedDemoLegalCases(trx, {
    organisationId: idOf('ngo'),
    stationIds: [idOf('ps-north'), idOf('ps-south')],
    courtId: idOf('court'),
    legalOfficerId: userWith('legal_officer'),
  });
  await seedDemoStories(trx, {
    organisationId: idOf('ngo'),
    socialWorkerId: userWith('social_worker'),
    managerId: userWith('program_manager'),
  });
  await seedDemoTrainings(trx, {
    organisationId: idOf('ngo'),
    stationIds: [idOf('ps-north'), idOf('ps-south')],
    courtId: idOf('court'),
    managerId: userWith('program_manager'),
  });
  return {
    seeded: true,
    careCases,
    organisations: ORGANISATIONS.length,
    officials: OFFICIALS.length,
    users: USERS.length,
  };
}
