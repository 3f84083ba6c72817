// Project-based service requests (DESIGN §4.5) as a pure state machine: a request sits at one level
// (compound → community → street, or a department the street dispatched it to) in one state, and every
// move is named, taken by that level (or the one above or the system), and refused otherwise.

export type Level = "compound" | "community" | "street" | "department";
export type RequestState = "received" | "accepted" | "in_progress" | "completed";
export type RequestAction = "accept" | "start" | "complete" | "escalate" | "return" | "dispatch" | "send_back" | "reopen" | "auto_escalate";

export const LEVELS: readonly Level[] = ["compound", "community", "street", "department"];
export const REQUEST_STATES: readonly RequestState[] = ["received", "accepted", "in_progress", "completed"];
export const REQUEST_ACTIONS: readonly RequestAction[] = [
  "accept",
  "start",
  "complete",
  "escalate",
  "return",
  "dispatch",
  "send_back",
  "reopen",
  "auto_escalate",
];

/** The level above (escalation goes up to the street, never beyond). */
export function parentLevel(level: Level): Level | null {
  return level === "compound" ? "community" : level === "community" ? "street" : null;
}

/** The role that serves each level: who accepts, works on and moves a request held there. */
export const LEVEL_ROLE: Readonly<Record<Level, "coordinator" | "community_staff" | "street_staff" | "department_staff">> = {
  compound: "coordinator",
  community: "community_staff",
  street: "street_staff",
  department: "department_staff",
};

/** The level below (a return goes down one step; a department sends back to the street instead). */
export function childLevel(level: Level): Level | null {
  return level === "street" ? "community" : level === "community" ? "compound" : null;
}

/** The responsibility list (权责清单) of a street: which level owns a sub-category, and its department. */
export interface Responsibility {
  subcategory: string;
  level: "compound" | "community" | "street";
  departmentId: number | null;
}

/** A new request lands at the lowest level that owns its sub-category; unlisted ones go to the street. */
export function landingLevel(subcategory: string, list: readonly Responsibility[]): "compound" | "community" | "street" {
  return list.find((r) => r.subcategory === subcategory)?.level ?? "street";
}

/** The community access rule (社区准入制): work goes down only to a level whose list includes it. */
export function mayReturnTo(child: Level, subcategory: string, list: readonly Responsibility[]): boolean {
  const owner = landingLevel(subcategory, list);
  const rank = (l: Level) => (l === "compound" ? 0 : l === "community" ? 1 : 2);
  return child !== "department" && rank(owner) <= rank(child);
}

export interface RequestPosition {
  level: Level;
  state: RequestState;
  /** Whether an unsatisfied rating already reopened it once. */
  reopened: boolean;
}

export type MoveResult =
  | { ok: true; to: RequestPosition }
  | {
      ok: false;
      error: "illegal" | "above_street" | "access_rule" | "no_department" | "foreign_department" | "reason_required" | "result_required" | "reopen_used";
    };

export interface MoveInput {
  action: RequestAction;
  reason?: string | null;
  result?: string | null;
  subcategory: string;
  list: readonly Responsibility[];
  /** For a reopen: the level that completed it. */
  completedAt?: Level;
  /** For a dispatch: the department the street chose (else the list's); for a send-back: the one suggested instead. */
  departmentId?: number | null;
  /** The street's departments: a dispatch or a suggestion naming any other is refused. */
  departments?: readonly number[];
}

/** The department the responsibility list names for a sub-category, if any. */
export function listedDepartment(subcategory: string, list: readonly Responsibility[]): number | null {
  return list.find((r) => r.subcategory === subcategory)?.departmentId ?? null;
}

/**
 * The department a street's dispatch form starts with: the one a department suggested when it sent the
 * request back, else the one the responsibility list names, else none (the street must choose).
 */
export function dispatchDefault(subcategory: string, list: readonly Responsibility[], departments: readonly number[], suggested: number | null): number | null {
  if (suggested !== null && departments.includes(suggested)) return suggested;
  const listed = listedDepartment(subcategory, list);
  return listed !== null && departments.includes(listed) ? listed : null;
}

const needsReason = new Set<RequestAction>(["escalate", "return", "send_back", "reopen"]);

export function moveRequest(at: RequestPosition, m: MoveInput): MoveResult {
  const { level, state } = at;
  if (needsReason.has(m.action) && !m.reason?.trim()) {
    // A reason is checked only for a move that is otherwise possible.
    if (legalFrom(at, m.action)) return { ok: false, error: "reason_required" };
  }
  switch (m.action) {
    case "accept":
      return state === "received" ? { ok: true, to: { ...at, state: "accepted" } } : { ok: false, error: "illegal" };
    case "start":
      return state === "accepted" ? { ok: true, to: { ...at, state: "in_progress" } } : { ok: false, error: "illegal" };
    case "complete":
      if (state !== "in_progress" && state !== "accepted") return { ok: false, error: "illegal" };
      if (!m.result?.trim()) return { ok: false, error: "result_required" };
      return { ok: true, to: { ...at, state: "completed" } };
    case "escalate":
    case "auto_escalate": {
      // The clock escalates only what nobody accepted in time.
      if (m.action === "auto_escalate" && state !== "received") return { ok: false, error: "illegal" };
      if (state !== "received" && state !== "accepted") return { ok: false, error: "illegal" };
      if (level === "department") return { ok: false, error: "illegal" };
      const up = parentLevel(level);
      if (!up) return { ok: false, error: "above_street" };
      return { ok: true, to: { ...at, level: up, state: "received" } };
    }
    case "return": {
      if (state !== "received" && state !== "accepted") return { ok: false, error: "illegal" };
      const down = childLevel(level);
      if (!down) return { ok: false, error: "illegal" };
      if (!mayReturnTo(down, m.subcategory, m.list)) return { ok: false, error: "access_rule" };
      return { ok: true, to: { ...at, level: down, state: "received" } };
    }
    case "dispatch": {
      if (level !== "street" || (state !== "received" && state !== "accepted")) return { ok: false, error: "illegal" };
      // The street chooses among its departments; without a choice, the list's department.
      const dep = m.departmentId ?? listedDepartment(m.subcategory, m.list);
      if (dep === null || m.departments?.length === 0) return { ok: false, error: "no_department" };
      if (m.departments && !m.departments.includes(dep)) return { ok: false, error: "foreign_department" };
      return { ok: true, to: { ...at, level: "department", state: "received" } };
    }
    case "send_back":
      if (level !== "department" || state === "completed") return { ok: false, error: "illegal" };
      // It may name another department of the street for the street to dispatch to.
      if (m.departmentId != null && m.departments && !m.departments.includes(m.departmentId)) return { ok: false, error: "foreign_department" };
      return { ok: true, to: { ...at, level: "street", state: "received" } };
    case "reopen":
      if (state !== "completed") return { ok: false, error: "illegal" };
      if (at.reopened) return { ok: false, error: "reopen_used" };
      return { ok: true, to: { level: m.completedAt ?? level, state: "accepted", reopened: true } };
  }
}

function legalFrom(at: RequestPosition, action: RequestAction): boolean {
  const r = moveRequest(at, { action, reason: "x", result: "x", subcategory: "", list: [{ subcategory: "", level: "compound", departmentId: 1 }] });
  return r.ok || (r.error !== "illegal" && r.error !== "above_street");
}
