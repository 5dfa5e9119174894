import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Readiness, Router, Workload } from "../../src/backend.js";
import { parseServerAddress, parseStat, probeEndpointsOf, serversOf, serversUsingSsl } from "../../src/backends/haproxy/stat.js";
import type { FarmView } from "../../src/backends/ovh/servers.js";
import { readinessOf } from "../../src/backends/ovh/servers.js";
import type { Config } from "../../src/inputs.js";
import { readyNow, waitUntilReady } from "../../src/modes/readiness.js";
import { newReport } from "../../src/report.js";
import { type Attempt, attemptOnce, checkedPhrase, type ProbeEndpoint, probeInARow } from "../../src/smoke/probe.js";
import { freePort } from "../support/apps.js";

const B1: ProbeEndpoint = { name: "b1", host: "127.0.0.1", port: 8081, protocol: "http" };
const B2: ProbeEndpoint = { name: "b2", host: "127.0.0.1", port: 8082, protocol: "http" };
const FAST = { path: "/health", times: 3, intervalMs: 5, attemptTimeoutMs: 100 };
const OK: Attempt = { ok: true, detail: "HTTP 200" };
const REFUSED: Attempt = { ok: false, detail: "connection refused" };

/** Attempts that answer from a script, per server; the last entry repeats. */
function scripted(script: Record<string, Attempt[]>) {
  const calls: string[] = [];
  const attempt = async (endpoint: ProbeEndpoint) => {
    calls.push(endpoint.name);
    const list = script[endpoint.name] as Attempt[];
    return (list.length > 1 ? list.shift() : list[0]) as Attempt;
  };
  return { attempt, calls };
}

describe("probing servers several times in a row", () => {
  it("is ready after `times` consecutive successes of every server, and says what it checked", async () => {
    const { attempt, calls } = scripted({ b1: [OK], b2: [OK] });
    const outcome = await probeInARow([B1, B2], FAST, Date.now() + 5_000, attempt);
    expect(outcome).toEqual({ ok: true, detail: "answering /health 3 times in a row" });
    expect(calls.filter((c) => c === "b1")).toHaveLength(3);
    expect(calls.filter((c) => c === "b2")).toHaveLength(3);
  });

  it("starts a server's count again after a failure, and leaves alone a server that made it", async () => {
    const { attempt, calls } = scripted({ b1: [OK, OK, REFUSED, OK, OK, OK], b2: [OK] });
    const outcome = await probeInARow([B1, B2], FAST, Date.now() + 5_000, attempt);
    expect(outcome.ok).toBe(true);
    expect(calls.filter((c) => c === "b1")).toHaveLength(6);
    expect(calls.filter((c) => c === "b2")).toHaveLength(3);
  });

  it("gives up at the deadline with one sentence naming each server behind, its last answer and its count", async () => {
    const { attempt } = scripted({ b1: [REFUSED], b2: [OK, { ok: false, detail: "HTTP 503" }, OK] });
    const outcome = await probeInARow([B1, B2], { ...FAST, intervalMs: 20 }, Date.now() + 300, attempt);
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toMatch(
      /^b1 at 127\.0\.0\.1:8081 \(last: connection refused\) did not answer \/health with 2xx 3 times in a row within 0\.[2-9] s$/,
    );
  });

  it("names the count so far of a server that was on its way", async () => {
    const { attempt } = scripted({ b1: [REFUSED, REFUSED, OK] });
    const outcome = await probeInARow([B1], { ...FAST, times: 50, intervalMs: 20 }, Date.now() + 200, attempt);
    expect(outcome.detail).toMatch(/^b1 at 127\.0\.0\.1:8081 \(last: HTTP 200, \d+ in a row so far\) did not answer/);
  });

  it("says which servers were checked over HTTPS without the certificate, or by a bare connection", () => {
    const secure = { ...B2, protocol: "https" as const };
    const tcp = { ...B1, name: "t1", protocol: "tcp" as const };
    expect(checkedPhrase([B1, secure], FAST)).toBe("answering /health 3 times in a row (over HTTPS without checking the certificate: b2)");
    expect(checkedPhrase([tcp], FAST)).toBe("accepting connections 3 times in a row");
    expect(checkedPhrase([B1, tcp], FAST)).toBe(
      "answering /health 3 times in a row (a connection accepted, the router speaking TCP to them: t1)",
    );
  });
});

