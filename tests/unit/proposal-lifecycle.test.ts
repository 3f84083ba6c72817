// Every state × action × party: the one legal move of each action, and a refusal for everything else.
import { describe, expect, it } from "vitest";
import type { ProposalState } from "../../db/schema";
import {
  type Party,
  type ProposalAction,
  PROPOSAL_ACTIONS,
  PROPOSAL_STATES,
  acceptsVote,
  availableActions,
  reachesThreshold,
  transition,
} from "~/domain/proposal-lifecycle";

// The expected table, written out by hand: action → [from states] → to, and who may take it.
const EXPECTED: Record<ProposalAction, { from: ProposalState[]; to: ProposalState; by: Party; reason?: boolean }> = {
  submit: { from: ["draft"], to: "submitted", by: "author" },
  request_changes: { from: ["submitted"], to: "draft", by: "coordinator", reason: true },
  publish: { from: ["submitted"], to: "published", by: "coordinator" },
  auto_publish: { from: ["submitted"], to: "published", by: "system" },
  decline: { from: ["submitted"], to: "declined", by: "coordinator", reason: true },
  withdraw: { from: ["draft", "submitted", "published"], to: "withdrawn", by: "author" },
  merge: { from: ["submitted", "published"], to: "merged", by: "coordinator" },
  open_vote: { from: ["published"], to: "voting", by: "coordinator" },
  adopt: { from: ["voting"], to: "adopted", by: "system" },
  reject: { from: ["voting"], to: "rejected", by: "system" },
  archive: { from: ["adopted", "rejected", "declined", "withdrawn", "merged"], to: "archived", by: "coordinator" },
};
const PARTIES: Party[] = ["author", "coordinator", "system"];

const cases: [ProposalState, ProposalAction, Party][] = [];
for (const s of PROPOSAL_STATES) for (const a of PROPOSAL_ACTIONS) for (const p of PARTIES) cases.push([s, a, p]);

describe("proposal lifecycle", () => {
  it("the table covers every action", () => expect(Object.keys(EXPECTED).sort()).toEqual([...PROPOSAL_ACTIONS].sort()));

  it.each(cases)("%s --%s by %s", (state, action, party) => {
    const e = EXPECTED[action];
    const result = transition(state, action, party, "理由");
    if (!e.from.includes(state)) expect(result).toEqual({ ok: false, error: "illegal" });
    else if (e.by !== party) expect(result).toEqual({ ok: false, error: "not_allowed" });
    else expect(result).toEqual({ ok: true, to: e.to });
  });

  it.each(PROPOSAL_ACTIONS.filter((a) => EXPECTED[a].reason))("%s needs a reason", (action) => {
    const e = EXPECTED[action];
    expect(transition(e.from[0], action, e.by, "  ")).toEqual({ ok: false, error: "reason_required" });
  });

  it("withdrawing an adopted proposal is illegal", () => {
    expect(transition("adopted", "withdraw", "author")).toEqual({ ok: false, error: "illegal" });
  });

  it("offers each party only its legal moves", () => {
    expect(availableActions("submitted", "coordinator").sort()).toEqual(["decline", "merge", "publish", "request_changes"]);
    expect(availableActions("published", "author")).toEqual(["withdraw"]);
    expect(availableActions("archived", "coordinator")).toEqual([]);
  });

  it("issue 12 · 17: a vote can be opened only on a proposal in consultation", () => {
    expect(PROPOSAL_STATES.filter(acceptsVote)).toEqual(["published"]);
    for (const s of PROPOSAL_STATES) expect(acceptsVote(s), s).toBe(transition(s, "open_vote", "coordinator").ok);
  });

  it.each([
    [4, 5, false],
    [5, 5, true],
    [6, 5, true],
    [0, 0, false],
  ])("%i distinct dwellings against a threshold of %i → %s", (n, t, ok) => expect(reachesThreshold(n, t)).toBe(ok));
});
