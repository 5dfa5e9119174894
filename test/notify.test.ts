import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, describe, expect, it } from "vitest";
import { type ActionRun, ROOT, runAction } from "./support/action.js";
import { type App, freePort } from "./support/apps.js";
import { startReceiver, type WebhookReceiver } from "./support/webhook.js";
import { useHaproxyWorld } from "./support/world.js";

/** Installs the version on the idle color's app (POST /__deploy), as bake.test.ts does. */
const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
const schema = JSON.parse(readFileSync(path.join(ROOT, "docs/notify.schema.json"), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

/** What a GitHub runner sets, so that the event names the run and links its page. */
const GITHUB_RUN = { GITHUB_SERVER_URL: "https://github.example", GITHUB_REPOSITORY: "team/shop", GITHUB_RUN_ID: "9001" };
const RUN_URL = "https://github.example/team/shop/actions/runs/9001";

/**
 * Notifications through the bundled action (dist/index.js) and the CLI, on a real HAProxy, posted to
 * a real HTTP receiver on 127.0.0.1. The webhook URLs carry token-like paths, as Slack's do: none of
 * it may show in the log, the summary or the outputs.
 */
describe("notifications (real HAProxy, real local webhook receiver)", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "10" } });
  let release = 1;
  const receivers: WebhookReceiver[] = [];

  afterEach(async () => {
    world.blue.failing = false;
    world.green.failing = false;
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  const receiver = async (status = 200) => {
    const started = await startReceiver(status);
    receivers.push(started);
    return started;
  };
  const map = async () => (await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => (/^active (\w+)$/m.exec(await map()) as RegExpExecArray)[1] as "blue" | "green";
  const app = (color: string): App => (color === "blue" ? world.blue : world.green);
  const www = () => `http://127.0.0.1:${world.haproxy.wwwPort}`;
  const whenLive = async (color: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await live()) === color) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`production never went to ${color}`);
  };

  /** prepare with notify set: prepare's success is not an outcome anyone is told about. */
  const prepare = async (notify: string) => {
    const version = `v${++release}`;
    const prepared = await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": DEPLOY, notify });
    expect(prepared.code, prepared.stdout).toBe(0);
    return { version, target: (await live()) === "blue" ? "green" : "blue" };
  };

  /** Neither the URL nor its token-like path nor the receiver's address:port shows anywhere the run writes. */
  const expectNeverShown = (run: ActionRun, secrets: string[]) => {
    // ::add-mask:: lines are the runner's masking commands: consumed by the runner, never displayed.
    const stdout = run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    const everything = [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
  };

  for (const format of ["json", "slack", "teams"] as const) {
    it(`an automatic rollback during the bake posts exactly one ${format} notification, which the receiver gets`, async () => {
      // Teams' Workflows answer 202 Accepted.
      const hooks = await receiver(format === "teams" ? 202 : 200);
      const token = `/services/T0${format.toUpperCase()}42/B0123456789/xSecretToken${format}9`;
      const hook = hooks.url(token);
      const { version, target } = await prepare(hook);
      expect(hooks.received).toEqual([]);
      const old = await live();
      const runs = runAction(
        {
          ...world.inputs,
          mode: "promote",
          version,
          environment: "production",
          "verify-url": www(),
          "version-path": "/version",
          "bake-time": "30",
          "bake-interval": "1",
          notify: hook,
          "notify-format": format,
        },
        GITHUB_RUN,
      );
      await whenLive(target);
      // After the check right after the switch has passed: the bake's check is the one that fails.
      await new Promise((r) => setTimeout(r, 1_500));
      app(target).failing = true;
      const run = await runs;
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(`::error::The bake of ${target} failed at [\\d.]+ s of the 30 s bake .*traffic was returned to ${old}`),
      );
      expect(await live()).toBe(old);

      expect(hooks.received).toHaveLength(1);
      const [request] = hooks.received as [(typeof hooks.received)[number]];
      expect(request.method).toBe("POST");
      expect(request.path).toBe(token);
      expect(request.contentType).toBe("application/json");
      const body = JSON.parse(request.body);
      const second = Number(/failed at ([\d.]+) s of the 30 s bake/.exec(run.stdout)?.[1]);
      expect(second).toBeGreaterThan(0);
      if (format === "json") {
        expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
        expect(body).toMatchObject({
          schemaVersion: 1,
          event: "auto-rolled-back",
          ok: false,
          mode: "promote",
          backend: "haproxy",
          environment: "production",
          production: old,
          from: old,
          to: target,
          version,
          rollback: { phase: "bake", second },
          run: { id: "github:team/shop/9001", url: RUN_URL },
        });
        expect(body.versions[target]).toBe(version);
        expect(body.failed).toEqual([expect.objectContaining({ name: "verify version /version" })]);
        expect(body.failed[0].detail).toContain(`expected ${version}, got HTTP 500`);
        expect(body.message).toMatch(new RegExp(`^The bake of ${target} failed at ${second} s`));
      } else if (format === "slack") {
        expect(Object.keys(body).sort()).toEqual(["blocks", "text"]);
        expect(body.text).toContain(
          `Automatic rollback (production): ${target} failed verify version /version at ${second} s of the bake; production returned to ${old}`,
        );
        const [header, message, facts, failed, context] = body.blocks;
        expect(header).toEqual({ type: "header", text: { type: "plain_text", text: expect.any(String), emoji: true } });
        expect(header.text.text.length).toBeLessThanOrEqual(150);
        expect(message).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
        expect(message.text.text).toMatch(new RegExp(`^The bake of ${target} failed at ${second} s`));
        expect(facts.type).toBe("section");
        expect(facts.fields.length).toBeLessThanOrEqual(10);
        expect(facts.fields).toContainEqual({ type: "mrkdwn", text: `*Production*\n${old}` });
        expect(facts.fields).toContainEqual({ type: "mrkdwn", text: `*Check failed*\nat ${second} s of the bake` });
        expect(facts.fields).toContainEqual({ type: "mrkdwn", text: `*Version*\n${version}` });
        expect(failed.text.text).toContain("• verify version /version: expected");
        expect(context).toEqual({
          type: "context",
          elements: [{ type: "mrkdwn", text: expect.stringContaining(`<${RUN_URL}|Open the run>`) }],
        });
        for (const block of body.blocks) if (block.text?.type === "mrkdwn") expect(block.text.text.length).toBeLessThanOrEqual(3000);
      } else {
        expect(body.type).toBe("message");
        expect(body.attachments).toHaveLength(1);
        const [attachment] = body.attachments;
        expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
        const card = attachment.content;
        expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.4", $schema: "http://adaptivecards.io/schemas/adaptive-card.json" });
        expect(card.body[0]).toMatchObject({ type: "TextBlock", weight: "Bolder", color: "Attention", wrap: true });
        expect(card.body[0].text).toBe(
          `Automatic rollback (production): ${target} failed verify version /version at ${second} s of the bake; production returned to ${old}`,
        );
        const factSet = card.body.find((element: { type: string }) => element.type === "FactSet");
        expect(factSet.facts).toContainEqual({ title: "Production", value: old });
        expect(factSet.facts).toContainEqual({ title: "Switch", value: `${old} → ${target}` });
        expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Open the run", url: RUN_URL }]);
      }
      expect(run.stdout).toContain(
        `Notification 1 of 1 (${format}, auto-rolled-back): delivered (HTTP ${format === "teams" ? 202 : 200}).`,
      );
      expectNeverShown(run, [hook, token, `:${hooks.port}`]);
      // The runner is told to mask the URL before anything could print it.
      expect(run.stdout).toContain(`::add-mask::${hook}`);
    });
  }

  it("a dead receiver (a closed port, a webhook answering 500) only warns: the promote succeeds, its outputs stand", async () => {
    const failing = await receiver(500);
    const closed = `http://127.0.0.1:${await freePort()}/hooks/T0CLOSED42/xSecretClosed7`;
    const erroring = failing.url("/hooks/T0ERROR42/xSecretError7");
    const notify = `${closed},\n${erroring}`;
    const { version, target } = await prepare(notify);
    const run = await runAction({ ...world.inputs, mode: "promote", version, "verify-url": www(), notify }, GITHUB_RUN);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs["active-color"]).toBe(target);
    expect(await live()).toBe(target);
    expect(run.stdout).toContain(
      "::warning::Notification 1 of 2 (json, promoted) was not delivered: connection refused after 3 tries. The step's result stands; check the webhook.",
    );
    expect(run.stdout).toContain(
      "::warning::Notification 2 of 2 (json, promoted) was not delivered: HTTP 500 after 3 tries. The step's result stands; check the webhook.",
    );
    expect(run.summary).toContain("Notification 2 of 2 (json, promoted) was not delivered: HTTP 500 after 3 tries.");
    // Three tries each, no more: a short bounded retry.
    expect(failing.received).toHaveLength(3);
    expect(JSON.parse((failing.received[0] as { body: string }).body)).toMatchObject({ event: "promoted", to: target, ok: true });
    expect(run.stdout).not.toMatch(/::error::/);
    expectNeverShown(run, [closed, erroring, "/hooks/T0", "xSecret", `:${failing.port}`, closed.split("/")[2] as string]);
    console.log(`promote with two dead webhooks: ${Math.round(run.ms)} ms`);
    expect(run.ms).toBeLessThan(15_000);
  });

  it("the CLI with the webhook in BLUEGREEN_NOTIFY (a GitLab masked variable): prepare and status tell nothing, promote and rollback once each", async () => {
    const hooks = await receiver();
    const token = "/hooks/T0GITLAB42/xSecretGitlab7";
    const hook = hooks.url(token);
    const gitlab = {
      GITHUB_ACTIONS: "",
      GITLAB_CI: "true",
      CI_JOB_ID: "4242",
      CI_PROJECT_PATH: "team/shop",
      CI_JOB_URL: "https://gitlab.example/team/shop/-/jobs/4242",
      CI_ENVIRONMENT_NAME: "production",
      BLUEGREEN_NOTIFY: hook,
    };
    const cli = async (mode: string, inputs: Record<string, string> = {}) => {
      const run = await runAction({ ...world.inputs, ...inputs }, gitlab, undefined, [mode]);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expectNeverShown(run, [hook, token, `:${hooks.port}`]);
      return run;
    };
    const old = await live();
    const target = old === "blue" ? "green" : "blue";
    const version = `v${++release}`;
    // prepare is not an outcome to tell; its deploy-command does not get the variable holding the webhook.
    const prepared = await cli("prepare", { version, "deploy-command": DEPLOY });
    expect(prepared.stdout).toMatch(/Not passed to deploy-command \(credentials bluegreen keeps to itself\): .*BLUEGREEN_NOTIFY/);
    expect(hooks.received).toEqual([]);

    const promoted = await cli("promote", { "verify-url": www() });
    expect(promoted.stdout).toContain("Notification 1 of 1 (json, promoted): delivered (HTTP 200).");
    const rolledBack = await cli("rollback", { "verify-url": www() });
    expect(rolledBack.stdout).toContain("Notification 1 of 1 (json, rolled-back): delivered (HTTP 200).");
    expect(await live()).toBe(old);
    await cli("status");
    expect(hooks.received).toHaveLength(2);
    const [first, second] = hooks.received.map((request) => JSON.parse(request.body));
    const run = { id: "gitlab:team/shop/4242", url: "https://gitlab.example/team/shop/-/jobs/4242" };
    for (const body of [first, second]) expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(first).toMatchObject({
      event: "promoted",
      ok: true,
      production: target,
      from: old,
      to: target,
      version,
      environment: "production",
      run,
      failed: [],
    });
    expect(second).toMatchObject({
      event: "rolled-back",
      ok: true,
      mode: "rollback",
      production: old,
      from: target,
      to: old,
      environment: "production",
      run,
    });
    expect(second.rollback).toBeUndefined();
  });
});
