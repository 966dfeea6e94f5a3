import type { Role } from '@dawn/core';
import { sql, type InsertObject, type RawBuilder } from 'kysely';
import type { App } from '../src/app.ts';
import { hashPassword } from '../src/features/auth/credentials.ts';
import { currentCode, newTotpSecret } from '../src/features/auth/totp.ts';
import type { Deps } from '../src/platform/deps.ts';
import type { DatabaseSchema } from '../src/platform/db/schema.ts';

/** Typed builders for the people and places of a test story. All names are invented. */
export async function anOrganisation(
  deps: Deps,
  name: string,
  kind: 'ngo' | 'police_station' | 'shelter_home' | 'cwc' = 'ngo',
): Promise<string> {
  const row = await deps.db
    .insertInto('organisation')
    .values({ name, kind, district: 'Test District', state: 'West Bengal', country: 'IN' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const TEST_PASSWORD = 'correct horse battery staple 7';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  organisationId: string;
  roles: Role[];
  /** Present when the user has two-factor sign-in set up. */
  totpSecret?: string;
}

let counter = 0;

/** A user who has already changed their one-time password (and enrolled 2FA when asked to). */
export async function aUser(
  deps: Deps,
  input: {
    roles: Role[];
    organisationId: string;
    name?: string;
    twoFactor?: boolean;
    mustChangePassword?: boolean;
  },
): Promise<TestUser> {
  counter += 1;
  const email = `user${counter}.${input.roles.join('-')}@test.dawn.example`;
  const totpSecret = input.twoFactor ? newTotpSecret() : undefined;
  const row = await deps.db
    .insertInto('app_user')
    .values({
      email,
      display_name: input.name ?? `Test User ${counter}`,
      organisation_id: input.organisationId,
      official_id: null,
      roles: input.roles,
      status: 'active',
      password_hash: await hashPassword(TEST_PASSWORD),
      must_change_password: input.mustChangePassword ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (totpSecret) {
    await deps.db
      .updateTable('app_user')
      .set({
        totp_secret: deps.vault.sealSecret(`totp:${row.id}`, totpSecret),
        totp_enabled_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    id: row.id,
    email,
    password: TEST_PASSWORD,
    organisationId: input.organisationId,
    roles: input.roles,
    ...(totpSecret ? { totpSecret } : {}),
  };
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie: string | undefined;
  csrfToken: string | undefined;
  constructor(private readonly app: App) {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
    const response = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
      },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    const setCookie = response.cookies.find((cookie) => cookie.name === 'dawn_session');
    if (setCookie) this.cookie = setCookie.value ? `dawn_session=${setCookie.value}` : undefined;
    if (response.statusCode === 200 && String(response.headers['content-type']).includes('json')) {
      const json = response.json<{ csrfToken?: unknown }>();
      if (typeof json.csrfToken === 'string') this.csrfToken = json.csrfToken;
    }
    return response;
  }

  get(url: string) {
    return this.request('GET', url);
  }

  /**
   * A request whose body is sent as it is (raw JSON text, a multipart body, bytes) and with
   * headers of its own (`If-Match`, a content type), with the session's cookie and CSRF token.
   */
  send(
    method: 'POST' | 'PUT',
    url: string,
    payload: string | Buffer | Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    return this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      payload,
    });
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
}

/** Signs in through the API (and the second factor when the user has one); the client is active. */
export async function signedIn(app: App, user: TestUser): Promise<Client> {
  const client = new Client(app);
  const response = await client.post('/api/auth/sign-in', {
    email: user.email,
    password: user.password,
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  if (user.totpSecret) {
    const verified = await client.post('/api/auth/two-factor/verify', {
      code: currentCode(user.totpSecret, Date.now()),
    });
    if (verified.statusCode !== 200)
      throw new Error(`2FA failed: ${verified.statusCode} ${verified.body}`);
  }
  return client;
}

/**
 * A user of these roles in the organisation, with a second factor when one of the roles needs it,
 * signed in.
 */
export async function signedInAs(
  subject: { app: App; deps: Deps },
  organisationId: string,
  roles: Role[],
): Promise<Client> {
  const user = await aUser(subject.deps, {
    roles,
    organisationId,
    twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
  });
  return signedIn(subject.app, user);
}

/**
 * An open deadline of a legal case written straight to the table, not by the engine: for stories
 * that read obligations (lists and pages) and need many rows of a known shape.
 */
export function aStandInDeadline(row: {
  caseId: string;
  organisationId: string;
  key: string;
  rule: string;
  caseCode: string;
  startsAt: Date | RawBuilder<Date>;
  dueAt: Date | RawBuilder<Date>;
}): InsertObject<DatabaseSchema, 'obligation'> {
  return {
    case_type: 'legal_case',
    case_id: row.caseId,
    organisation_id: row.organisationId,
    case_code: row.caseCode,
    obligation_key: row.key,
    rule: row.rule,
    title: 'A test deadline',
    citation: 'Test Act s.1',
    starts_at: row.startsAt,
    due_at: row.dueAt,
    status: 'open',
    consequence: 'None',
    confidence: 'T',
    unconfirmed: false,
    responsible_role: 'legal_officer',
    alerts_at: '{}',
    explanation: sql`'{}'::jsonb`,
    computed_at: sql<Date>`now()`,
  };
}
