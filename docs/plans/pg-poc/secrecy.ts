// Ballot secrecy on a PostgreSQL heap: what pairs a cast with a choice, and the close-time rewrite that stops it.
import { createHash, randomBytes } from "node:crypto";
import { openPg, sql } from "./db";

const { db } = openPg();
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
await sql.raw(`drop table if exists b_casts, b_choices;
create table b_casts (vote_id int, elector_id int, cast_at timestamptz not null, primary key (vote_id, elector_id));
create table b_choices (vote_id int, slot text, choice text not null, receipt_hash text not null, primary key (vote_id, slot))`).execute(db);
const salt = randomBytes(32).toString("hex");
const slotOf = (e: number) => sha(`${salt}:${e}`);
// 40 electors vote in elector order: the first 20 agree, the last 20 oppose (the pattern a leak would reveal).
for (let e = 1; e <= 40; e++) {
  await db.transaction().execute(async (trx) => {
    await sql`insert into b_casts values (1, ${e}, now())`.execute(trx);
    await sql`insert into b_choices values (1, ${slotOf(e)}, ${e <= 20 ? "agree" : "oppose"}, ${sha(randomBytes(8).toString("hex"))})
              on conflict (vote_id, slot) do update set choice = excluded.choice`.execute(trx);
  });
}
type Row = { elector_id?: number; slot?: string; choice?: string; x: string; ctid: string };
const casts = (await sql<Row>`select elector_id, xmin::text as x, ctid::text from b_casts where vote_id = 1`.execute(db)).rows;
const choicesRows = async () => (await sql<Row>`select slot, choice, xmin::text as x, ctid::text from b_choices where vote_id = 1 order by b_choices.ctid`.execute(db)).rows;
let choices = await choicesRows();
const byX = new Map(choices.map((c) => [c.x, c.choice]));
const paired = casts.filter((c) => byX.get(c.x) === (c.elector_id! <= 20 ? "agree" : "oppose")).length;
console.log(`LEAK while written per cast: ${paired}/40 electors paired with their choice through xmin (same transaction id)`);
console.log(`LEAK physical order: choices in ctid order = ${choices.map((c) => (c.choice === "agree" ? "A" : "O")).join("")}`);

// Close: in the closing transaction the salt is erased and the vote's choice rows are rewritten in slot order.
await db.transaction().execute(async (trx) => {
  await sql`create temp table keep on commit drop as select vote_id, slot, choice, receipt_hash from b_choices where vote_id = 1`.execute(trx);
  await sql`delete from b_choices where vote_id = 1`.execute(trx);
  await sql`insert into b_choices select * from keep order by slot`.execute(trx);
});
await sql`vacuum b_choices`.execute(db); // dead versions (with the casts' xmin) gone from SQL's view; run by the job after close
choices = await choicesRows();
const xs = new Set(choices.map((c) => c.x));
const sortedBySlot = choices.every((c, i) => i === 0 || choices[i - 1].slot! < c.slot!);
console.log(`AFTER close rewrite: distinct xmin on choices = ${xs.size}, shared with any cast = ${casts.some((c) => xs.has(c.x))}, ctid order == slot order: ${sortedBySlot}`);
console.log(`AFTER physical order: ${choices.map((c) => (c.choice === "agree" ? "A" : "O")).join("")}`);
const seqs = await sql<{ n: number }>`select count(*) as n from information_schema.columns where table_name in ('b_choices') and (is_identity = 'YES' or column_default like 'nextval%')`.execute(db);
console.log(`sequences/identity on the choice side: ${seqs.rows[0].n}`);
await db.destroy();