describe("one probe attempt, against real servers", () => {
  it("HTTP: 2xx passes, 503 fails with its status, a closed port is a refused connection", async () => {
    let status = 200;
    const server = http.createServer((_req, res) => {
      res.statusCode = status;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = { ...B1, port: (server.address() as AddressInfo).port };
    try {
      expect(await attemptOnce(endpoint, "/health", 1_000)).toEqual({ ok: true, detail: "HTTP 200" });
      status = 503;
      expect(await attemptOnce(endpoint, "/health", 1_000)).toEqual({ ok: false, detail: "HTTP 503" });
    } finally {
      server.close();
    }
    const closed = { ...B1, port: await freePort() };
    expect(await attemptOnce(closed, "/health", 1_000)).toEqual({ ok: false, detail: "connection refused" });
    expect(await attemptOnce({ ...closed, protocol: "tcp" }, "/health", 1_000)).toEqual({ ok: false, detail: "connection refused" });
  });

  it("HTTPS: a self-signed certificate is not checked; TCP: a listening port is accepted", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-probe-tls-"));
    const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=elsewhere"],
      { stdio: "ignore" },
    );
    const paths: string[] = [];
    const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      paths.push(req.url ?? "");
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      expect(await attemptOnce({ ...B1, port, protocol: "https" }, "/ready", 2_000)).toEqual({ ok: true, detail: "HTTP 200" });
      expect(paths).toEqual(["/ready"]);
      expect(await attemptOnce({ ...B1, port, protocol: "tcp" }, "/ready", 2_000)).toEqual({ ok: true, detail: "connection accepted" });
    } finally {
      server.close();
    }
  });
});

describe("readiness in the modes: the router's view, then the servers themselves", () => {
  const context = (views: Readiness[], timeoutSeconds = 5) => {
    // Only the workload's readiness is asked; the router is never reached in these cases.
    const workload = {
      readiness: async () => (views.length > 1 ? views.shift() : views[0]) as Readiness,
    } as unknown as Workload;
    const router = {} as Router;
    const config = { timeoutSeconds, smoke: { healthPath: "/health" } } as Config;
    return { config, router, workload, report: newReport("prepare", "haproxy", false), run: "local", now: () => new Date() };
  };
  const up = (endpoints = [B1]): Readiness => ({ ready: true, summary: "1/1 servers of green UP", endpoints });

  it("prepare waits through a stale UP until the server answers, and says both", async () => {
    const { attempt, calls } = scripted({ b1: [REFUSED, REFUSED, REFUSED, OK] });
    const summary = await waitUntilReady(context([up()]), "green", attempt);
    expect(summary).toBe("1/1 servers of green UP and answering /health 3 times in a row");
    expect(calls).toHaveLength(6);
  });

  it("prepare reads the router again after the answers: a server its checks took DOWN meanwhile is not ready yet", async () => {
    const down: Readiness = { ready: false, summary: "0/1 servers of green UP (g1 DOWN)" };
    const { attempt, calls } = scripted({ b1: [OK] });
    const summary = await waitUntilReady(context([up(), down, up(), up()]), "green", attempt);
    expect(summary).toBe("1/1 servers of green UP and answering /health 3 times in a row");
    expect(calls).toHaveLength(6);
  });

  it("prepare's timeout names the router's view and the server that does not answer", async () => {
    const { attempt } = scripted({ b1: [REFUSED] });
    await expect(waitUntilReady(context([up()], 1), "green", attempt)).rejects.toThrow(
      /^green becoming ready did not happen within 1\.\d s; last seen: 1\/1 servers of green UP, but b1 at 127\.0\.0\.1:8081 \(last: connection refused\) did not answer \/health with 2xx 3 times in a row within \d\.\d s\.$/,
    );
  });

  it("promote's fresh check: ready only when every server answers now; the router's own 'not ready' is passed on as it is", async () => {
    expect(await readyNow(context([up()]), "green", scripted({ b1: [OK] }).attempt)).toEqual({
      ready: true,
      summary: "1/1 servers of green UP and answering /health 3 times in a row",
    });
    const refused = await readyNow(context([up()], 1), "green", scripted({ b1: [REFUSED] }).attempt);
    expect(refused.ready).toBe(false);
    expect(refused.summary).toMatch(/^1\/1 servers of green UP, but b1 at 127\.0\.0\.1:8081 \(last: connection refused\) did not answer/);
    const down: Readiness = { ready: false, summary: "0/1 servers of green UP (g1 DOWN)" };
    const { attempt, calls } = scripted({ b1: [OK] });
    expect(await readyNow(context([down]), "green", attempt)).toEqual(down);
    expect(calls).toEqual([]);
  });

  it("a router whose view is fresh (no endpoints, as Kubernetes) is taken at its word", async () => {
    const { attempt, calls } = scripted({ b1: [OK] });
    expect(await waitUntilReady(context([{ ready: true, summary: "3/3 replicas available" }]), "green", attempt)).toBe(
      "3/3 replicas available",
    );
    expect(calls).toEqual([]);
  });
});

