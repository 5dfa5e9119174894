import { BluegreenError, RefusedError } from "../errors.js";
import type { Fail, PolicySettings, Refuse } from "../policy/index.js";
import type { ModeContext } from "./context.js";

/** The settings the policy decides on, with the time read now (each decision gets its own). */
export function policySettings(ctx: ModeContext): PolicySettings {
  const { config } = ctx;
  return {
    version: config.version,
    ref: config.ref,
    liveVersion: config.liveVersion,
    dryRun: config.dryRun,
    requireTest: config.requireTest,
    maxTestAgeSeconds: config.maxTestAgeSeconds,
    bakeSeconds: config.bakeSeconds,
    autoRollback: config.autoRollback,
    now: ctx.now(),
    run: ctx.run,
  };
}

/** A decision to stop, as the error the step fails with: a refusal of a rule, or a failure. */
export function stop(decision: Refuse | Fail): BluegreenError {
  return decision.kind === "refuse" ? new RefusedError(decision.sentence) : new BluegreenError(decision.sentence);
}
