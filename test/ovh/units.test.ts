import { afterEach, describe, expect, it } from "vitest";
import type { RouterState } from "../../src/backend.js";
import { OvhApi } from "../../src/backends/ovh/api.js";
import type { OvhRequester } from "../../src/backends/ovh/client.js";
import { joinDisplayName, splitDisplayName } from "../../src/backends/ovh/display-name.js";
import type { FarmServer, Frontend } from "../../src/backends/ovh/model.js";
import { parseOvhOptions } from "../../src/backends/ovh/options.js";
import { fingerprintOf, readinessOf, serverHealth } from "../../src/backends/ovh/servers.js";
import { planWrites } from "../../src/backends/ovh/switch.js";
import { InputError, RouterError } from "../../src/errors.js";
import { decodeLedger, encodeLedger, type Ledger } from "../../src/ledger.js";
import { clearSecrets, redact } from "../../src/platform/secrets.js";

const SECRET = "appSecret-unit-5Hq9Lz";
const CONSUMER = "consumer-unit-2Wm7Kc";

function reader(inputs: Record<string, string>) {
  return (name: string) => inputs[name] ?? "";
}

const BASE = {
  "ovh-service": "loadbalancer-abc",
  "ovh-frontends": "1,2",
  "ovh-preview-frontends": "3,4",
  "ovh-blue-farms": "11,12",
  "ovh-green-farms": "21,22",
};
const KEYS = { "ovh-application-key": "appKey", "ovh-application-secret": SECRET, "ovh-consumer-key": CONSUMER };

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("no InputError");
}

