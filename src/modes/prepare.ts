import { type Color, otherColor } from "../colors.js";
import { BluegreenError, RefusedError } from "../errors.js";
import type { Ledger } from "../ledger.js";
import { log } from "../platform/log.js";
import { timed } from "../report.js";
import { runUserCommand } from "./commands.js";
import type { ModeContext, ModeResult } from "./context.js";
import { waitUntilReady } from "./readiness.js";
import { sentenceOf, switchAndConfirm } from "./switch.js";

/** Puts `version` on the idle color, waits until it is ready, and points the preview entry at it. */
export async function prepare(ctx: ModeContext): Promise<ModeResult> {
  const { backend, config, report } = ctx;
  const version = config.version as string; // parseConfig requires it for prepare
  const state = await timed(report, "read router", () => backend.read());
  report.before = state;
  const target = otherColor(state.live);
  report.target = target;
  const result = (changed: boolean): ModeResult => ({
    active: state.live,
    previous: state.ledger.previous ?? "",
    target,
    version,
    changed,
  });

  if (state.ledger.versions[state.live] === version) {
    report.outcome = `${version} is already live on ${state.live}; nothing to prepare.`;
    return result(false);
  }
  const change = { live: state.live, preview: target, ledger: preparedLedger(state.ledger, target, version, config.ref) };

  const alreadyThere = state.ledger.versions[target] === version && state.ledger.pending === target && (state.preview ?? target) === target;
  if (alreadyThere) {
    const readiness = await backend.readiness(target);
    if (readiness.ready) {
      report.outcome = `${version} is already prepared on ${target} (${readiness.summary}); nothing changed.`;
      return result(false);
    }
    log.info(`${version} was prepared on ${target} before, but it is not ready now (${readiness.summary}): preparing again.`);
  }

  const inUse = state.inUseUntil;
  if (inUse?.color === target && Date.parse(inUse.until) > ctx.now().getTime()) {
    throw new RefusedError(`Refusing to prepare ${target} before ${inUse.until}: ${inUse.why}. Production stays on ${state.live}.`);
  }
  if (backend.deploy) {
    report.plan.push(`deploy ${version} on ${target} (backend ${backend.kind})`);
  } else if (config.deployCommand) {
    report.plan.push(`run deploy-command for ${target} with BLUEGREEN_COLOR=${target} BLUEGREEN_VERSION=${version}`);
  } else if (config.deployedAlready) {
    report.plan.push(`deploy nothing (deploy-command: none): ${version} is on ${target} already, as the step says`);
    log.warn(
      `deploy-command is "none": bluegreen deployed nothing and records ${version} on ${target} on your word; test mode's version-path is what checks it.`,
    );
  }
  report.plan.push(`wait until every server of ${target} is ready (timeout ${config.timeoutSeconds} s)`);
  report.plan.push(...backend.describe(change, state));
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
    const fresh = await backend.read();
    if (fresh.live !== state.live) {
      throw new BluegreenError(
        `Production moved from ${state.live} to ${fresh.live} while ${target} was being prepared; the preview entry was left as it was.`,
      );
    }
    report.after = await switchAndConfirm(
      ctx,
      { ...change, ledger: preparedLedger(fresh.ledger, target, version, config.ref) },
      fresh,
      undefined,
      false,
    );
  } catch (error) {
    throw new BluegreenError(`${sentenceOf(error)} ${await forgetVersion(ctx, target)}`);
  }
  report.outcome = `Prepared ${version} on ${target}; production stays on ${state.live}.`;
  return result(true);
}

async function deployTarget(ctx: ModeContext, target: Color, version: string): Promise<void> {
  const { backend, config, report } = ctx;
  if (backend.deploy) {
    const deploy = backend.deploy.bind(backend);
    await timed(report, `deploy ${target}`, () => deploy(target, version));
  } else if (config.deployCommand) {
    const servers = backend.targets ? await backend.targets(target) : [];
    await timed(report, "deploy-command", () =>
      runUserCommand("deploy-command", config.deployCommand as string, {
        BLUEGREEN_COLOR: target,
        BLUEGREEN_VERSION: version,
        BLUEGREEN_SERVERS: servers.join(","),
        BLUEGREEN_BACKEND: backend.kind,
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
    const fresh = await ctx.backend.read();
    const versions = { ...fresh.ledger.versions };
    delete versions[target];
    const ledger: Ledger = { ...fresh.ledger, versions, refs: withRef(fresh.ledger.refs, target, undefined) };
    if (!ledger.refs) delete ledger.refs;
    if (ledger.pending === target) delete ledger.pending;
    ledger.prepareFailed = target;
    if (ledger.tested?.color === target) delete ledger.tested;
    await ctx.backend.apply({ live: fresh.live, preview: fresh.preview ?? target, ledger }, fresh);
    return `Production stays on ${fresh.live}; ${target}'s version is now recorded as unknown, so nothing promotes it until a prepare succeeds.`;
  } catch (error) {
    log.warn(`Could not record ${target}'s version as unknown: ${sentenceOf(error)}`);
    return `Production was not touched; ${target} may run a half-installed version.`;
  }
}

/**
 * The ledger after prepare: the version on the target with the commit that built it (or no commit
 * when none is known: the old one belonged to the replaced version), the target pending promote,
 * its old test void.
 */
function preparedLedger(base: Ledger, target: Color, version: string, ref: string | undefined): Ledger {
  const ledger: Ledger = {
    ...base,
    versions: { ...base.versions, [target]: version },
    refs: withRef(base.refs, target, ref),
    pending: target,
  };
  if (!ledger.refs) delete ledger.refs;
  delete ledger.prepareFailed;
  if (base.tested?.color === target) delete ledger.tested; // a new deploy invalidates the old test
  return ledger;
}

/** refs with color's commit set to ref, or removed when ref is undefined. */
function withRef(refs: Ledger["refs"], color: Color, ref: string | undefined): Ledger["refs"] {
  const next = { ...refs };
  if (ref) next[color] = ref;
  else delete next[color];
  return next.blue || next.green ? next : undefined;
}
