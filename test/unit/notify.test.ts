import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliver } from "../../src/notify/deliver.js";
import { EVENT_KINDS, eventOf, type NotifyEvent } from "../../src/notify/event.js";
import { notify } from "../../src/notify/index.js";
import { payloadOf } from "../../src/notify/payload.js";
import { parseNotify } from "../../src/notify/settings.js";
import { warnings } from "../../src/platform/log.js";
import { clearSecrets, redact } from "../../src/platform/secrets.js";
import { ROOT } from "../support/action.js";
import { MemoryRouter, type ModeRun, runMode } from "../support/memory-backend.js";
import { startReceiver, type WebhookReceiver } from "../support/webhook.js";

const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(
  JSON.parse(readFileSync(path.join(ROOT, "docs/notify.schema.json"), "utf8")),
);
const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? "";
const context = { environment: "production", run: "github:team/shop/7", env: {}, now: new Date("2026-06-01T12:00:00Z") };

describe("notify inputs", () => {
  afterEach(() => clearSecrets());

  it("reads one or more webhooks, separated by commas, spaces or newlines; BLUEGREEN_NOTIFY when the input is empty", () => {
    const hooks = "https://hooks.slack.com/services/T0AAA1111/B0BBB2222/cccc3333dddd, http://127.0.0.1:8080/hook\nhttps://x.example/y";
    const parsed = parseNotify(reader({ notify: hooks, "notify-format": "slack" }), {});
    expect(parsed?.format).toBe("slack");
    expect(parsed?.webhooks.map((url) => url.hostname)).toEqual(["hooks.slack.com", "127.0.0.1", "x.example"]);
    expect(parseNotify(reader({}), { BLUEGREEN_NOTIFY: "https://hooks.example/T0123456789" })?.webhooks).toHaveLength(1);
    expect(parseNotify(reader({}), {})).toBeUndefined();
    expect(parseNotify(reader({ "notify-format": "teams" }), {})).toBeUndefined();
  });

  it("masks each URL and its token-like parts, but not the host alone", () => {
    parseNotify(reader({ notify: "https://hooks.slack.com/services/T0AAA1111/B0BBB2222/cccc3333dddd" }), {});
    expect(redact("posting to https://hooks.slack.com/services/T0AAA1111/B0BBB2222/cccc3333dddd")).toBe("posting to ***");
    expect(redact("token cccc3333dddd, team T0AAA1111")).toBe("token ***, team ***");
    expect(redact("hooks.slack.com and services")).toBe("hooks.slack.com and services");
  });

  it("refuses anything but https (http only to loopback), in one sentence that never quotes the secret", () => {
    const cases: [string, string][] = [
      ["http://hooks.example.com/T0SECRET99", 'Input "notify": the URL is neither https:// nor http:// to a loopback address'],
      ["https://a.example/T0SECRET11,ftp://b.example/T0SECRET22", 'Input "notify": URL 2 of 2 is neither https://'],
      ["hooks.example.com/T0SECRET33", 'Input "notify": the URL is not a URL (not shown: it is a secret)'],
    ];
    for (const [value, sentence] of cases) {
      let message = "";
      try {
        parseNotify(reader({ notify: value }), {});
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(sentence);
      expect(message).toContain("allowed: https:// webhook URLs (http:// only to a loopback address such as 127.0.0.1)");
      expect(message).not.toMatch(/SECRET|example/);
    }
    expect(() => parseNotify(reader({}), { BLUEGREEN_NOTIFY: "http://10.0.0.1/T0SECRET44" })).toThrow(
      /^Input "notify": the URL \(read from BLUEGREEN_NOTIFY\) is neither/,
    );
    expect(() => parseNotify(reader({ notify: "https://a.example/x", "notify-format": "discord" }), {})).toThrow(
      'Input "notify-format": "discord" is not allowed; allowed values: json, slack, teams.',
    );
    const eleven = Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`).join(",");
    expect(() => parseNotify(reader({ notify: eleven }), {})).toThrow(/holds 11 URLs; allowed: at most 10/);
  });
});

describe("events from real mode runs (in-memory router)", () => {
  let verify: http.Server;
  let verifyUrl = "";
  let healthStatus = 200;
  beforeAll(async () => {
    verify = http.createServer((_req, res) => {
      res.statusCode = healthStatus;
      res.end(healthStatus === 200 ? "ok" : "down");
    });
    await new Promise<void>((resolve) => verify.listen(0, "127.0.0.1", resolve));
    verifyUrl = `http://127.0.0.1:${(verify.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => verify.close(() => resolve())));
  afterEach(() => {
    healthStatus = 200;
  });

  /** A router with green prepared (v2) while blue serves production. */
  const prepared = async () => {
    const router = new MemoryRouter();
    const run = await runMode(router, { mode: "prepare", version: "v2", "deploy-command": "none" });
    expect(run.failure).toBeUndefined();
    expect(eventOf(run.report, context)).toBeUndefined(); // prepare is never an outcome to tell
    return router;
  };
  const eventFrom = (run: ModeRun): NotifyEvent | undefined => {
    const event = eventOf(run.report, context);
    if (event) {
      // Every event is valid against the documented schema, and every format renders it.
      const json = JSON.parse(payloadOf(event, "json"));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(JSON.parse(payloadOf(event, "slack")).blocks.length).toBeGreaterThanOrEqual(3);
      expect(JSON.parse(payloadOf(event, "teams")).attachments[0].content.type).toBe("AdaptiveCard");
    }
    return event;
  };

  it("promoted, then rolled back by hand", async () => {
    const router = await prepared();
    const promoted = eventFrom(await runMode(router, { mode: "promote", "verify-url": verifyUrl }));
    expect(promoted).toMatchObject({ event: "promoted", ok: true, production: "green", from: "blue", to: "green", version: "v2" });
    expect(promoted?.versions).toEqual({ green: "v2" });
    expect(promoted?.title).toBe("Promoted green (production): production switched from blue to green");
    const back = eventFrom(await runMode(router, { mode: "rollback" }));
    expect(back).toMatchObject({ event: "rolled-back", ok: true, production: "blue", from: "green", to: "blue" });
    expect(back?.message).toBe("Production rolled back from green to blue.");
  });

  it("nothing for a dry run, a refused promote, or a promote with nothing to do", async () => {
    const router = await prepared();
    expect(eventFrom(await runMode(router, { mode: "promote", "dry-run": "true" }))).toBeUndefined();
    router.ready.green = false;
    const refused = await runMode(router, { mode: "promote" });
    expect(refused.failure).toMatch(/Refusing/);
    expect(eventFrom(refused)).toBeUndefined();
    router.ready.green = true;
    await runMode(router, { mode: "promote" });
    const again = await runMode(router, { mode: "promote" });
    expect(again.failure).toBeUndefined();
    expect(eventFrom(again)).toBeUndefined();
  });

  it("an automatic rollback after the check right after the switch names the failed check", async () => {
    const router = await prepared();
    healthStatus = 503;
    const run = await runMode(router, { mode: "promote", "verify-url": verifyUrl });
    expect(run.failure).toMatch(/traffic was returned to blue/);
    const event = eventFrom(run);
    expect(event).toMatchObject({ event: "auto-rolled-back", ok: false, production: "blue", from: "blue", to: "green" });
    expect(event?.rollback).toEqual({ phase: "verify" });
    expect(event?.failed).toEqual([{ name: "verify health /health", detail: expect.stringContaining("HTTP 503") }]);
    expect(event?.message).toBe(run.failure);
    expect(event?.title).toBe(
      "Automatic rollback (production): green failed verify health /health right after the switch; production returned to blue",
    );
  });

  it("a failed switch says where the router shows production", async () => {
    const router = await prepared();
    router.inject("apply", "throw before");
    const run = await runMode(router, { mode: "promote" });
    expect(run.failure).toMatch(/Promote of green failed: .* Production stays on blue\./);
    const event = eventFrom(run);
    expect(event).toMatchObject({ event: "switch-failed", ok: false, production: "blue", from: "blue", to: "green" });
    expect(event?.title).toBe("Switch to green failed (production): production is on blue");
  });

  it("a failed switch after which the router cannot be read: production unknown (null), never guessed", async () => {
    const router = await prepared();
    router.inject("read", "throw before", 1); // the promote's own read passes, the first read after the failure fails
    router.inject("read", "throw before"); // and so does the second, a second later
    router.inject("apply", "throw before");
    const run = await runMode(router, { mode: "promote" });
    expect(run.failure).toMatch(/Where production is now is unknown/);
    const event = eventFrom(run);
    expect(event).toMatchObject({ event: "switch-failed", production: null, from: "blue", to: "green" });
    expect(event?.title).toBe("Switch to green failed (production): where production is now is unknown");
  });

  it("a rollback whose check fails afterwards: failed after the switch, production left where it went", async () => {
    const router = await prepared();
    await runMode(router, { mode: "promote" });
    healthStatus = 500;
    const run = await runMode(router, { mode: "rollback", "verify-url": verifyUrl });
    expect(run.failure).toMatch(/Rolled back to blue, but verification failed/);
    const event = eventFrom(run);
    expect(event).toMatchObject({ event: "failed-after-switch", ok: false, production: "blue", from: "green", to: "blue" });
    expect(event?.failed[0]?.detail).toContain("HTTP 500");
  });

  it("the schema lists exactly the kinds the code sends", () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, "docs/notify.schema.json"), "utf8"));
    expect(schema.properties.event.enum).toEqual([...EVENT_KINDS]);
  });
});