describe("ipLoadbalancing options", () => {
  afterEach(() => clearSecrets());

  it("takes the keys from the environment and defaults to ovh-eu over http", () => {
    const options = parseOvhOptions(reader(BASE), {
      OVH_APPLICATION_KEY: "appKey",
      OVH_APPLICATION_SECRET: SECRET,
      OVH_CONSUMER_KEY: CONSUMER,
    });
    expect(options).toMatchObject({
      endpoint: { kind: "named", name: "ovh-eu" },
      credentials: { kind: "keys", applicationKey: "appKey", applicationSecret: SECRET, consumerKey: CONSUMER },
      service: "loadbalancer-abc",
      protocol: "http",
      frontends: [1, 2],
      previewFrontends: [3, 4],
      farms: { blue: [11, 12], green: [21, 22] },
    });
    // Masked at once: any later line that quotes them prints *** instead.
    expect(redact(`secret ${SECRET} consumer ${CONSUMER}`)).toBe("secret *** consumer ***");
  });

  it("maps an https URL endpoint to the client's host, port and base path", () => {
    const options = parseOvhOptions(reader({ ...BASE, ...KEYS, "ovh-endpoint": "https://127.0.0.1:8443/1.0/", "ovh-protocol": "tcp" }), {});
    expect(options.endpoint).toEqual({
      kind: "url",
      host: "127.0.0.1",
      port: 8443,
      basePath: "/1.0",
      tokenUrl: "https://127.0.0.1:8443/auth/",
      text: "https://127.0.0.1:8443/1.0",
    });
    expect(options.protocol).toBe("tcp");
    expect(parseOvhOptions(reader({ ...BASE, ...KEYS, "ovh-endpoint": "https://api.example.net" }), {}).endpoint).toMatchObject({
      port: 443,
      basePath: "/1.0",
    });
    expect(inputError(() => parseOvhOptions(reader({ ...BASE, ...KEYS, "ovh-endpoint": "http://127.0.0.1/1.0" }), {})).input).toBe(
      "ovh-endpoint",
    );
    expect(inputError(() => parseOvhOptions(reader({ ...BASE, ...KEYS, "ovh-endpoint": "ovh-mars" }), {})).message).toContain(
      "allowed: ovh-eu, ovh-ca, ovh-us",
    );
  });

  it("wants exactly one complete credential set, and never quotes a secret", () => {
    const both = inputError(() =>
      parseOvhOptions(reader({ ...BASE, ...KEYS, "ovh-client-id": "id", "ovh-client-secret": "s3cret-xyz" }), {}),
    );
    expect(both.message).toContain("allowed: exactly one of the two sets");
    expect(inputError(() => parseOvhOptions(reader({ ...BASE, "ovh-client-id": "id" }), {})).input).toBe("ovh-client-secret");
    const partial = inputError(() => parseOvhOptions(reader({ ...BASE, "ovh-application-secret": SECRET }), {}));
    expect(partial.input).toBe("ovh-application-key");
    expect(partial.message).toContain("missing: ovh-application-key, ovh-consumer-key");
    expect(partial.message).not.toContain(SECRET);
    expect(inputError(() => parseOvhOptions(reader(BASE), {})).message).toContain("no OVH credentials were given");
    // OAuth2 inputs with keys only in the environment (a runner-wide export) are fine.
    const oauth = parseOvhOptions(reader({ ...BASE, "ovh-client-id": "id", "ovh-client-secret": "s3cret-xyz" }), {
      OVH_APPLICATION_KEY: "k",
    });
    expect(oauth.credentials).toEqual({ kind: "oauth2", clientId: "id", clientSecret: "s3cret-xyz" });
  });

  it("checks the id lists: numbers, one farm per frontend, previews matching or none, colors apart", () => {
    const bad = (inputs: Record<string, string>) => inputError(() => parseOvhOptions(reader({ ...BASE, ...KEYS, ...inputs }), {}));
    expect(bad({ "ovh-blue-farms": "11" })).toMatchObject({ input: "ovh-blue-farms" });
    expect(bad({ "ovh-preview-frontends": "3" })).toMatchObject({ input: "ovh-preview-frontends" });
    expect(bad({ "ovh-green-farms": "21,12" }).message).toContain("farm 12 is also in ovh-blue-farms");
    expect(bad({ "ovh-frontends": "1,x" }).message).toContain('"x" is not an id');
    expect(bad({ "ovh-frontends": "" })).toMatchObject({ input: "ovh-frontends" });
    expect(bad({ "ovh-preview-frontends": "2,3" }).message).toContain("frontend 2 is also in ovh-frontends");
    expect(bad({ "ovh-service": "lb/../me" })).toMatchObject({ input: "ovh-service" });
    expect(bad({ "ovh-protocol": "quic" })).toMatchObject({ input: "ovh-protocol" });
    expect(parseOvhOptions(reader({ ...BASE, ...KEYS, "ovh-preview-frontends": "" }), {}).previewFrontends).toEqual([]);
  });
});

/** A stand-in for node-ovh: answers from a script of results, recording calls. */
function scripted(results: (unknown | { reject: unknown })[]) {
  const calls: { method: string; path: string; params?: Record<string, unknown> }[] = [];
  const requester: OvhRequester = {
    requestPromised(method, path, params) {
      calls.push({ method, path, params });
      const next = results.shift();
      if (next && typeof next === "object" && "reject" in next) return Promise.reject(next.reject);
      return Promise.resolve(next);
    },
  };
  return { requester, calls };
}

const FAST = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