describe("where the routers say their servers take traffic", () => {
  it("HAProxy: show stat's addr, TLS from show servers state's srv_use_ssl, a bare connection for mode tcp", () => {
    // `show servers state b` as HAProxy 2.6.12 answers it for "server s1 ... ssl verify none", s2 plain, s3 ssl with a check port.
    const state = [
      "1",
      "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port",
      "3 b 1 s1 127.0.0.1 0 0 1 1 1 8 2 0 6 0 0 0 - 19402 - 1 0 - - 0",
      "3 b 2 s2 127.0.0.1 0 0 1 1 1 8 2 0 6 0 0 0 - 19403 - 0 0 - - 0",
      "3 b 3 s3 127.0.0.1 2 0 1 1 1 1 0 2 6 0 0 0 - 19404 - 1 19405 127.0.0.9 127.0.0.9 19405",
      "",
    ].join("\n");
    expect([...serversUsingSsl(state)]).toEqual(["s1", "s3"]);
    expect(serversUsingSsl("Can't find backend.\n").size).toBe(0);
    const csv = [
      "# pxname,svname,status,addr,mode",
      "b,s1,UP,127.0.0.1:19402,http",
      "b,s2,UP,[::1]:19403,http",
      "b,s3,UP,,http",
      "t,t1,UP,10.0.0.5:5432,tcp",
    ].join("\n");
    const rows = parseStat(csv);
    expect(probeEndpointsOf(serversOf(rows, "b"), serversUsingSsl(state))).toEqual({
      endpoints: [
        { name: "s1", host: "127.0.0.1", port: 19402, protocol: "https" },
        { name: "s2", host: "::1", port: 19403, protocol: "http" },
      ],
      unknown: ["s3"],
    });
    expect(probeEndpointsOf(serversOf(rows, "t"), new Set()).endpoints).toEqual([
      { name: "t1", host: "10.0.0.5", port: 5432, protocol: "tcp" },
    ]);
    expect(parseServerAddress("0.0.0.0:0")).toBeUndefined();
  });

  it("ipLoadbalancing: each server at its port or its farm's, HTTPS where the farm speaks TLS to it; UDP is not probed", () => {
    const farms: FarmView[] = [
      {
        farm: { farmId: 21, port: 80 },
        servers: [
          { serverId: 201, address: "10.0.0.1", status: "active", probe: false },
          { serverId: 202, address: "10.0.0.2", port: 8443, status: "active", probe: false, ssl: true },
        ],
      },
    ];
    expect(readinessOf(farms, "http")).toEqual({
      ready: true,
      summary: "2/2 servers of farm 21 ready",
      endpoints: [
        { name: "server 201", host: "10.0.0.1", port: 80, protocol: "http" },
        { name: "server 202", host: "10.0.0.2", port: 8443, protocol: "https" },
      ],
    });
    expect(readinessOf(farms, "tcp").endpoints?.map((e) => e.protocol)).toEqual(["tcp", "tcp"]);
    expect(readinessOf(farms, "udp")).toEqual({ ready: true, summary: "2/2 servers of farm 21 ready (UDP: not checked directly)" });
    const portless: FarmView[] = [
      { farm: { farmId: 21 }, servers: [{ serverId: 201, address: "10.0.0.1", status: "active", probe: false }] },
    ];
    expect(readinessOf(portless, "http")).toEqual({
      ready: false,
      summary: "1/1 servers of farm 21 ready, but 1 of them have no port (neither theirs nor their farm's), so bluegreen cannot check them",
    });
  });
});
