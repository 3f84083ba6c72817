// Vote tallies (DESIGN §4.3), pure and exact: integers only (areas in hundredths of m²), no floats.
// Owners' rules follow Civil Code art. 278 and its judicial interpretation: one dwelling counts as one owner,
// and one owner of several dwellings counts once, with all their area.

export type Rule = "residents" | "owners_ordinary" | "owners_major";
export type Choice = "agree" | "oppose" | "abstain";
export const CHOICES: readonly Choice[] = ["agree", "oppose", "abstain"];
export const RULES: readonly Rule[] = ["residents", "owners_ordinary", "owners_major"];

export interface Elector {
  /** The dwelling or the person that holds one ballot. */
  key: string;
  /** Owners' rules: who owns it (one owner of several dwellings has one key). */
  ownerKey: string;
  areaCenti: number;
}

export interface CountedBallot {
  electorKey: string;
  choice: Choice;
  /** Order of casting: an owner's latest ballot, for whichever of their dwellings, is their choice for all of them. */
  seq: number;
}

export interface Condition {
  id: "participation_area" | "participation_headcount" | "approval_area" | "approval_headcount" | "turnout" | "majority";
  numerator: number;
  denominator: number;
  /** The threshold as a fraction and how it compares: ≥ 2/3, > 1/2, ≥ 3/4 … */
  op: ">=" | ">";
  fraction: [number, number];
  met: boolean;
}

export interface Tally {
  rule: Rule;
  passed: boolean;
  conditions: Condition[];
  failed: Condition["id"][];
  counts: {
    electors: number;
    headcount: number;
    areaCenti: number;
    participating: number;
    participatingHeadcount: number;
    participatingAreaCenti: number;
    byChoice: Record<Choice, { ballots: number; headcount: number; areaCenti: number }>;
  };
}

function condition(id: Condition["id"], numerator: number, denominator: number, op: ">=" | ">", [a, b]: [number, number]): Condition {
  // numerator / denominator (op) a / b  ⇔  numerator·b (op) a·denominator, for denominator > 0.
  const lhs = numerator * b;
  const rhs = a * denominator;
  if (!Number.isSafeInteger(lhs) || !Number.isSafeInteger(rhs)) throw new Error("tally out of exact range");
  const met = denominator > 0 && (op === ">=" ? lhs >= rhs : lhs > rhs);
  return { id, numerator, denominator, op, fraction: [a, b], met };
}

export function tally(input: { rule: Rule; electors: readonly Elector[]; ballots: readonly CountedBallot[]; quorumPercent?: number }): Tally {
  const electorByKey = new Map(input.electors.map((e) => [e.key, e]));
  // One owner, one choice: an owner's latest ballot, whichever of their dwellings it was cast for (online or
  // on paper), is their choice, and it counts for every dwelling they own in the electorate and for one head.
  // (A stray key is ignored.) Residents' rules give each elector its own owner key.
  const ownerChoice = new Map<string, CountedBallot>();
  for (const b of input.ballots) {
    const e = electorByKey.get(b.electorKey);
    if (!e) continue;
    const prev = ownerChoice.get(e.ownerKey);
    if (!prev || b.seq > prev.seq) ownerChoice.set(e.ownerKey, b);
  }
  const owners = new Set(input.electors.map((e) => e.ownerKey));
  const areaCenti = input.electors.reduce((s, e) => s + e.areaCenti, 0);
  const byChoice = Object.fromEntries(CHOICES.map((c) => [c, { ballots: 0, headcount: 0, areaCenti: 0 }])) as Tally["counts"]["byChoice"];
  let participating = 0;
  let participatingAreaCenti = 0;
  for (const e of input.electors) {
    const b = ownerChoice.get(e.ownerKey);
    if (!b) continue;
    byChoice[b.choice].ballots++;
    byChoice[b.choice].areaCenti += e.areaCenti;
    participating++;
    participatingAreaCenti += e.areaCenti;
  }
  for (const b of ownerChoice.values()) byChoice[b.choice].headcount++;
  const counts = {
    electors: input.electors.length,
    headcount: owners.size,
    areaCenti,
    participating,
    participatingHeadcount: ownerChoice.size,
    participatingAreaCenti,
    byChoice,
  };

  let conditions: Condition[];
  if (input.rule === "residents") {
    const q = input.quorumPercent ?? 0;
    conditions = [
      condition("turnout", counts.participating, counts.electors, ">=", [q, 100]),
      condition("majority", byChoice.agree.ballots, byChoice.agree.ballots + byChoice.oppose.ballots, ">", [1, 2]),
    ];
  } else {
    const approval: [number, number] = input.rule === "owners_major" ? [3, 4] : [1, 2];
    const op = input.rule === "owners_major" ? ">=" : ">";
    conditions = [
      condition("participation_area", participatingAreaCenti, areaCenti, ">=", [2, 3]),
      condition("participation_headcount", counts.participatingHeadcount, counts.headcount, ">=", [2, 3]),
      condition("approval_area", byChoice.agree.areaCenti, participatingAreaCenti, op, approval),
      condition("approval_headcount", byChoice.agree.headcount, counts.participatingHeadcount, op, approval),
    ];
  }
  const failed = conditions.filter((c) => !c.met).map((c) => c.id);
  return { rule: input.rule, passed: failed.length === 0, conditions, failed, counts };
}