describe("ipLoadbalancing API wrapper", () => {
  afterEach(() => clearSecrets());

  it("retries 429, 5xx and connection resets, then answers", async () => {
    const { requester, calls } = scripted([{ reject: { error: 503, message: "busy" } }, { reject: { error: -104 } }, { ok: 1 }]);
    await expect(new OvhApi(requester, FAST).get("/x")).resolves.toEqual({ ok: 1 });
    expect(calls).toHaveLength(3);
    const limited = scripted([{ reject: { error: 429, message: "slow down" } }, { ok: 2 }]);
    await expect(new OvhApi(limited.requester, FAST).put("/y", { a: 1 })).resolves.toEqual({ ok: 2 });
  });

  it("never retries another 4xx, and reports OVH's status and message", async () => {
    const { requester, calls } = scripted([{ reject: { error: 404, message: "The requested object (frontendId = 9) does not exist" } }]);
    const error = await new OvhApi(requester, FAST).get("/ipLoadbalancing/lb/http/frontend/9").catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(error).toBeInstanceOf(RouterError);
    expect(error).toMatchObject({
      status: 404,
      message: "OVH API GET /ipLoadbalancing/lb/http/frontend/9 failed: HTTP 404: The requested object (frontendId = 9) does not exist",
    });
  });

  it("gives up after the last attempt and says how many were made", async () => {
    const { requester, calls } = scripted([1, 2, 3].map(() => ({ reject: { error: 500, message: "Internal Server Error" } })));
    await expect(new OvhApi(requester, FAST).post("/refresh")).rejects.toThrow("failed after 3 attempts: HTTP 500: Internal Server Error");
    expect(calls).toHaveLength(3);
  });

  it("does not retry a refused connection, and points at the endpoint", async () => {
    const { requester, calls } = scripted([{ reject: { error: -111 } }]);
    await expect(new OvhApi(requester, FAST).get("/x")).rejects.toThrow("ECONNREFUSED (check ovh-endpoint)");
    expect(calls).toHaveLength(1);
  });

  it("redacts registered secrets from its errors", async () => {
    const { maskSecret } = await import("../../src/platform/secrets.js");
    maskSecret("leaky-secret-123456");
    const { requester } = scripted([{ reject: { error: 400, message: "bad value leaky-secret-123456" } }]);
    const error = (await new OvhApi(requester, FAST).get("/x").catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("bad value ***");
    expect(error.message).not.toContain("leaky-secret-123456");
  });

  it("runs the first call alone (clock or token), then the rest in parallel", async () => {
    let inFlight = 0;
    let most = 0;
    const requester: OvhRequester = {
      async requestPromised() {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        return most;
      },
    };
    const api = new OvhApi(requester, FAST);
    const answers = await Promise.all([api.get("/a"), api.get("/b"), api.get("/c")]);
    expect(answers[0]).toBe(1);
    expect(most).toBe(2);
  });

  it("gives up on a request that never answers", async () => {
    const requester: OvhRequester = { requestPromised: () => new Promise(() => undefined) };
    await expect(new OvhApi(requester, { attempts: 2, initialDelayMs: 1, maxDelayMs: 1 }, 30).get("/hang")).rejects.toThrow(
      "failed after 2 attempts: no answer within 0 s",
    );
  });
});

describe("the ledger in a frontend's displayName", () => {
  it("keeps the user's name and reads back what it wrote", () => {
    const ledger: Ledger = {
      live: "green",
      previous: "blue",
      versions: { green: "v2.1", blue: "v1" },
      lastAction: "promote",
      at: "2026-01-02T03:04:05.000Z",
      run: "github:org/repo/123",
      tested: { color: "green", version: "v2.1", fingerprint: "farms 21,22 2 servers #0123456789ab", at: "2026-01-02T03:00:00.000Z" },
    };
    for (const userName of ["www", "", "shop [prod] front"]) {
      const name = joinDisplayName(userName, encodeLedger(ledger));
      const split = splitDisplayName(name);
      expect(split.userName).toBe(userName);
      expect(decodeLedger(split.ledgerText)).toEqual(ledger);
    }
    expect(splitDisplayName("plain name")).toEqual({ userName: "plain name", ledgerText: "" });
    expect(splitDisplayName(null)).toEqual({ userName: "", ledgerText: "" });
  });
});

function server(overrides: Partial<FarmServer> = {}): FarmServer {
  return {
    serverId: 1,
    address: "10.0.0.1",
    port: 80,
    status: "active",
    probe: true,
    serverState: [
      { instanceId: 1, status: "UP", checkStatus: "L7OK" },
      { instanceId: 2, status: "UP", checkStatus: "L7OK" },
    ],
    ...overrides,
  };
}

describe("farm server readiness", () => {
  it("is ready only when active and UP on every instance", () => {
    expect(serverHealth(server(), "http").ready).toBe(true);
    expect(serverHealth(server({ status: "inactive" }), "http")).toEqual({ ready: false, detail: "server 1 10.0.0.1:80 is inactive" });
    const down = serverHealth(
      server({
        serverState: [
          { instanceId: 1, status: "UP" },
          { instanceId: 2, status: "DOWN", checkStatus: "L4CON" },
        ],
      }),
      "tcp",
    );
    expect(down).toEqual({ ready: false, detail: "server 1 10.0.0.1:80: instance 2 DOWN (L4CON)" });
    expect(serverHealth(server({ serverState: [{ instanceId: 1, status: "UP 1/3" }] }), "http").ready).toBe(false);
    expect(serverHealth(server({ serverState: [] }), "http")).toMatchObject({
      ready: false,
      detail: expect.stringContaining("no health check result yet"),
    });
    expect(serverHealth(server({ serverState: [], probe: false }), "http").ready).toBe(true);
    expect(serverHealth(server({ serverState: [{ status: "no check" }] }), "http").ready).toBe(true);
    expect(serverHealth({ serverId: 2, address: "10.0.0.2", status: "active" }, "udp").ready).toBe(true);
  });

  it("sums a color's farms, and fingerprints what serves it", () => {
    const farm = (farmId: number, servers: FarmServer[]) => ({ farm: { farmId, port: 80 }, servers });
    expect(readinessOf([farm(21, [])], "http")).toEqual({ ready: false, summary: "farm 21 has no servers" });
    const mixed = readinessOf([farm(21, [server()]), farm(22, [server({ serverId: 2, status: "inactive" })])], "http");
    expect(mixed).toEqual({ ready: false, summary: "1/2 servers of farm 21, 22 ready (server 2 10.0.0.1:80 is inactive)" });
    const before = fingerprintOf([farm(21, [server()])]);
    expect(before).toMatch(/^farms 21 1 servers #[0-9a-f]{12}$/);
    expect(fingerprintOf([farm(21, [server({ address: "10.0.0.9" })])])).not.toBe(before);
    expect(fingerprintOf([farm(21, [server({ status: "inactive" })])])).toBe(before); // health is readiness's job
  });
});

describe("the PUTs of a switch", () => {
  const options = parseOvhOptions(reader({ ...BASE, ...KEYS }), {});
  const frontend = (frontendId: number, defaultFarmId: number | null, displayName?: string): Frontend => ({
    frontendId,
    port: String(frontendId * 100),
    defaultFarmId,
    displayName: displayName ?? null,
  });
  const state = (live: "blue" | "green"): RouterState => ({ live, ledger: { versions: {} }, revision: "r", details: {}, warnings: [] });

  it("moves production only on a real switch, so prepare never repairs disagreeing frontends", () => {
    // Frontend 2 was left on green by an interrupted switch; production reads as blue.
    const frontends = {
      production: [frontend(1, 11, "www"), frontend(2, 22)],
      preview: [frontend(3, 11), frontend(4, 12)],
      userName: "www",
    };
    const ledger = { versions: { green: "v2" }, pending: "green" as const };
    const prepare = planWrites(frontends, { live: "blue", preview: "green", ledger }, state("blue"), options);
    expect(prepare.map((w) => [w.frontend.frontendId, w.body])).toEqual([
      [1, { displayName: "www [bg:green=v2&pending=green]" }],
      [3, { defaultFarmId: 21 }],
      [4, { defaultFarmId: 22 }],
    ]);
    // A promote moves every production frontend not yet on green (2 already is), with the ledger on the first.
    const promote = planWrites(
      frontends,
      { live: "green", preview: "blue", ledger: { live: "green", versions: { green: "v2" } } },
      state("blue"),
      options,
    );
    expect(promote.map((w) => [w.frontend.frontendId, w.body, w.undo])).toEqual([
      [1, { defaultFarmId: 21, displayName: "www [bg:live=green&green=v2]" }, { defaultFarmId: 11, displayName: "www" }],
    ]);
  });
});
