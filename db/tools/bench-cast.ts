// Casting a ballot, measured on each lane (an engine's servers, or its first server alone): timed runs of
// CAST_SECONDS, each person casting at most once a run (a second ballot within 3 s is a double submit, refused
// with 409; in a later round, more than 3 s on, each changes their ballot), one voter per household. Each run is
// compared with a trivial action run the same way right before and right after (the mean of the two), and the
// round with the median ratio is kept. (Runs of a fixed number of requests are not used: autocannon ends them on
// its one-second tick, which skews a run of a few seconds.)
import type autocannon from "autocannon";
import { type Measured, log, measuredOf } from "./bench-support";

export const CAST_SECONDS = 2;
/** Voters enough that nobody casts twice within 3 s, even in two lanes' runs back to back on one database. */
export const MIN_CASTERS = 2500;

export interface CastLane {
  key: string;
  run(o: Omit<autocannon.Options, "url">): Promise<autocannon.Result>;
  casts: { vote: number; token: string }[];
  /** Shared by the lanes of one database: the next voter, so two lanes do not take the same people. */
  cursor: { n: number };
  headers: (token: string) => Record<string, string>;
  trivial: autocannon.Request[];
}

export async function measureCasting(
  lanes: CastLane[],
  opts: { connections: number; rounds: number },
): Promise<Map<string, { cast: Measured; trivial: Measured }>> {
  const rounds = new Map<string, { cast: Measured; trivial: Measured }[]>(lanes.map((l) => [l.key, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    for (const lane of lanes) {
      const timed = async (requests: autocannon.Request[]) => {
        const r = await lane.run({ connections: opts.connections, duration: CAST_SECONDS, requests });
        return { r, m: measuredOf(r, CAST_SECONDS) };
      };
      log(`round ${round}/${opts.rounds}: casting (${lane.key}) for ${CAST_SECONDS} s, beside a trivial action before and after…`);
      const before = (await timed(lane.trivial)).m;
      const { r, m } = await timed([
        {
          method: "POST",
          path: `/votes/${lane.casts[0].vote}`,
          setupRequest: (req) => {
            const c = lane.casts[lane.cursor.n++ % lane.casts.length];
            return {
              ...req,
              path: `/votes/${c.vote}`,
              headers: lane.headers(c.token),
              body: `intent=cast&choice=${(lane.cursor.n + round) % 5 ? "agree" : "oppose"}`,
            };
          },
        },
      ]);
      if (m.bad > 0) log(`casting (${lane.key}): answers by status ${JSON.stringify(r.statusCodeStats)}`);
      const after = (await timed(lane.trivial)).m;
      rounds.get(lane.key)!.push({
        cast: m,
        trivial: { ...before, rps: Math.round(((before.rps + after.rps) / 2) * 10) / 10, errors: before.errors + after.errors, bad: before.bad + after.bad },
      });
    }
  }
  const out = new Map<string, { cast: Measured; trivial: Measured }>();
  for (const [key, list] of rounds) {
    const median = [...list].sort((a, b) => a.cast.rps / a.trivial.rps - b.cast.rps / b.trivial.rps)[Math.floor(list.length / 2)];
    out.set(key, {
      cast: { ...median.cast, errors: list.reduce((k, x) => k + x.cast.errors, 0), bad: list.reduce((k, x) => k + x.cast.bad, 0) },
      trivial: median.trivial,
    });
  }
  return out;
}
