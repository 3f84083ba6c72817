// One query on PostgreSQL, run in a child process so that browser tests can read the database synchronously
// on both engines (server.sql). Arguments: URL, SQL with ? placeholders, JSON array of parameters; prints rows.
import pg from "pg";

const [url, text, params] = process.argv.slice(2);
let n = 0;
const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
// The same values the app sees (db/postgres.ts): numbers, ISO instants, 0/1 flags.
client.setTypeParser(20, Number);
client.setTypeParser(1700, Number);
client.setTypeParser(1184, (v) => new Date(v).toISOString());
client.setTypeParser(1082, (v) => v);
client.setTypeParser(16, (v) => (v === "t" ? 1 : 0));
await client.connect();
try {
  const result = await client.query(
    text.replace(/\?/g, () => `$${++n}`),
    JSON.parse(params),
  );
  process.stdout.write(JSON.stringify(result.rows));
} finally {
  await client.end();
}
