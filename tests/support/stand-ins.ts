// Local stand-ins for the notice channels (issue 17), started by the tests on 127.0.0.1 with a free port: an
// SMTP server (smtp-server) that keeps each message, and one HTTP server that plays the SMS provider (POST
// /sms) and a push service (POST /push/<name>). Never an outside address.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Mail {
  to: string[];
  messageId: string;
  subject: string;
  text: string;
}
export interface Sms {
  id: string;
  to: string;
  text: string;
}
export interface Push {
  path: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
}

/** An encoded-word header ("=?UTF-8?B?…?=") and a base64 body, read back as text. */
function decodeWords(s: string): string {
  return s.replace(/\s*=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : decodeQ(data.replace(/_/g, " ")),
  );
}
const decodeQ = (s: string) =>
  Buffer.from(
    s.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  ).toString("utf8");

function parseMail(raw: string, to: string[]): Mail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => headers.match(new RegExp(`^${name}: (.*)$`, "im"))?.[1] ?? "";
  const body = rest.join("\n\n");
  const text = /base64/i.test(header("Content-Transfer-Encoding")) ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : body;
  return { to, messageId: header("Message-ID"), subject: decodeWords(header("Subject")), text };
}

export async function startStandIns() {
  const mails: Mail[] = [];
  const sms: Sms[] = [];
  const pushes: Push[] = [];
  const fail = { sms: 0, smsAlways: false, push: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push(
          parseMail(
            Buffer.concat(chunks).toString("utf8"),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const web = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.url === "/sms") {
        if (fail.smsAlways || fail.sms > 0) {
          fail.sms = Math.max(0, fail.sms - 1);
          res.writeHead(500).end();
          return;
        }
        sms.push(JSON.parse(body.toString("utf8")) as Sms);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
        return;
      }
      if (req.url?.startsWith("/push/")) {
        if (fail.push > 0) {
          fail.push--;
          res.writeHead(503).end();
          return;
        }
        pushes.push({ path: req.url, headers: req.headers, bytes: body.length });
        res.writeHead(201).end();
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const webPort = (web.address() as AddressInfo).port;
  return {
    mails,
    sms,
    pushes,
    fail,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    smsUrl: `http://127.0.0.1:${webPort}/sms`,
    pushBase: `http://127.0.0.1:${webPort}/push`,
    reset() {
      mails.length = 0;
      sms.length = 0;
      pushes.length = 0;
      Object.assign(fail, { sms: 0, smsAlways: false, push: 0 });
    },
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
