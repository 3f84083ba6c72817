// Property tests (fast-check) over the pure rules: the two state machines never reach an undefined state,
// the tally does not depend on the order of ballots and an agreeing ballot never fails a passed vote, and
// the published ballot chain catches any changed, dropped or reordered entry.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProposalState } from "../../db/schema";
import { buildChain, receiptHashOf, verifyChain } from "~/domain/ballot-chain";
import { PROPOSAL_ACTIONS, PROPOSAL_RULES, PROPOSAL_STATES, type Party, availableActions, transition } from "~/domain/proposal-lifecycle";
import { LEVELS, REQUEST_ACTIONS, REQUEST_STATES, type RequestPosition, type Responsibility, landingLevel, moveRequest } from "~/domain/request-flow";
import { CHOICES, type CountedBallot, type Elector, RULES, tally } from "~/domain/tally";

const PARTIES: Party[] = ["author", "coordinator", "system"];
const reason = fc.option(fc.constantFrom("", "  ", "理由"), { nil: null });

describe("the proposal lifecycle", () => {
  const step = fc.record({ action: fc.constantFrom(...PROPOSAL_ACTIONS), by: fc.constantFrom(...PARTIES), reason });

  it("from a draft, any sequence of actions stays in a defined state and moves only by a rule", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let state: ProposalState = "draft";
        for (const s of steps) {
          const r = transition(state, s.action, s.by, s.reason);
          if (r.ok) {
            const rule = PROPOSAL_RULES[s.action];
            expect(rule.from).toContain(state);
            expect(rule.by).toContain(s.by);
            expect(r.to).toBe(rule.to);
            state = r.to;
          } else expect(["illegal", "not_allowed", "reason_required"]).toContain(r.error);
          expect(PROPOSAL_STATES).toContain(state);
        }
      }),
    );
  });

  it("offers exactly the actions that succeed with a reason, and none from archived", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROPOSAL_STATES), fc.constantFrom(...PARTIES), (state, by) => {
        const offered = availableActions(state, by);
        for (const a of PROPOSAL_ACTIONS) expect(transition(state, a, by, "理由").ok).toBe(offered.includes(a));
        if (state === "archived") expect(offered).toEqual([]);
      }),
    );
  });
});

describe("the service-request flow", () => {
  const SUBCATEGORIES = ["lighting", "parking", "noise"];
  const list = fc.uniqueArray(
    fc.record({
      subcategory: fc.constantFrom(...SUBCATEGORIES),
      level: fc.constantFrom("compound", "community", "street") as fc.Arbitrary<Responsibility["level"]>,
      departmentId: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    }),
    { selector: (r) => r.subcategory, maxLength: 3 },
  );
  const move = fc.record({
    action: fc.constantFrom(...REQUEST_ACTIONS),
    reason,
    result: fc.option(fc.constantFrom("", "已修好"), { nil: null }),
    completedAt: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
  });

  it("from where a request lands, any sequence of moves stays in a defined place and state", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUBCATEGORIES), list, fc.array(move, { maxLength: 40 }), (subcategory, responsibilities, moves) => {
        let at: RequestPosition = { level: landingLevel(subcategory, responsibilities), state: "received", reopened: false };
        for (const m of moves) {
          const completedAt = at.state === "completed" ? at.level : m.completedAt;
          const r = moveRequest(at, { ...m, completedAt, subcategory, list: responsibilities });
          if (!r.ok) continue;
          const to = r.to;
          expect(LEVELS).toContain(to.level);
          expect(REQUEST_STATES).toContain(to.state);
          // The reopen is used once, and never given back.
          if (at.reopened) expect(to.reopened).toBe(true);
          if (m.action === "reopen") expect(at.reopened).toBe(false);
          // A department is reached only by the street's dispatch, to a listed department.
          if (to.level === "department" && at.level !== "department") {
            expect(m.action).toBe("dispatch");
            expect(responsibilities.find((x) => x.subcategory === subcategory)?.departmentId ?? null).not.toBeNull();
          }
          // Reasons and results are required where the rules say so.
          if (["escalate", "return", "send_back", "reopen"].includes(m.action)) expect(m.reason?.trim()).toBeTruthy();
          if (m.action === "complete") expect(m.result?.trim()).toBeTruthy();
          at = to;
        }
      }),
    );
  });
});

