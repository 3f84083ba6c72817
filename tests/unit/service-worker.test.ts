// The Web Push service worker (public/sw.js, issue 17): run in a stand-in of the worker's global scope, it shows
// the notice the server sent and, when tapped, opens that page of this site (never another site's).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";

const SOURCE = fs.readFileSync(path.resolve(__dirname, "../../public/sw.js"), "utf8");
const ORIGIN = "https://gongzhi.example.cn";

function worker() {
  const listeners: Record<string, (e: unknown) => void> = {};
  const shown: { title: string; options: { body: string; data: { url: string } } }[] = [];
  const opened: string[] = [];
  const self = {
    location: { origin: ORIGIN },
    addEventListener: (type: string, fn: (e: unknown) => void) => (listeners[type] = fn),
    registration: {
      showNotification: (title: string, options: { body: string; data: { url: string } }) => {
        shown.push({ title, options });
        return Promise.resolve();
      },
    },
    clients: {
      matchAll: () => Promise.resolve([]),
      openWindow: (url: string) => {
        opened.push(url);
        return Promise.resolve(null);
      },
    },
  };
  vm.runInNewContext(SOURCE, { self, URL });
  const fire = async (type: string, event: Record<string, unknown>) => {
    let done: Promise<unknown> = Promise.resolve();
    listeners[type]({ ...event, waitUntil: (p: Promise<unknown>) => (done = p) });
    await done;
  };
  return { fire, shown, opened };
}

describe("the push service worker", () => {
  it("shows the notice's title and text, and opens its page when tapped", async () => {
    const w = worker();
    const payload = { title: "《加装电梯》状态变为：表决中", body: "【共治】…", url: "/proposals/12" };
    await w.fire("push", { data: { json: () => payload, text: () => JSON.stringify(payload) } });
    expect(w.shown).toEqual([{ title: payload.title, options: expect.objectContaining({ body: payload.body, data: { url: "/proposals/12" } }) }]);
    const notification = { data: w.shown[0].options.data, close: () => undefined };
    await w.fire("notificationclick", { notification });
    expect(w.opened).toEqual([`${ORIGIN}/proposals/12`]);
  });

  it("never opens another site: a foreign link becomes the notifications page", async () => {
    const w = worker();
    await w.fire("notificationclick", { notification: { data: { url: "https://evil.example/x" }, close: () => undefined } });
    expect(w.opened).toEqual([`${ORIGIN}/notifications`]);
  });

  it("a payload that is not JSON still shows", async () => {
    const w = worker();
    await w.fire("push", { data: { json: () => JSON.parse("x"), text: () => "plain words" } });
    expect(w.shown[0]).toMatchObject({ title: "共治", options: { body: "plain words" } });
  });
});
