// A second app process on the test's database (issue 14 · 5): `tsx tests/support/second-process.ts ACT ARGS…`
// with DATABASE_URL set runs one act as an app server would and prints its answer as one JSON line. With
// WAIT_FOR_GO=1 it first prints "ready" and waits for a line on stdin, so two processes can act at one moment.
import readline from "node:readline";
import { closeDb, getDb } from "~/db.server";
import { cookieSecret } from "~/env.server";
import { moveRequest, runRequestJobs } from "~/features/requests/commands.server";
import { addCalendarDay } from "~/features/requests/rules-commands.server";
import { countTries, shareCookieSecret } from "~/features/shared-state/commands.server";
import { runDueJobs } from "~/features/votes/commands.server";
import { flashCookie } from "~/web/flash.server";
import { actorOf } from "./services";

async function act(name: string, args: string[]): Promise<unknown> {
  switch (name) {
    case "tries": {
      const [key, max, count, at] = args;
      const answers: boolean[] = [];
      for (let i = 0; i < Number(count); i++) answers.push((await countTries([{ key, max: Number(max) }], new Date(at))).ok);
      return answers;
    }
    case "accept":
      return moveRequest(await actorOf("coordinator"), { requestId: Number(args[0]), action: "accept" }, new Date(args[1]));
    case "holiday":
      return addCalendarDay(await actorOf("admin"), { date: args[0], kind: "holiday", note: "另一台服务器" }, new Date(args[1]));
    case "secret":
      await shareCookieSecret();
      return { secret: cookieSecret(), flash: flashCookie({ key: "sessions.signedOutEverywhere" }) };
    case "jobs":
      return { votes: await runDueJobs(new Date(args[0])), requests: await runRequestJobs(new Date(args[0])) };
    default:
      throw new Error(`unknown act ${name}`);
  }
}

const [name, ...args] = process.argv.slice(2);
getDb();
if (process.env.WAIT_FOR_GO === "1") {
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => readline.createInterface({ input: process.stdin }).once("line", () => resolve()));
}
try {
  process.stdout.write(`${JSON.stringify((await act(name, args)) ?? null)}\n`);
} finally {
  await closeDb();
}
process.exit(0);
