// A static map: the server bundle cannot read migration files by path at run time.
import type { Migration } from "kysely";
import * as foundation from "./2026-11-26T00-foundation";
import * as proposals from "./2026-11-26T01-proposals";
import * as votes from "./2026-11-26T02-votes";
import * as hardening from "./2026-11-26T10-hardening";

export const migrations: Record<string, Migration> = {
  "2026-11-26T00-foundation": foundation,
  "2026-11-26T01-proposals": proposals,
  "2026-11-26T02-votes": votes,
  "2026-11-26T10-hardening": hardening,
};
