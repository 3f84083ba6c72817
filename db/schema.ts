// The Database interface: types only. Instants are ISO-8601 UTC text everywhere.
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export type PlaceKind = "city" | "district" | "street" | "community" | "compound" | "building";
export type RoleName =
  | "admin"
  | "coordinator"
  | "building_lead"
  | "community_staff"
  | "street_staff"
  | "department_staff";
export type Relation = "owner" | "tenant" | "family";
export type ResidencyStatus = "pending" | "verified" | "rejected" | "ended";
export type ResidencyMethod = "claim" | "code" | "roster";

export interface Database {
  places: PlaceTable;
  dwellings: DwellingTable;
  departments: DepartmentTable;
  users: UserTable;
  sessions: SessionTable;
  sign_in_failures: SignInFailureTable;
  role_grants: RoleGrantTable;
  residencies: ResidencyTable;
  dwelling_owners: DwellingOwnerTable;
  household_codes: HouseholdCodeTable;
  audit_log: AuditLogTable;
}

interface PlaceTable {
  id: Generated<number>;
  kind: PlaceKind;
  name: string;
  parent_id: number | null;
  /** Materialised path of ids, "/1/4/9/": a place is inside another when its path starts with the other's. */
  path: string;
  created_at: string;
}

interface DwellingTable {
  id: Generated<number>;
  building_id: number;
  compound_id: number;
  unit: string;
  room: string;
  /** Exclusive floor area in hundredths of m² (exact arithmetic for the votes). */
  area_centi: number;
  created_at: string;
}

interface DepartmentTable {
  id: Generated<number>;
  place_id: number;
  name: string;
  created_at: string;
}

interface UserTable {
  id: Generated<number>;
  phone: string;
  name: string;
  password_hash: string;
  locale: string | null;
  created_at: string;
}

interface SessionTable {
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  id: string;
  user_id: number;
  expires_at: string;
  created_at: string;
}

interface SignInFailureTable {
  id: Generated<number>;
  phone: string;
  at: string;
}

interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: RoleName;
  /** null only for an administrator of the whole deployment. */
  place_id: number | null;
  department_id: number | null;
  granted_by: number | null;
  granted_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
}

interface ResidencyTable {
  id: Generated<number>;
  user_id: number;
  dwelling_id: number;
  compound_id: number;
  relation: Relation;
  status: ResidencyStatus;
  method: ResidencyMethod;
  note: string | null;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
  ended_at: string | null;
  ended_by: number | null;
  end_reason: string | null;
  created_at: string;
}

interface DwellingOwnerTable {
  id: Generated<number>;
  dwelling_id: number;
  name: string;
  phone: string;
  created_at: string;
}

interface HouseholdCodeTable {
  id: Generated<number>;
  dwelling_id: number;
  code: string;
  created_by: number | null;
  created_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  place_id: number | null;
  reason: string | null;
  /** JSON text with the details of the change. */
  data: string | null;
}

export type Place = Selectable<PlaceTable>;
export type NewPlace = Insertable<PlaceTable>;
export type Dwelling = Selectable<DwellingTable>;
export type Department = Selectable<DepartmentTable>;
export type User = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type RoleGrant = Selectable<RoleGrantTable>;
export type Residency = Selectable<ResidencyTable>;
export type DwellingOwner = Selectable<DwellingOwnerTable>;
export type HouseholdCode = Selectable<HouseholdCodeTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
