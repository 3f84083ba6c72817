import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Bare Remix" }, { name: "description", content: "A bare Remix page." }];

export default function Index() {
  return (
    <main>
      <h1>Welcome to Remix</h1>
      <p>A root and one route, for measuring what a page costs before the app does anything.</p>
    </main>
  );
}
