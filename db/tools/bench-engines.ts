// The benchmark's databases: one engine as before (a generated SQLite file, a given file, or a postgres:// URL),
// or --engines sqlite,pg: the data generated once (SQLite at --scale, or --db FILE), the people signed in on it,
// then copied row for row into PostgreSQL (--pg-url, or a throw-away server started in a temporary folder with
// db/tools/start-pg.sh and removed at the end), so both engines serve the same data and the same sessions.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateToLatest, openDatabase } from "../connect";
import { type Engine, isPostgresUrl } from "../engine";
import { log } from "./bench-support";
import { copySqliteToPostgres } from "./copy-to-pg";
import { SCALES, type Scale, type Sidecar, generateDatabase } from "./generator";
import { destroyPgServer, startPgServer } from "./pg-server";

export interface EngineDb {
  engine: Engine;
  label: "SQLite" | "PostgreSQL";
  /** A SQLite file or a postgres:// URL. */
  database: string;
}

export interface Databases {
  list: EngineDb[];
  sidecar: Sidecar | null;
  /** Where prepare() signs people in: the SQLite file when it is copied to PostgreSQL afterwards. */
  prepareOn: string;
  /** After prepare(): the copy into PostgreSQL, when there is one. */
  afterPrepare(): Promise<void>;
  /** Removes what the run made; after a failure, first shows the end of its own PostgreSQL server's log. */
  cleanup(failed?: boolean): Promise<void>;
}

const LABEL = { sqlite: "SQLite", pg: "PostgreSQL" } as const;
export const hideSecret = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");

export function parseEngines(value: string | undefined): Engine[] | null {
  if (!value) return null;
  const list = value.split(",").map((s) => s.trim());
  if (list.length === 0 || list.some((e) => e !== "sqlite" && e !== "pg") || new Set(list).size !== list.length)
    throw new Error("--engines takes sqlite, pg or sqlite,pg");
  // SQLite first: the PostgreSQL/SQLite column divides by it.
  return (["sqlite", "pg"] as const).filter((e) => list.includes(e));
}

async function generated(scale: string): Promise<{ file: string; sidecar: Sidecar }> {
  if (!SCALES.includes(scale as Scale)) throw new Error(`--scale must be one of ${SCALES.join(", ")}`);
  const file = path.join(os.tmpdir(), `gongzhi-bench-${scale}-${process.pid}.db`);
  const t0 = performance.now();
  log(`generating a ${scale} database…`);
  const sidecar = await generateDatabase({ file, scale: scale as Scale });
  log(`generated in ${Math.round(performance.now() - t0)} ms (${Math.round(fs.statSync(file).size / 1e6)} MB)`);
  return { file, sidecar };
}

const removeSqlite = (file: string) => {
  for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + s, { force: true });
};

const sidecarOf = (file: string): Sidecar | null => (fs.existsSync(`${file}.json`) ? (JSON.parse(fs.readFileSync(`${file}.json`, "utf8")) as Sidecar) : null);

const nothing = async () => {};

/** The databases of this run (see the file's head). */
export async function setUpDatabases(opts: { db?: string; scale: string; engines: Engine[] | null; pgUrl?: string }): Promise<Databases> {
  if (!opts.engines) return singleEngine(opts.db, opts.scale);
  if (opts.db && isPostgresUrl(opts.db)) throw new Error("with --engines, --db is a SQLite file; PostgreSQL's URL goes in --pg-url");
  const given = opts.db ? path.resolve(opts.db) : null;
  const { file, sidecar } = given ? { file: given, sidecar: sidecarOf(given) } : await generated(opts.scale);
  const temporary = !given;
  const wantsPg = opts.engines.includes("pg");
  let pgDir: string | null = null;
  let pgUrl = opts.pgUrl ?? null;
  if (wantsPg && !pgUrl) {
    pgDir = fs.mkdtempSync(path.join(os.tmpdir(), "gongzhi-bench-pg-"));
    log(`starting PostgreSQL in ${pgDir}…`);
    pgUrl = startPgServer(pgDir, "gongzhi_bench");
  }
  const list: EngineDb[] = opts.engines.map((engine) => ({ engine, label: LABEL[engine], database: engine === "pg" ? pgUrl! : file }));
  return {
    list,
    sidecar,
    prepareOn: file,
    async afterPrepare() {
      if (!wantsPg) return;
      const t0 = performance.now();
      log(`copying into PostgreSQL (${hideSecret(pgUrl!)}), replacing what it holds…`);
      await copySqliteToPostgres(file, pgUrl!);
      log(`copied in ${Math.round(performance.now() - t0)} ms`);
      // Only PostgreSQL measured: the generated file has served its purpose.
      if (temporary && !opts.engines!.includes("sqlite")) removeSqlite(file);
    },
    async cleanup(failed) {
      if (temporary) removeSqlite(file);
      if (pgDir) {
        const serverLog = path.join(pgDir, "server.log");
        if (failed && fs.existsSync(serverLog)) log(`PostgreSQL's log ends:\n${fs.readFileSync(serverLog, "utf8").split("\n").slice(-30).join("\n")}`);
        destroyPgServer(pgDir);
        fs.rmSync(pgDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * One engine, as the benchmark always had it: a generated file (the default, at --scale), a given file (used in
 * place: the run adds comments and ballots to it), or a postgres:// URL (migrated; when it is empty, a database
 * generated at --scale is copied into it).
 */
async function singleEngine(db: string | undefined, scale: string): Promise<Databases> {
  if (db && isPostgresUrl(db)) {
    const kdb = openDatabase(db);
    let empty: boolean;
    try {
      await migrateToLatest(kdb);
      empty = !(await kdb.selectFrom("proposals").select("id").limit(1).executeTakeFirst());
    } finally {
      await kdb.destroy();
    }
    let sidecar: Sidecar | null = null;
    if (empty) {
      // The generator writes SQLite and copies it into PostgreSQL row for row (the same data as a SQLite run at that scale).
      if (!SCALES.includes(scale as Scale)) throw new Error(`--scale must be one of ${SCALES.join(", ")}`);
      const t0 = performance.now();
      log(`generating a ${scale} database into PostgreSQL…`);
      sidecar = await generateDatabase({ file: db, scale: scale as Scale });
      log(`generated and copied in ${Math.round(performance.now() - t0)} ms`);
    }
    return { list: [{ engine: "pg", label: "PostgreSQL", database: db }], sidecar, prepareOn: db, afterPrepare: nothing, cleanup: nothing };
  }
  if (db) {
    // A generated file's sidecar names the measured compound; without one, the busiest compound is measured.
    const file = path.resolve(db);
    return {
      list: [{ engine: "sqlite", label: "SQLite", database: file }],
      sidecar: sidecarOf(file),
      prepareOn: file,
      afterPrepare: nothing,
      cleanup: nothing,
    };
  }
  const { file, sidecar } = await generated(scale);
  return {
    list: [{ engine: "sqlite", label: "SQLite", database: file }],
    sidecar,
    prepareOn: file,
    afterPrepare: nothing,
    cleanup: async () => removeSqlite(file),
  };
}
