import type { Color } from "../colors.js";
import { BluegreenError } from "../errors.js";
import { detail } from "../plan-lines.js";
import { log } from "../platform/log.js";
import { runUserCommand } from "../platform/user-command.js";
import { decidePrepare, failedPrepareRouting, inUseRefusal, preparedAgain, preparedWrite } from "../policy/index.js";
import { timed } from "../report.js";
import type { ModeContext, ModeResult } from "./context.js";
import { policySettings, stop } from "./policy.js";
import { readyNow, waitUntilReady } from "./readiness.js";
import { sentenceOf, switchAndConfirm } from "./switch.js";

/** Puts `version` on the idle color, waits until it is ready, and points the preview entry at it. */
export async function prepare(ctx: ModeContext): Promise<ModeResult> {
  const { router, workload, config, report } = ctx;
  const version = config.version as string; // parseConfig requires it for prepare
  const state = await timed(report, "read router", () => router.read());
  report.before = state;
  const decision = decidePrepare(state, { ...policySettings(ctx), version });
  if (decision.kind === "refuse") throw stop(decision);
  const { target } = decision;
  report.target = target;
  const result = (changed: boolean): ModeResult => ({
    active: state.live,
    previous: state.ledger.previous ?? "",
    target,
    version,
    changed,
  });

  if (decision.kind === "noop") {
    report.outcome = decision.sentence;
    return result(false);
  }
  const { change } = decision;

  if (decision.alreadyThere) {
    const again = preparedAgain(version, target, await readyNow(ctx, target));
    if (again.kind === "noop") {
      report.outcome = again.sentence;
      return result(false);
    }
    log.info(again.note);
  }
  const inUse = inUseRefusal(state, target, ctx.now());
  if (inUse) throw stop(inUse);

  if (workload.deploy) {
    report.plan.push(`deploy ${version} on ${target} (backend ${router.kind})`);
  } else if (config.deployCommand) {
    report.plan.push(`run deploy-command for ${target} with BLUEGREEN_COLOR=${target} BLUEGREEN_VERSION=${version}`);
  } else if (config.deployedAlready) {
    report.plan.push(`deploy nothing (deploy-command: none): ${version} is on ${target} already, as the step says`);
    log.warn(
      `deploy-command is "none": bluegreen deployed nothing and records ${version} on ${target} on your word; test mode's version-path is what checks it.`,
    );
  }
  // A detail: the readiness check the log shows says what the wait found.
  report.plan.push(detail(`wait until every server of ${target} is ready (timeout ${config.timeoutSeconds} s)`));
  if (decision.recordsLiveVersion) {
    report.plan.push(
      `record ${decision.recordsLiveVersion} as the version ${state.live} (production) runs, on the step's word (live-version)`,
    );
  }
  report.plan.push(...router.describe(router.plan(change, state)));
  if (config.dryRun) {
    report.outcome = `Dry run: would prepare ${version} on ${target}; nothing changed.`;
    return result(false);
  }

  // From here on the idle color's old version is being replaced: it counts as a change.
  report.changed = true;
  try {
    await deployTarget(ctx, target, version);
    const ready = await timed(report, `wait ${target} ready`, () => waitUntilReady(ctx, target));
    report.checks.push({ name: `${target} ready`, ok: true, detail: ready });

    // The deploy may have taken minutes: read again so the write below is checked against fresh state.
    const fresh = await router.read();
    const write = preparedWrite(state, fresh, target, { ...policySettings(ctx), version });
    if (write.kind === "fail") throw stop(write);
    report.after = await switchAndConfirm(ctx, router.plan(write.change, fresh), undefined, false);
  } catch (error) {
    throw new BluegreenError(`${sentenceOf(error)} ${await forgetVersion(ctx, target)}`);
  }
  report.outcome = `Prepared ${version} on ${target}; production stays on ${state.live}.`;
  return result(true);
}

async function deployTarget(ctx: ModeContext, target: Color, version: string): Promise<void> {
  const { router, workload, config, report } = ctx;
  if (workload.deploy) {
    const deploy = workload.deploy.bind(workload);
    await timed(report, `deploy ${target}`, () => deploy(target, version));
  } else if (config.deployCommand) {
    const servers = workload.targets ? await workload.targets(target) : [];
    await timed(report, "deploy-command", () =>
      runUserCommand("deploy-command", config.deployCommand as string, {
        BLUEGREEN_COLOR: target,
        BLUEGREEN_VERSION: version,
        BLUEGREEN_SERVERS: servers.join(","),
        BLUEGREEN_BACKEND: router.kind,
      }),
    );
  }
}

/**
 * After a failed prepare the idle color runs neither its old version nor surely the new one:
 * drop its version from the ledger (best effort), so no later promote trusts the old record.
 * Production is untouched either way. Returns a sentence for the error message.
 */
async function forgetVersion(ctx: ModeContext, target: Color): Promise<string> {
  try {
    const fresh = await ctx.router.read();
    await ctx.router.apply(ctx.router.plan(failedPrepareRouting(fresh, target), fresh));
    return `Production stays on ${fresh.live}; ${target}'s version is now recorded as unknown, so nothing promotes it until a prepare succeeds.`;
  } catch (error) {
    log.warn(`Could not record ${target}'s version as unknown: ${sentenceOf(error)}`);
    return `Production was not touched; ${target} may run a half-installed version.`;
  }
}
