import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of Dawn's tables. Each migration that changes a table updates its type here. */
export interface InstallationTable {
  key: string;
  value: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type OrganisationKind =
  | 'ngo'
  | 'police_station'
  | 'ahtu'
  | 'court'
  | 'cwc'
  | 'shelter_home'
  | 'dlsa'
  | 'hospital'
  | 'school'
  | 'training_provider';

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  kind: OrganisationKind;
  district: string | null;
  state: string | null;
  country: string;
  created_at: ColumnType<Date, never, never>;
}

export interface OfficialTable {
  id: Generated<string>;
  name: string;
  designation: string;
  organisation_id: string;
  created_at: ColumnType<Date, never, never>;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  organisation_id: string;
  official_id: string | null;
  roles: string[];
  status: 'active' | 'disabled';
  created_at: ColumnType<Date, never, never>;
}

export interface DatabaseSchema {
  installation: InstallationTable;
  organisation: OrganisationTable;
  official: OfficialTable;
  app_user: UserTable;
}