describe("the tally", () => {
  // Electors: dwellings with areas; some owners hold several dwellings.
  const electorate = fc
    .integer({ min: 1, max: 12 })
    .chain((n) =>
      fc
        .tuple(
          fc.array(fc.integer({ min: 0, max: Math.max(0, n - 1) }), { minLength: n, maxLength: n }),
          fc.array(fc.integer({ min: 1_000, max: 30_000 }), { minLength: n, maxLength: n }),
        )
        .map(([owners, areas]) => areas.map((areaCenti, i): Elector => ({ key: `d${i}`, ownerKey: `o${owners[i]}`, areaCenti }))),
    );
  const scenario = electorate.chain((electors) =>
    fc
      .array(fc.record({ elector: fc.integer({ min: 0, max: electors.length - 1 }), choice: fc.constantFrom(...CHOICES) }), { maxLength: 30 })
      .map((raw) => ({ electors, ballots: raw.map((b, seq): CountedBallot => ({ electorKey: electors[b.elector].key, choice: b.choice, seq })) })),
  );
  const rule = fc.constantFrom(...RULES);
  const quorum = fc.integer({ min: 0, max: 100 });

  it("is the same for any order of the ballots", () => {
    fc.assert(
      fc.property(scenario, rule, quorum, fc.infiniteStream(fc.nat()), ({ electors, ballots }, r, q, keys) => {
        const shuffled = ballots
          .map((b) => ({ b, k: keys.next().value as number }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.b);
        expect(tally({ rule: r, electors, ballots: shuffled, quorumPercent: q })).toEqual(tally({ rule: r, electors, ballots, quorumPercent: q }));
      }),
    );
  });

  it("never turns a passed vote into a failed one when an agreeing ballot is added (a first ballot or a change)", () => {
    fc.assert(
      fc.property(scenario, rule, quorum, fc.nat(), ({ electors, ballots }, r, q, pick) => {
        const before = tally({ rule: r, electors, ballots, quorumPercent: q });
        fc.pre(before.passed);
        const added: CountedBallot = { electorKey: electors[pick % electors.length].key, choice: "agree", seq: ballots.length };
        expect(tally({ rule: r, electors, ballots: [...ballots, added], quorumPercent: q }).passed).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the published ballot chain", () => {
  const entries = fc
    .uniqueArray(fc.string({ minLength: 4, maxLength: 12 }), { minLength: 2, maxLength: 20 })
    .chain((codes) =>
      fc
        .array(fc.constantFrom("agree", "oppose", "abstain"), { minLength: codes.length, maxLength: codes.length })
        .map((choices) => codes.map((c, i) => ({ receiptHash: receiptHashOf(c), choice: choices[i] }))),
    );
  const voteId = fc.integer({ min: 1, max: 10_000 });

  it("verifies as built, against its head", () => {
    fc.assert(
      fc.property(voteId, entries, (id, list) => {
        const chain = buildChain(id, list);
        expect(verifyChain(id, chain, chain.at(-1)!.chainHash)).toBeNull();
      }),
    );
  });

  it("catches any changed choice, dropped entry or reordering", () => {
    const tamper = fc.constantFrom("change", "drop", "swap", "rehash");
    fc.assert(
      fc.property(voteId, entries, tamper, fc.nat(), fc.nat(), (id, list, how, i0, j0) => {
        const chain = buildChain(id, list);
        const head = chain.at(-1)!.chainHash;
        const i = i0 % chain.length;
        let forged = chain.slice();
        if (how === "change") forged[i] = { ...forged[i], choice: forged[i].choice === "agree" ? "oppose" : "agree" };
        if (how === "drop") forged.splice(i, 1);
        if (how === "swap") {
          const j = (i + 1 + (j0 % (chain.length - 1))) % chain.length;
          [forged[i], forged[j]] = [forged[j], forged[i]];
        }
        // A forger who also recomputes the hashes after a change still cannot meet the published head.
        if (how === "rehash")
          forged = buildChain(
            id,
            chain.map((e, k) => (k === i ? { ...e, choice: e.choice === "agree" ? "abstain" : "agree" } : e)),
          );
        expect(verifyChain(id, forged, head)).not.toBeNull();
      }),
    );
  });
});
