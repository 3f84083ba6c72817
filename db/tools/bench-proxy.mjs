// The benchmark's load balancer: one port in front of N app servers, round robin, keep-alive to each (a
// reverse proxy as nginx would be, in Node so the benchmark needs nothing installed). Run as its own process:
//   node db/tools/bench-proxy.mjs LISTEN_PORT PORT1 PORT2 …
import http from "node:http";

const [listen, ...ports] = process.argv.slice(2).map(Number);
// Idle sockets close after 4 s, before the server's own 5 s keep-alive timeout could close one under a request.
const backends = ports.map((port) => ({ port, agent: new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 }) }));
let next = 0;
let failures = 0;

const server = http.createServer((req, res) => {
  const b = backends[next++ % backends.length];
  const upstream = http.request({ host: "127.0.0.1", port: b.port, method: req.method, path: req.url, headers: req.headers, agent: b.agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (error) => {
    if (failures++ < 5) process.stderr.write(`bench-proxy: ${req.method} ${req.url} → :${b.port}: ${error.message}\n`);
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
server.listen(listen, "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
