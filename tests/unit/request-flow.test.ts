// Every level × state × action of a service request, against a table written out by hand.
import { describe, expect, it } from "vitest";
import {
  type Level,
  type RequestAction,
  type RequestState,
  LEVELS,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  dispatchDefault,
  landingLevel,
  mayReturnTo,
  moveRequest,
} from "~/domain/request-flow";

// 加装电梯 is the community's (the street dispatches it to department 7); 垃圾分类 the compound's.
const list = [
  { subcategory: "加装电梯", level: "community" as const, departmentId: 7 },
  { subcategory: "垃圾分类", level: "compound" as const, departmentId: null },
];

type Expect = { level: Level; state: RequestState } | "illegal" | "above_street" | "access_rule" | "no_department";

function expected(level: Level, state: RequestState, action: RequestAction, sub: string): Expect {
  const open = state === "received" || state === "accepted";
  switch (action) {
    case "accept":
      return state === "received" ? { level, state: "accepted" } : "illegal";
    case "start":
      return state === "accepted" ? { level, state: "in_progress" } : "illegal";
    case "complete":
      return state === "accepted" || state === "in_progress" ? { level, state: "completed" } : "illegal";
    case "escalate":
      if (!open || level === "department") return "illegal";
      return level === "street" ? "above_street" : { level: level === "compound" ? "community" : "street", state: "received" };
    case "auto_escalate":
      if (state !== "received" || level === "department") return "illegal";
      return level === "street" ? "above_street" : { level: level === "compound" ? "community" : "street", state: "received" };
    case "return": {
      if (!open || level === "compound" || level === "department") return "illegal";
      const down: Level = level === "street" ? "community" : "compound";
      const owner = sub === "加装电梯" ? "community" : "compound";
      const allowed = down === "community" || owner === "compound";
      return allowed ? { level: down, state: "received" } : "access_rule";
    }
    case "dispatch":
      if (level !== "street" || !open) return "illegal";
      return sub === "加装电梯" ? { level: "department", state: "received" } : "no_department";
    case "send_back":
      return level === "department" && state !== "completed" ? { level: "street", state: "received" } : "illegal";
    case "reopen":
      return state === "completed" ? { level: "community", state: "accepted" } : "illegal";
  }
}

const cases: [Level, RequestState, RequestAction, string][] = [];
for (const l of LEVELS) for (const s of REQUEST_STATES) for (const a of REQUEST_ACTIONS) for (const sub of ["加装电梯", "垃圾分类"]) cases.push([l, s, a, sub]);

describe("service request flow", () => {
  it.each(cases)("at %s, %s: %s (%s)", (level, state, action, sub) => {
    const r = moveRequest({ level, state, reopened: false }, { action, reason: "理由", result: "已完成", subcategory: sub, list, completedAt: "community" });
    const e = expected(level, state, action, sub);
    if (typeof e === "string") expect(r).toEqual({ ok: false, error: e });
    else expect(r).toEqual({ ok: true, to: { level: e.level, state: e.state, reopened: action === "reopen" } });
  });

  it("needs a reason to escalate, return, send back or reopen, and a result to complete", () => {
    const at = { level: "community" as const, state: "received" as const, reopened: false };
    expect(moveRequest(at, { action: "escalate", reason: " ", subcategory: "加装电梯", list })).toEqual({ ok: false, error: "reason_required" });
    expect(moveRequest({ ...at, state: "in_progress" }, { action: "complete", result: "", subcategory: "加装电梯", list })).toEqual({
      ok: false,
      error: "result_required",
    });
  });

  it("reopens once only", () => {
    const done = { level: "street" as const, state: "completed" as const, reopened: true };
    expect(moveRequest(done, { action: "reopen", reason: "不满意", subcategory: "加装电梯", list })).toEqual({ ok: false, error: "reopen_used" });
  });

  it("lands at the lowest owning level; unlisted work goes to the street", () => {
    expect(landingLevel("垃圾分类", list)).toBe("compound");
    expect(landingLevel("加装电梯", list)).toBe("community");
    expect(landingLevel("其他", list)).toBe("street");
    expect(mayReturnTo("compound", "加装电梯", list)).toBe(false);
    expect(mayReturnTo("community", "加装电梯", list)).toBe(true);
  });
});

describe("issue 12 · 19: the street dispatches to the department it chooses; a department sends back naming another", () => {
  // The street's departments are 7, 8 and 9; the list names 7 for 加装电梯 and none for 垃圾分类.
  const departments = [7, 8, 9];
  const street = { level: "street" as const, state: "received" as const, reopened: false };
  const dept = { level: "department" as const, state: "accepted" as const, reopened: false };
  const toDepartment = { ok: true, to: { level: "department", state: "received", reopened: false } };
  const toStreet = { ok: true, to: { level: "street", state: "received", reopened: false } };

  it.each([
    ["the list's department when the street names none", "加装电梯", undefined, departments, toDepartment],
    ["the department the street chose, not the list's", "加装电梯", 9, departments, toDepartment],
    ["a department for work the list sends nowhere", "垃圾分类", 8, departments, toDepartment],
    ["nothing chosen and nothing listed", "垃圾分类", undefined, departments, { ok: false, error: "no_department" }],
    ["another street's department", "加装电梯", 42, departments, { ok: false, error: "foreign_department" }],
    ["a street without departments", "加装电梯", 7, [], { ok: false, error: "no_department" }],
  ] as const)("dispatch: %s", (_what, sub, departmentId, deps, result) => {
    expect(moveRequest(street, { action: "dispatch", subcategory: sub, list, departmentId, departments: deps })).toEqual(result);
  });

  it.each([
    ["with no suggestion", undefined, toStreet],
    ["naming another department of the street", 8, toStreet],
    ["naming another street's department", 42, { ok: false, error: "foreign_department" }],
  ] as const)("send back: %s", (_what, departmentId, result) => {
    expect(moveRequest(dept, { action: "send_back", reason: "不属本科室职责", subcategory: "加装电梯", list, departmentId, departments })).toEqual(result);
  });

  it.each([
    ["the department's suggestion first", 9, 9],
    ["else the list's department", null, 7],
    ["a suggestion no longer of the street: the list's", 42, 7],
  ] as const)("the dispatch form starts with %s", (_what, suggested, expected) => {
    expect(dispatchDefault("加装电梯", list, departments, suggested)).toBe(expected);
  });

  it("the dispatch form starts with none when nothing is suggested or listed", () => {
    expect(dispatchDefault("垃圾分类", list, departments, null)).toBeNull();
    expect(dispatchDefault("加装电梯", list, [8, 9], null)).toBeNull();
  });
});
