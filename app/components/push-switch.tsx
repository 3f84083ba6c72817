// Turns Web Push on in this browser (issue 17): registers the service worker (/sw.js), subscribes with the
// server's VAPID key and hands the subscription to /push/subscribe. Needs JavaScript; without it the button
// stays hidden and the page says what push needs.
import { useEffect, useState } from "react";
import { useT } from "~/i18n";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export function PushSwitch({ publicKey }: { publicKey: string }) {
  const t = useT();
  const [ready, setReady] = useState(false);
  const [state, setState] = useState<"idle" | "on" | "failed">("idle");
  useEffect(() => setReady("serviceWorker" in navigator && "PushManager" in window), []);
  if (!ready) return null;
  async function enable() {
    try {
      const registration = await navigator.serviceWorker.register("/sw.js");
      const sub = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      const json = sub.toJSON();
      const body = new FormData();
      body.set("intent", "subscribe");
      body.set("endpoint", json.endpoint ?? "");
      body.set("p256dh", json.keys?.p256dh ?? "");
      body.set("auth", json.keys?.auth ?? "");
      const r = await fetch("/push/subscribe", { method: "POST", body, headers: { accept: "application/json" } });
      setState(r.ok ? "on" : "failed");
    } catch {
      setState("failed");
    }
  }
  return (
    <div className="stack">
      <div>
        <button type="button" onClick={() => void enable()}>
          {t("push.enable")}
        </button>
      </div>
      {state === "on" ? <p role="status">{t("push.on")}</p> : null}
      {state === "failed" ? (
        <p className="alert" role="alert">
          {t("push.failed")}
        </p>
      ) : null}
    </div>
  );
}