describe("delivery (a real local HTTP server)", () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  afterEach(() => {
    receiver.received.length = 0;
    receiver.status = 200;
  });
  const limits = { tries: 3, tryTimeoutMs: 1_000, backoffMs: [50, 100], budgetMs: 3_000 };

  it("tries again after 5xx, up to the tries allowed; a 4xx is final", async () => {
    receiver.status = 500;
    expect(await deliver(new URL(receiver.url("/a")), "{}", limits)).toEqual({ ok: false, tries: 3, problem: "HTTP 500" });
    expect(receiver.received).toHaveLength(3);
    receiver.received.length = 0;
    receiver.status = 404;
    expect(await deliver(new URL(receiver.url("/a")), "{}", limits)).toEqual({ ok: false, tries: 1, problem: "HTTP 404" });
    expect(receiver.received).toHaveLength(1);
  });

  it("a redirect is not followed (the next host would get the payload unasked), and is final", async () => {
    receiver.status = 302;
    expect(await deliver(new URL(receiver.url("/moved")), "{}", limits)).toEqual({ ok: false, tries: 1, problem: "HTTP 302" });
    expect(receiver.received).toHaveLength(1);
  });

  it("credentials in the URL go in an Authorization header, not the request line", async () => {
    const url = new URL(receiver.url("/basic"));
    url.username = "ci";
    url.password = "s3cret-pass";
    expect(await deliver(url, "{}", limits)).toEqual({ ok: true, tries: 1, status: 200 });
    expect(receiver.received[0]?.authorization).toBe(`Basic ${Buffer.from("ci:s3cret-pass").toString("base64")}`);
  });

  it("a receiver that never answers costs at most the budget", async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/hang`);
    const started = performance.now();
    const result = await deliver(url, "{}", { tries: 3, tryTimeoutMs: 400, backoffMs: [100], budgetMs: 1_000 });
    const took = performance.now() - started;
    silent.closeAllConnections();
    silent.close();
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problem).toMatch(/^no answer within 0\.[1-4] s/);
    expect(took).toBeGreaterThan(700);
    expect(took).toBeLessThan(2_500);
  });

  it("notify warns by number and format only, and posts nothing when there is nothing to tell", async () => {
    clearSecrets();
    const settings = parseNotify(reader({ notify: receiver.url("/services/T0WARN1234/secret-path-token") }), {});
    const run = await runMode(new MemoryRouter(), { mode: "status" });
    await notify(settings, run.report, context, limits);
    expect(receiver.received).toHaveLength(0);
    const router = new MemoryRouter();
    await runMode(router, { mode: "prepare", version: "v1", "deploy-command": "none" });
    const promoted = await runMode(router, { mode: "promote" });
    receiver.status = 503;
    await notify(settings, promoted.report, context, limits);
    expect(receiver.received).toHaveLength(3);
    const said = warnings().find((line) => line.startsWith("Notification 1 of 1 (json, promoted)"));
    expect(said).toBe(
      "Notification 1 of 1 (json, promoted) was not delivered: HTTP 503 after 3 tries. The step's result stands; check the webhook.",
    );
    expect(warnings().join("\n")).not.toMatch(/T0WARN|secret-path|127\.0\.0\.1/);
  });
});
