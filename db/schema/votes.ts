// Votes: electorates, ballots (cast, choice, history, paper, published) and resolutions.
import type { Generated } from "kysely";

export type VoteRule = "residents" | "owners_ordinary" | "owners_major";
export type VoteChoice = "agree" | "oppose" | "abstain";

export interface VoteTable {
  id: Generated<number>;
  proposal_id: number;
  compound_id: number;
  rule: VoteRule;
  /** residents' rule: one vote per person or per dwelling; owners' rules: per dwelling. */
  per: "person" | "dwelling";
  quorum_percent: Generated<number>;
  secret: number;
  opens_at: string;
  closes_at: string;
  status: "open" | "closed";
  slot_salt: string | null;
  opened_by: number | null;
  created_at: string;
  closed_at: string | null;
  /** The frozen tally (JSON). */
  result: string | null;
  passed: number | null;
  chain_head: string | null;
}

export interface VoteElectorTable {
  id: Generated<number>;
  vote_id: number;
  key: string;
  owner_key: string;
  area_centi: number;
  dwelling_id: number | null;
  building_id: number | null;
  label: string;
}

export interface VoteVoterTable {
  vote_id: number;
  elector_id: number;
  user_id: number | null;
  phone: string | null;
}

export interface BallotCastTable {
  vote_id: number;
  elector_id: number;
  channel: "online" | "paper";
  cast_at: string;
}

export interface BallotChoiceTable {
  vote_id: number;
  slot: string;
  choice: VoteChoice;
  receipt_hash: string;
}

export interface BallotHistoryTable {
  vote_id: number;
  slot: string;
  /** Random: the history cannot be put in the order of the casts. */
  id: string;
  choice: VoteChoice;
  receipt_hash: string;
}

export interface PaperBallotTable {
  id: Generated<number>;
  vote_id: number;
  elector_id: number;
  choice: VoteChoice | null;
  entered_by: number;
  entered_at: string;
  confirmed_by: number | null;
  confirmed_at: string | null;
  /** expired: nobody confirmed it before the vote closed; it was not counted. */
  status: "pending" | "confirmed" | "expired";
}

export interface PublishedBallotTable {
  vote_id: number;
  position: number;
  receipt_hash: string;
  choice: VoteChoice;
  chain_hash: string;
}

export interface ResolutionTable {
  id: Generated<number>;
  proposal_id: number;
  vote_id: number;
  compound_id: number;
  year: number;
  seq: number;
  number: string;
  title: string;
  tally: string;
  notice_starts: string;
  notice_ends: string;
  created_at: string;
}
