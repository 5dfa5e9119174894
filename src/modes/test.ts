import type { HttpRequester } from "../backend.js";
import { InputError, RefusedError } from "../errors.js";
import { log } from "../platform/log.js";
import { runUserCommand } from "../platform/user-command.js";
import { decideTest, testedRouting } from "../policy/index.js";
import { failures, timed } from "../report.js";
import { sentenceOf } from "../sentence.js";
import { checkHealth, checkVersion, waitForHealthy } from "../smoke/checks.js";
import { urlRequester } from "../smoke/http.js";
import { runLoad } from "../smoke/load.js";
import { previewAnalysis } from "./bake.js";
import type { ModeContext, ModeResult } from "./context.js";
import { describePromote } from "./promote.js";

/**
 * Smoke-tests the idle color through its preview entry: health, version, a light load against
 * the thresholds, then test-command. A pass is recorded on the router for promote to check.
 */
export async function test(ctx: ModeContext): Promise<ModeResult> {
  const { router, workload, config, report } = ctx;
  const { smoke } = config;
  const state = await timed(report, "read router", () => router.read());
  report.before = state;
  const { target, version, warning } = decideTest(state, config);
  report.target = target;
  if (warning) log.warn(warning);

  let requester: (HttpRequester & { close?(): void }) | undefined;
  if (smoke.testUrl) requester = urlRequester(smoke.testUrl, smoke.concurrency);
  else if (router.previewRequester) requester = await router.previewRequester(target);
  if (!requester) {
    throw new InputError("test-url", `is required for backend ${router.kind}: the base URL of the preview entry (the idle color).`);
  }
  if (config.dryRun) {
    // What a promote would do once this test passes.
    report.plan.push(...describePromote(ctx, state, target));
    report.outcome = `Dry run: would test ${target}${version ? ` (${version})` : ""} through ${requester.describe}; nothing sent.`;
    requester.close?.();
    return { active: state.live, previous: state.ledger.previous ?? "", target, version, changed: false };
  }

  const timeoutMs = config.timeoutSeconds * 1000;
  // Proof that the test traffic reached the idle color, from the router's own counters where it has them.
  const served = router.servedRequests?.bind(router);
  const servedBefore = served ? await served(target) : undefined;
  let sent = 1; // the health check; the load below replaces this with its answered requests
  try {
    await timed(report, "wait for preview", () => waitForHealthy(requester, smoke.healthPath, timeoutMs));
    report.checks.push(await checkHealth(requester, smoke.healthPath, 10_000));
    if (smoke.versionPath) {
      if (!version) log.warn("version-path is set but no version is known for the preview color: skipped.");
      else report.checks.push(await checkVersion(requester, smoke.versionPath, version, 10_000));
    }
    if (smoke.requests > 0) {
      const load = await timed(report, "load", () => runLoad(requester, smoke.healthPath, smoke.requests, smoke.concurrency, 10_000));
      // Requests that got no HTTP answer at all may never have reached any router: only answered ones must be counted.
      sent = load.requests - Object.entries(load.failures).reduce((n, [why, count]) => n + (why.startsWith("HTTP ") ? 0 : count), 0);
      const failures = Object.entries(load.failures)
        .map(([reason, count]) => `${count}x ${reason}`)
        .join(", ");
      log.info(
        `Load: ${load.requests} requests, ${smoke.concurrency} concurrent, ${load.requestsPerSecond} req/s; ` +
          `p50 ${load.p50} ms, p95 ${load.p95} ms, p99 ${load.p99} ms, max ${load.max} ms; ${load.errors} errors${failures ? ` (${failures})` : ""}.`,
      );
      report.checks.push({
        name: "error rate",
        ok: load.errorRate <= smoke.maxErrorRate,
        detail: `${load.errors}/${load.requests} failed (${(load.errorRate * 100).toFixed(2)}%, max ${(smoke.maxErrorRate * 100).toFixed(2)}%)${failures ? `: ${failures}` : ""}`,
      });
      report.checks.push({
        name: "p95 latency",
        ok: load.p95 <= smoke.maxP95Ms,
        detail: `p50 ${load.p50} ms, p95 ${load.p95} ms (max ${smoke.maxP95Ms} ms), p99 ${load.p99} ms, ${load.requestsPerSecond} req/s`,
      });
    }
    if (served && servedBefore !== undefined) {
      const reached = (await served(target)) - servedBefore;
      report.checks.push({
        name: `reached ${target}`,
        ok: reached >= sent,
        detail:
          reached >= sent
            ? `${target}'s backend counted ${reached} requests during the test (${sent} sent)`
            : `the test traffic did not reach ${target} (did test-url point at production?): ${target}'s backend counted ${reached} of the ${sent} test requests`,
      });
    } else if (smoke.testUrl && !smoke.versionPath) {
      const why = `could not tell which color answered the test: backend ${router.kind} has no request counters and version-path is not set`;
      log.warn(`Test mode ${why}; set version-path to prove the answers came from ${target}.`);
      report.checks.push({ name: `reached ${target}`, ok: true, detail: `not proven: ${why}` });
    }
  } finally {
    requester.close?.();
  }
  report.checks.push(...(await previewAnalysis(ctx, target, version)));
  if (smoke.testCommand) {
    const testUrl = smoke.testUrl?.toString() ?? requester.describe;
    try {
      await timed(report, "test-command", () =>
        runUserCommand("test-command", smoke.testCommand as string, {
          BLUEGREEN_TEST_URL: testUrl,
          BLUEGREEN_COLOR: target,
          BLUEGREEN_VERSION: version,
        }),
      );
      report.checks.push({ name: "test-command", ok: true, detail: "exit code 0" });
    } catch (error) {
      report.checks.push({ name: "test-command", ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
  }

  const failed = failures(report.checks);
  // A failed test makes no promote possible: only a passed one shows the switch promote would make.
  if (failed) {
    throw new RefusedError(sentenceOf(`Test of ${target}${version ? ` (${version})` : ""} failed: ${failed}`));
  }

  // Record the pass on the router, with what was tested, so promote can refuse anything that changed since.
  const fresh = await router.read();
  const fingerprint = await workload.fingerprint(target);
  const record = router.plan(testedRouting(fresh, { color: target, version, fingerprint, at: ctx.now().toISOString() }), fresh);
  await timed(report, "record test", () => router.apply(record));
  report.after = await router.read();
  report.plan.push(...describePromote(ctx, report.after, target));
  report.outcome = `Tested ${target}${version ? ` (${version})` : ""}: all ${report.checks.length} checks passed.`;
  return { active: state.live, previous: state.ledger.previous ?? "", target, version, changed: false };
}
