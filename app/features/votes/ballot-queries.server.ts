// The ballot fast path that the benchmarks earned: statements prepared once and run synchronously on the
// held connection, inside the group commit (db/group-commit.ts, db/prepared.ts); on PostgreSQL the same work
// runs asynchronously in one transaction. Each write path is one async function: it reads what the command's
// `decide` asks for (lazily, in the order it asks: `decide` and the facts are work generators that yield the
// statements), lets it decide (it throws a refusal, or says what to write), then writes. Nothing here decides
// who may do what.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { VoteChoice } from "../../../db/schema";
import { engineOf } from "../../../db/engine";
import { groupCommit } from "../../../db/group-commit";
import { type RowOf, type Work, all, onConnection, one, prepared, run } from "../../../db/prepared";
import type { DB } from "~/db.server";
import { receiptHashOf } from "~/domain/ballot-chain";
import type { auditRow } from "~/features/audit/queries.server";
import { fail } from "~/features/errors";
import { type VoteRow, voteQuery, voterQuery } from "./queries.server";
import { slotOf } from "./slots.server";

/** A receipt code: 12 characters, shown once to the voter, grouped for reading (ABCD-EFGH-JKLM). */
function newReceipt(): { code: string; hash: string } {
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  const bytes = randomBytes(12);
  let raw = "";
  for (const b of bytes) raw += alphabet[b % alphabet.length];
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  return { code, hash: receiptHashOf(code) };
}

const voteById = prepared(voteQuery);
/**
 * PostgreSQL runs a vote's ballot work at READ COMMITTED (db/group-commit.ts) with the locks that make it as
 * safe as SQLite's one writer, yet lets voters of one vote write side by side:
 * - the vote's row FOR SHARE: closing updates that row first, so a ballot is either wholly before the close
 *   (and counted) or sees the vote closed; ballots do not block each other;
 * - one person's ballots in one vote, one owner's paper entries, one paper's confirmation, one after another
 *   (`lockTurn`, a transaction-scoped advisory lock; `paperOfVote` locks the paper's row): the double-submit and
 *   "already pending" checks then read what the previous one wrote.
 * On SQLite these are plain reads: its write lock already runs every transaction alone.
 */
const lockVote = prepared((db, voteId: number) =>
  db
    .selectFrom("votes")
    .select("id")
    .where("id", "=", voteId)
    .$if(engineOf(db) === "pg", (q) => q.forShare()),
);
const lockTurn = prepared((db, kind: string, voteId: number, key: string) =>
  engineOf(db) === "pg"
    ? db.selectNoFrom(sql<string>`pg_advisory_xact_lock(hashtext(${kind}::text || ':' || ${voteId}::text || ':' || ${key}::text))::text`.as("locked"))
    : db.selectNoFrom([sql<string>`${kind}`.as("kind"), sql<number>`${voteId}`.as("vote"), sql<string>`${key}`.as("key")]),
);
const voterOfVote = prepared(voterQuery);

const electorSelect = (db: DB, voteId: number) =>
  db
    .selectFrom("vote_voters as w")
    .innerJoin("vote_electors as e", "e.id", "w.elector_id")
    .select(["e.id", "e.label", "e.key", "e.dwelling_id"])
    .where("w.vote_id", "=", voteId);
// Two indexed lookups (by account, by roster phone) rather than one OR that would scan the electorate.
const electorsByUser = prepared((db, voteId: number, userId: number) => electorSelect(db, voteId).where("w.user_id", "=", userId));
const electorsByPhone = prepared((db, voteId: number, phone: string) => electorSelect(db, voteId).where("w.phone", "=", phone));
const ownedDwellings = prepared((db, userId: number) =>
  db.selectFrom("residencies").select("dwelling_id").where("user_id", "=", userId).where("status", "=", "verified").where("relation", "=", "owner"),
);

export type PersonElector = RowOf<typeof electorsByUser>;

/**
 * The electors a person may cast for in this vote (an owner of several dwellings has several). Residents'
 * votes: the people frozen at opening. Owners' votes: the roster decides ownership — the person whose phone
 * the roster frozen at opening lists votes for every dwelling listed under it, once they are verified as the
 * owner of one of those dwellings (a phone number alone is not proof). Verified at opening: the account is
 * frozen with the electorate; verified since: checked now.
 */
function* electorsNow(voteId: number, user: { id: number; phone: string }): Work<PersonElector[]> {
  const byPhone = yield* all(electorsByPhone, voteId, user.phone);
  const ownedIds = new Set(byPhone.length > 0 ? (yield* all(ownedDwellings, user.id)).map((o) => o.dwelling_id) : []);
  const verifiedOwner = byPhone.some((e) => e.dwelling_id !== null && ownedIds.has(e.dwelling_id));
  const seen = new Set<number>();
  return [...(yield* all(electorsByUser, voteId, user.id)), ...(verifiedOwner ? byPhone : [])]
    .filter((e) => !seen.has(e.id) && seen.add(e.id))
    .sort((a, b) => a.id - b.id);
}

