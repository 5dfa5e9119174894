import type { RouteChange, RouterState } from "../../backend.js";
import type { Color } from "../../colors.js";
import { BluegreenError, ConflictError, InputError, RouterError } from "../../errors.js";
import type { ApplyOptions } from "./router.js";

/**
 * A router that splits production by weights (an OpenShift Route's alternateBackends, an HTTPRoute's
 * backendRefs). Each write carries the resourceVersion the previous one answered with, so a change
 * made by someone else in between stops the shift with a 409 instead of being overwritten.
 */
export interface WeightedWrites {
  /** The object written, for messages: "route default/web". */
  readonly object: string;
  /** Writes `percent` on the new color and the rest on the old one (not the last step). */
  step(percent: number): Promise<void>;
  /** Writes the final state: everything on the new color, and the ledger. */
  finish(): Promise<void>;
  /**
   * Resolves once the router serves what was just written (Gateway API: the controller accepted
   * the route's new generation); throws when it refused it. Optional: a Route is served as written.
   */
  confirm?(): Promise<void>;
  /** Puts all traffic back on the old color (from a fresh read); returns what it wrote, e.g. "route default/web: web-blue 100". */
  restore(): Promise<string>;
}

/** Percentages on the new color; a single 100 when not switching or when no steps were asked. */
export function stepsOf(change: RouteChange, state: RouterState, options?: ApplyOptions): number[] {
  if (change.live === state.live || !options?.steps?.length) return [100];
  return options.steps;
}

/** "resourceVersion 1234" for the first write, then the previous step's, as the plan says it. */
export function stepVersion(index: number, state: RouterState): string {
  return index === 0 ? `resourceVersion ${state.revision}` : "resourceVersion of the previous step";
}

/**
 * Shifts production from `old` to the new color through `steps`, running onStep (verification)
 * after each step but the last. Any failure after the first write puts all traffic back on the
 * old color and says so, as does a first write that may have been applied (its answer was lost); a
 * first write refused (a 409, say) means nothing changed, and says that.
 */
export async function shiftTraffic(writes: WeightedWrites, steps: number[], old: Color, onStep?: ApplyOptions["onStep"]): Promise<void> {
  let written = false;
  for (const [index, percent] of steps.entries()) {
    const last = index === steps.length - 1;
    try {
      if (last) await writes.finish();
      else await writes.step(percent);
      written = true;
      await writes.confirm?.();
      if (!last) await onStep?.(percent);
    } catch (error) {
      if (!written && !mayHaveWritten(error)) throw error;
      throw await restoreAfter(writes, old, error, percent);
    }
  }
}

/**
 * A write that failed may still have been applied: a lost answer, a timeout, a 5xx, or a retry refused
 * as ambiguous. Only a refusal (409 Conflict, or another 4xx) proves nothing changed.
 */
function mayHaveWritten(error: unknown): boolean {
  if (error instanceof ConflictError || error instanceof InputError) return false;
  if (error instanceof RouterError && error.status !== undefined && error.status >= 400 && error.status < 500) return false;
  return true;
}

/** Puts all traffic back on the old color and returns the error to throw. */
async function restoreAfter(writes: WeightedWrites, old: Color, error: unknown, percent: number): Promise<Error> {
  const why = error instanceof Error ? error.message : String(error);
  let restored: string;
  try {
    restored = await writes.restore();
  } catch (restoreError) {
    const how = restoreError instanceof Error ? restoreError.message : String(restoreError);
    return new BluegreenError(
      `the step at ${percent}% failed (${why}), and putting all traffic back on ${old} failed too (${how}): check ${writes.object} now.`,
    );
  }
  return new BluegreenError(`the step at ${percent}% failed (${why}); all traffic is back on ${old} (${restored}).`);
}
