// The service worker of Web Push (issue 17): shows the notice the server sent, and opens its page when tapped.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: "共治", body: event.data ? event.data.text() : "" };
  }
  const url = typeof data.url === "string" ? data.url : "/notifications";
  event.waitUntil(self.registration.showNotification(data.title || "共治", { body: data.body || "", data: { url }, lang: "zh-CN" }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || "/notifications", self.location.origin);
  // Only pages of this site: the link is the server's own.
  const target = url.origin === self.location.origin ? url.href : self.location.origin + "/notifications";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((list) => {
      for (const c of list) if (c.url === target && "focus" in c) return c.focus();
      return self.clients.openWindow(target);
    }),
  );
});