export function electorsOf(db: DB, voteId: number, user: { id: number; phone: string }) {
  return onConnection(db, () => electorsNow(voteId, user));
}

const castOf = prepared((db, voteId: number, electorId: number) =>
  db.selectFrom("ballot_casts").select("cast_at").where("vote_id", "=", voteId).where("elector_id", "=", electorId),
);
const choiceOfSlot = prepared((db, voteId: number, slot: string) =>
  db.selectFrom("ballot_choices").select("choice").where("vote_id", "=", voteId).where("slot", "=", slot),
);
const upsertCast = prepared((db, voteId: number, electorId: number, channel: "online" | "paper", at: string) =>
  db
    .insertInto("ballot_casts")
    .values({ vote_id: voteId, elector_id: electorId, channel, cast_at: at })
    .onConflict((oc) => oc.columns(["vote_id", "elector_id"]).doUpdateSet({ channel, cast_at: at })),
);
const upsertChoice = prepared((db, voteId: number, slot: string, choice: VoteChoice, hash: string) =>
  db
    .insertInto("ballot_choices")
    .values({ vote_id: voteId, slot, choice, receipt_hash: hash })
    .onConflict((oc) => oc.columns(["vote_id", "slot"]).doUpdateSet({ choice, receipt_hash: hash })),
);
const insertHistory = prepared((db, voteId: number, slot: string, id: string, choice: VoteChoice, hash: string) =>
  db.insertInto("ballot_history").values({ vote_id: voteId, slot, id, choice, receipt_hash: hash }),
);
const insertAudit = prepared(
  (
    db,
    at: string,
    actorId: number | null,
    action: string,
    entityType: string,
    entityId: number | null,
    placeId: number | null,
    reason: string | null,
    data: string | null,
  ) => db.insertInto("audit_log").values({ at, actor_id: actorId, action, entity_type: entityType, entity_id: entityId, place_id: placeId, reason, data }),
);

/** An audit entry's row (`auditRow`), written on the held connection with the change it records. */
type AuditRow = ReturnType<typeof auditRow>;

function* audit(r: AuditRow) {
  yield* run(insertAudit, r.at, r.actor_id, r.action, r.entity_type, r.entity_id, r.place_id, r.reason, r.data);
}

/** Writes (or replaces) the counted ballot of one elector; the history keeps every change. */
function* record(v: { id: number; slot_salt: string | null }, electorId: number, choice: VoteChoice, channel: "online" | "paper", at: string) {
  if (!v.slot_salt) fail(409, "vote.closed");
  const slot = slotOf(v.slot_salt, electorId);
  const receipt = newReceipt();
  yield* run(upsertCast, v.id, electorId, channel, at);
  yield* run(upsertChoice, v.id, slot, choice, receipt.hash);
  yield* run(insertHistory, v.id, slot, randomBytes(12).toString("hex"), choice, receipt.hash);
  return receipt.code;
}

/** What every ballot decision starts from: the vote, and (read when asked) whether a person is its voter. */
export interface VoteFacts {
  vote: VoteRow | undefined;
  isVoter: (userId: number) => Work<boolean>;
}

function* voteFacts(voteId: number): Work<VoteFacts> {
  yield* one(lockVote, voteId);
  return {
    vote: yield* one(voteById, voteId),
    *isVoter(userId) {
      return (yield* one(voterOfVote, voteId, userId)) !== undefined;
    },
  };
}

export interface CastFacts extends VoteFacts {
  electors: (voteId: number) => Work<PersonElector[]>;
  /** The latest cast among these electors: when, and (read when asked) the choice it holds now. */
  latestCast: (v: VoteRow, electors: readonly { id: number }[]) => Work<{ at: string; choice: () => Work<VoteChoice | undefined> } | null>;
}

/**
 * One person's ballot for each of their electors, written in the next group commit: ballots arriving
 * together share one transaction (the busiest moment of the product is the evening a vote closes).
 */
export function castInGroup(
  db: DB,
  input: { voteId: number; user: { id: number; phone: string } },
  decide: (f: CastFacts) => Work<{ vote: VoteRow; electors: PersonElector[]; choice: VoteChoice; at: string }>,
) {
  return groupCommit(db, function* () {
    const facts = yield* voteFacts(input.voteId);
    yield* one(lockTurn, "ballot", input.voteId, String(input.user.id));
    const w = yield* decide({
      ...facts,
      electors: (voteId) => electorsNow(voteId, input.user),
      *latestCast(v, electors) {
        let last: { electorId: number; at: string } | null = null;
        for (const e of electors) {
          const at = (yield* one(castOf, v.id, e.id))?.cast_at;
          if (at && (!last || at > last.at)) last = { electorId: e.id, at };
        }
        if (!last) return null;
        const { electorId, at } = last;
        return {
          at,
          *choice() {
            return v.slot_salt ? (yield* one(choiceOfSlot, v.id, slotOf(v.slot_salt, electorId)))?.choice : undefined;
          },
        };
      },
    });
    const receipts: { label: string; code: string }[] = [];
    for (const e of w.electors) receipts.push({ label: e.label, code: yield* record(w.vote, e.id, w.choice, "online", w.at) });
    return receipts;
  });
}

