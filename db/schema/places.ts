// Places, people, sessions, roles, residency, household codes and the audit log.
import type { Generated } from "kysely";

export type PlaceKind = "city" | "district" | "street" | "community" | "compound" | "building";
export type RoleName = "admin" | "coordinator" | "building_lead" | "community_staff" | "street_staff" | "department_staff";
export type Relation = "owner" | "tenant" | "family";
export type ResidencyStatus = "pending" | "verified" | "rejected" | "ended";
export type ResidencyMethod = "claim" | "code" | "roster";

export interface PlaceTable {
  id: Generated<number>;
  kind: PlaceKind;
  name: string;
  parent_id: number | null;
  /** Materialised path of ids, "/1/4/9/": a place is inside another when its path starts with the other's. */
  path: string;
  created_at: string;
  /** Dwellings in a building or compound, kept by triggers (migration T12). */
  dwelling_count: Generated<number>;
  /** Verified residents (people) of a compound, kept by triggers (migration T12). */
  resident_count: Generated<number>;
}

export interface DwellingTable {
  id: Generated<number>;
  building_id: number;
  compound_id: number;
  unit: string;
  room: string;
  /** Exclusive floor area in hundredths of m² (exact arithmetic for the votes). */
  area_centi: number;
  created_at: string;
}

export interface DepartmentTable {
  id: Generated<number>;
  place_id: number;
  name: string;
  created_at: string;
}

export interface UserTable {
  id: Generated<number>;
  phone: string;
  name: string;
  password_hash: string;
  locale: string | null;
  created_at: string;
  /** Elderly mode (large text): 1 on, 0 off, null never chosen (the cookie decides). */
  large_text: Generated<number | null>;
}

export interface SessionTable {
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  id: string;
  user_id: number;
  expires_at: string;
  created_at: string;
  /** The browser's User-Agent when the session began (cut to 300 characters), to name the device. */
  user_agent: string | null;
  /** Last request with this session, to within SEEN_EVERY_MS. */
  last_seen_at: string | null;
  /** Acting on behalf (代办): the resident this session acts for, until on_behalf_until (past: over). */
  on_behalf_of: Generated<number | null>;
  on_behalf_until: Generated<string | null>;
}

/** A one-time consent to act on behalf: a code sent to the resident's phone (its hash) or a paper form's number. */
export interface BehalfConsentTable {
  id: Generated<number>;
  helper_id: number;
  resident_id: number;
  method: "code" | "paper";
  code_hash: string | null;
  tries: Generated<number>;
  form_number: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface SignInFailureTable {
  id: Generated<number>;
  phone: string;
  at: string;
  /** Where a sign-in failure came from: "ip:<address>", "device:<known_devices.id>" or "unknown"; null for other tries. */
  source: string | null;
}

/** A device a person signed in on: only the SHA-256 of the token in its cookie is kept. */
export interface KnownDeviceTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  last_used_at: string;
}

export interface RoleGrantTable {
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

export interface ResidencyTable {
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

export interface DwellingOwnerTable {
  id: Generated<number>;
  dwelling_id: number;
  name: string;
  phone: string;
  created_at: string;
}

export interface HouseholdCodeTable {
  id: Generated<number>;
  dwelling_id: number;
  code: string;
  created_by: number | null;
  created_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
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
  /** Acting on behalf: the helper who did it for actor_id (the resident); null when they did it themselves. */
  acted_by: Generated<number | null>;
}
