// Turns Web Push on or off in this browser (issue 17): registers the service worker (/sw.js), subscribes with
// the server's VAPID key and hands the subscription to /push/subscribe (or takes it back). Needs JavaScript;
// without it the buttons stay hidden and the page says what push needs.
import { useEffect, useState } from "react";
import { useT } from "~/i18n";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function post(fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return fetch("/push/subscribe", { method: "POST", body, headers: { accept: "application/json" } });
}

export function PushSwitch({ publicKey }: { publicKey: string }) {
  const t = useT();
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const [state, setState] = useState<"idle" | "on" | "off" | "failed">("idle");
  useEffect(() => {
    if (!("serviceWorker" in navigator && "PushManager" in window)) return;
    void navigator.serviceWorker
      .getRegistration("/sw.js")
      .then((r) => r?.pushManager.getSubscription())
      .then((s) => setSubscribed(!!s))
      .catch(() => setSubscribed(false));
  }, []);
  if (subscribed === null) return null;
  async function enable() {
    try {
      const registration = await navigator.serviceWorker.register("/sw.js");
      const sub = (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) })).toJSON();
      const r = await post({ intent: "subscribe", endpoint: sub.endpoint ?? "", p256dh: sub.keys?.p256dh ?? "", auth: sub.keys?.auth ?? "" });
      setState(r.ok ? "on" : "failed");
      setSubscribed(r.ok);
    } catch {
      setState("failed");
    }
  }
  async function disable() {
    try {
      const sub = await (await navigator.serviceWorker.getRegistration("/sw.js"))?.pushManager.getSubscription();
      if (sub) {
        await post({ intent: "unsubscribe", endpoint: sub.endpoint });
        await sub.unsubscribe();
      }
      setState("off");
      setSubscribed(false);
    } catch {
      setState("failed");
    }
  }
  return (
    <div className="stack">
      <div>
        {subscribed ? (
          <button type="button" className="secondary" onClick={() => void disable()}>
            {t("push.disable")}
          </button>
        ) : (
          <button type="button" onClick={() => void enable()}>
            {t("push.enable")}
          </button>
        )}
      </div>
      {state === "on" ? <p role="status">{t("push.on")}</p> : null}
      {state === "off" ? <p role="status">{t("push.off")}</p> : null}
      {state === "failed" ? (
        <p className="alert" role="alert">
          {t("push.failed")}
        </p>
      ) : null}
    </div>
  );
}