const electorOfVote = prepared((db, electorId: number, voteId: number) =>
  db.selectFrom("vote_electors").select(["id", "owner_key"]).where("id", "=", electorId).where("vote_id", "=", voteId),
);
/** The dwellings of one owner in the frozen electorate (one elector, under residents' rules). */
const electorsOfOwner = prepared((db, voteId: number, ownerKey: string) =>
  db.selectFrom("vote_electors").select(["id", "label"]).where("vote_id", "=", voteId).where("owner_key", "=", ownerKey).orderBy("id"),
);
const pendingPaperOfOwner = prepared((db, voteId: number, ownerKey: string) =>
  db
    .selectFrom("paper_ballots as p")
    .innerJoin("vote_electors as e", "e.id", "p.elector_id")
    .select("p.id")
    .where("p.vote_id", "=", voteId)
    .where("p.status", "=", "pending")
    .where("e.owner_key", "=", ownerKey),
);
const insertPaper = prepared((db, voteId: number, electorId: number, choice: VoteChoice, by: number, at: string) =>
  db.insertInto("paper_ballots").values({ vote_id: voteId, elector_id: electorId, choice, entered_by: by, entered_at: at, status: "pending" }).returning("id"),
);

export interface PaperEntryFacts extends VoteFacts {
  elector: (electorId: number, voteId: number) => Work<{ id: number; owner_key: string } | undefined>;
  hasPendingPaper: (voteId: number, ownerKey: string) => Work<boolean>;
}

/** A paper ballot entered, waiting for a second person, with its audit entry; resolves with its id. */
export function enterPaperInGroup(
  db: DB,
  input: { voteId: number },
  decide: (f: PaperEntryFacts) => Work<{ voteId: number; electorId: number; choice: VoteChoice; by: number; at: string; audit: (paperId: number) => AuditRow }>,
) {
  return groupCommit(db, function* () {
    const w = yield* decide({
      ...(yield* voteFacts(input.voteId)),
      elector: (electorId, voteId) => one(electorOfVote, electorId, voteId),
      *hasPendingPaper(voteId, ownerKey) {
        yield* one(lockTurn, "paper", voteId, ownerKey);
        return (yield* one(pendingPaperOfOwner, voteId, ownerKey)) !== undefined;
      },
    });
    const { id } = (yield* one(insertPaper, w.voteId, w.electorId, w.choice, w.by, w.at))!;
    yield* audit(w.audit(id));
    return id;
  });
}

const paperOfVote = prepared((db, paperId: number, voteId: number) =>
  db
    .selectFrom("paper_ballots as p")
    .innerJoin("vote_electors as e", "e.id", "p.elector_id")
    .leftJoin("places as b", "b.id", "e.building_id")
    .select(["p.id", "p.elector_id", "p.choice", "p.entered_by", "p.status", "e.label", "e.owner_key", "b.path as building_path"])
    .where("p.id", "=", paperId)
    .where("p.vote_id", "=", voteId)
    .$if(engineOf(db) === "pg", (q) => q.forUpdate("p")),
);
const confirmPaper = prepared((db, paperId: number, by: number, at: string, choice: VoteChoice | null) =>
  db.updateTable("paper_ballots").set({ status: "confirmed", confirmed_by: by, confirmed_at: at, choice }).where("id", "=", paperId),
);

export type PaperRow = NonNullable<RowOf<typeof paperOfVote>>;

export interface PaperConfirmFacts extends VoteFacts {
  paper: (paperId: number, voteId: number) => Work<PaperRow | undefined>;
}

/**
 * A paper ballot confirmed: it is recorded as the owner's ballot for every dwelling of theirs in the frozen
 * electorate, the paper keeps its choice only when `keep` says so, and the audit entry is written. Resolves
 * with one receipt per dwelling.
 */
export function confirmPaperInGroup(
  db: DB,
  input: { voteId: number },
  decide: (
    f: PaperConfirmFacts,
  ) => Work<{ vote: VoteRow; paper: PaperRow; choice: VoteChoice; keep: VoteChoice | null; by: number; at: string; audit: AuditRow }>,
) {
  return groupCommit(db, function* () {
    const w = yield* decide({ ...(yield* voteFacts(input.voteId)), paper: (paperId, voteId) => one(paperOfVote, paperId, voteId) });
    const receipts: { electorId: number; label: string; code: string }[] = [];
    for (const e of yield* all(electorsOfOwner, w.vote.id, w.paper.owner_key)) {
      receipts.push({ electorId: e.id, label: e.label, code: yield* record(w.vote, e.id, w.choice, "paper", w.at) });
    }
    yield* run(confirmPaper, w.paper.id, w.by, w.at, w.keep);
    yield* audit(w.audit);
    return receipts;
  });
}
