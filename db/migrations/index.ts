// A static map: the server bundle cannot read migration files by path at run time.
import type { Kysely, Migration } from "kysely";
import type { Engine } from "../engine";
import * as foundation from "./2026-11-26T00-foundation";
import * as proposals from "./2026-11-26T01-proposals";
import * as votes from "./2026-11-26T02-votes";
import * as requests from "./2026-11-26T03-requests";
import * as indexes from "./2026-11-26T04-indexes";
import * as searchScope from "./2026-11-26T05-search-scope";
import * as searchTokens from "./2026-11-26T06-search-tokens";
import * as hardening from "./2026-11-26T10-hardening";
import * as threadIndexes from "./2026-11-26T11-thread-indexes";
import * as placeCounters from "./2026-11-26T12-place-counters";
import * as commentStance from "./2026-12-03T03-comment-stance";
import * as listByTime from "./2026-12-03T03-list-by-time";
import * as requestSuggestedDepartment from "./2026-12-03T04-request-suggested-department";
import * as signInSources from "./2026-12-03T06-sign-in-sources";
import * as checks from "./2026-12-03T07-checks";
import * as sharedState from "./2026-12-03T08-shared-state";
import * as outbox from "./2026-12-04T01-outbox";
import * as directReports from "./2026-12-04T03-direct-reports";
import * as largeText from "./2026-12-04T04-large-text";
import * as onBehalf from "./2026-12-04T05-on-behalf";

/** A migration file: `up` gets the engine from outside (Kysely's maintainers' advice, kysely#1191). */
interface Step {
  up(db: Kysely<any>, engine: Engine): Promise<void>;
  down?(db: Kysely<any>, engine: Engine): Promise<void>;
}

const steps: Record<string, Step> = {
  "2026-11-26T00-foundation": foundation,
  "2026-11-26T01-proposals": proposals,
  "2026-11-26T02-votes": votes,
  "2026-11-26T03-requests": requests,
  "2026-11-26T04-indexes": indexes,
  "2026-11-26T05-search-scope": searchScope,
  "2026-11-26T06-search-tokens": searchTokens,
  "2026-11-26T10-hardening": hardening,
  "2026-11-26T11-thread-indexes": threadIndexes,
  "2026-11-26T12-place-counters": placeCounters,
  "2026-12-03T03-comment-stance": commentStance,
  "2026-12-03T03-list-by-time": listByTime,
  "2026-12-03T04-request-suggested-department": requestSuggestedDepartment,
  "2026-12-03T06-sign-in-sources": signInSources,
  "2026-12-03T07-checks": checks,
  "2026-12-03T08-shared-state": sharedState,
  "2026-12-04T01-outbox": outbox,
  "2026-12-04T03-direct-reports": directReports,
  "2026-12-04T04-large-text": largeText,
  "2026-12-04T05-on-behalf": onBehalf,
};

/** The migrations for one engine: the same names and history on both, each told which engine it builds. */
export function migrationsFor(engine: Engine): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(steps).map(([name, step]) => [
      name,
      { up: (db: Kysely<any>) => step.up(db, engine), ...(step.down ? { down: (db: Kysely<any>) => step.down!(db, engine) } : {}) },
    ]),
  );
}

/** The SQLite migrations (tests that drive a Migrator by hand). */
export const migrations = migrationsFor("sqlite");
