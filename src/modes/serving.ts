import type { PlanLine } from "../backend.js";
import type { Color } from "../colors.js";
import { RefusedError, TimeoutError } from "../errors.js";
import { servingRestored, servingRestorePlan, servingRestoreRefusal } from "../policy/workload.js";
import { timed } from "../report.js";
import { pollUntil } from "../wait.js";
import type { ModeContext } from "./context.js";

/**
 * Before traffic goes back to `target`, make it able to carry production: a color promote scaled
 * down (scale-down-replicas) gets its replicas back, and is waited for until ready within
 * `timeout`; if it does not get ready, the switch is refused with no routing touched. A dry run
 * only says what it would do. Returns lines for the plan; none when there is nothing to do.
 */
export async function ensureServing(ctx: ModeContext, target: Color): Promise<PlanLine[]> {
  const { workload, config, report } = ctx;
  if (!workload.servingRestore) return [];
  const restoreOf = workload.servingRestore.bind(workload);
  return timed(report, "before switch", async () => {
    const restore = await restoreOf(target);
    if (!restore) return [];
    if (config.dryRun) return servingRestorePlan(restore, config.timeoutSeconds);
    await restore.apply();
    try {
      const ready = await pollUntil(`${restore.object} becoming ready`, config.timeoutSeconds * 1000, async () => {
        const readiness = await workload.readiness(target);
        return { done: readiness.ready, detail: readiness.summary };
      });
      return servingRestored(restore, ready.detail);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      throw new RefusedError(servingRestoreRefusal(target, restore, error.message));
    }
  });
}
