// Service requests: the working calendar, deadlines per level, who serves what, requests and their timeline.
import type { Generated } from "kysely";
import type { RoleName } from "./places";
import type { Category } from "./proposals";

export type RequestLevel = "compound" | "community" | "street" | "department";
export type RequestStateName = "received" | "accepted" | "in_progress" | "completed";
/** The same lists as app/domain/request-kinds.ts (checked there) and request-flow.ts, so pages can name them. */
export type RequestSubcategory = "elevator" | "repair" | "parking" | "security" | "garbage" | "greening" | "elderly" | "jobs" | "other";
export type RequestFunding = "maintenance_fund" | "micro_fund" | "street_budget" | "other";
export type RequestMoveAction = "create" | "accept" | "start" | "complete" | "escalate" | "return" | "dispatch" | "send_back" | "reopen" | "auto_escalate";
/** Who took a move: the role the actor held there, or the system for a timed escalation. */
export type MoveActorRole = RoleName | "system";

export interface WorkCalendarTable {
  date: string;
  kind: "holiday" | "workday";
  note: Generated<string>;
}

export interface LevelDeadlineTable {
  level: RequestLevel;
  accept_days: number;
  complete_days: number;
}

export interface ResponsibilityTable {
  street_id: number;
  subcategory: RequestSubcategory;
  level: "compound" | "community" | "street";
  department_id: number | null;
  updated_at: string;
}

export interface RequestTable {
  id: Generated<number>;
  /** Null for a direct report (source "report"): a CHECK keeps exactly one origin. */
  resolution_id: number | null;
  proposal_id: number | null;
  compound_id: number;
  community_id: number;
  street_id: number;
  title: string;
  body: string;
  body_html: string;
  category: Category;
  subcategory: RequestSubcategory;
  budget_fen: number;
  funding: RequestFunding;
  level: RequestLevel;
  office_id: number | null;
  department_id: number | null;
  state: RequestStateName;
  level_since: string;
  accept_due: string;
  accepted_at: string | null;
  complete_due: string | null;
  due_at: string | null;
  first_accepted_at: string | null;
  first_accept_due: string | null;
  completed_at: string | null;
  completed_level: RequestLevel | null;
  result: string | null;
  result_html: string | null;
  reopened: Generated<number>;
  round: Generated<number>;
  escalations: Generated<number>;
  returns: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** Where it came from: a resolution after a vote, or a resident's direct report (随手拍). */
  source: Generated<RequestSource>;
  /** A report's building of its compound, or its free-text spot (at least one). */
  building_id: Generated<number | null>;
  spot: Generated<string | null>;
  /** A report merged as a duplicate: the request it was merged into. */
  merged_into: Generated<number | null>;
}

export type RequestSource = "resolution" | "report";

/** Who follows a request directly: a report's reporter and the residents who backed it ("+1"). */
export interface RequestFollowTable {
  request_id: number;
  user_id: number;
  created_at: string;
}

export interface RequestMoveTable {
  id: Generated<number>;
  request_id: number;
  action: RequestMoveAction;
  from_level: RequestLevel | null;
  to_level: RequestLevel;
  from_state: RequestStateName | null;
  to_state: RequestStateName;
  office_name: string;
  department_id: number | null;
  /** A send-back's suggestion: the department the request belongs to instead. */
  suggested_department_id: Generated<number | null>;
  actor_id: number | null;
  actor_role: MoveActorRole;
  reason: string | null;
  result: string | null;
  on_time: number | null;
  at: string;
}

export interface RequestEvidenceTable {
  id: Generated<number>;
  request_id: number;
  move_id: number;
  file: string;
  mime: string;
  bytes: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: string;
}

export interface RequestRatingTable {
  request_id: number;
  round: number;
  user_id: number;
  rating: "satisfied" | "basic" | "unsatisfied";
  created_at: string;
  updated_at: string;
}
