import { useLoaderData } from "@remix-run/react";
import { notFound } from "~/auth/guards.server";

// The page baseline of the benchmarks: a trivial Remix page (root loader, layout and server rendering
// included) served by the same server. Exists only when the server was started with BENCH=1.
export async function loader() {
  if (process.env.BENCH !== "1") notFound();
  return { ok: true };
}

export default function BenchPage() {
  const d = useLoaderData<typeof loader>();
  return <h1>{d.ok ? "ok" : ""}</h1>;
}
