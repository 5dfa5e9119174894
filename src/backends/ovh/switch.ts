import type { RouteChange, RouterState } from "../../backend.js";
import type { Color } from "../../colors.js";
import { type BluegreenError, RouterError } from "../../errors.js";
import { encodeLedger } from "../../ledger.js";
import { log } from "../../platform/log.js";
import type { OvhApi } from "./api.js";
import { joinDisplayName } from "./display-name.js";
import type { Frontend, PendingChanges } from "./model.js";
import type { OvhOptions } from "./options.js";
import type { IplbPaths } from "./paths.js";
import { postRefresh, RefreshFailedError, refreshAndWait, waitForTask } from "./refresh.js";

/** The fields of a frontend bluegreen writes. */
export interface FrontendBody {
  defaultFarmId?: number;
  displayName?: string;
}

/** One PUT of a switch, with what puts it back. */
export interface Write {
  role: "production" | "preview";
  frontend: Frontend;
  body: FrontendBody;
  undo: FrontendBody;
}

/**
 * The PUTs that turn the frontends into `change`: production frontends only when production really
 * moves (so prepare and test never "repair" production behind the user's back: frontends that
 * disagree are repaired only by a promote or rollback), preview frontends to the preview color, and
 * the ledger in the first production frontend's displayName.
 */
export function planWrites(
  frontends: { production: Frontend[]; preview: Frontend[]; userName: string },
  change: RouteChange,
  state: RouterState,
  options: OvhOptions,
): Write[] {
  const writes: Write[] = [];
  const ledgerName = joinDisplayName(frontends.userName, encodeLedger(change.ledger));
  const plan = (role: Write["role"], frontend: Frontend, farmId: number | undefined, withLedger: boolean) => {
    const body: FrontendBody = {};
    const undo: FrontendBody = {};
    if (farmId !== undefined && frontend.defaultFarmId !== farmId) {
      body.defaultFarmId = farmId;
      // The client drops null values, so "no farm" cannot be written back; a preview frontend without a farm keeps its new one.
      if (frontend.defaultFarmId != null) undo.defaultFarmId = frontend.defaultFarmId;
    }
    if (withLedger && (frontend.displayName ?? "") !== ledgerName) {
      body.displayName = ledgerName;
      undo.displayName = frontend.displayName ?? "";
    }
    if (Object.keys(body).length > 0) writes.push({ role, frontend, body, undo });
  };
  const moveProduction = change.live !== state.live || change.repair === true;
  frontends.production.forEach((frontend, i) => {
    plan("production", frontend, moveProduction ? options.farms[change.live][i] : undefined, i === 0);
  });
  frontends.preview.forEach((frontend, i) => {
    plan("preview", frontend, options.farms[change.preview][i], false);
  });
  return writes;
}

export function routingChanges(writes: Write[]): boolean {
  return writes.some((write) => write.body.defaultFarmId !== undefined);
}

export function describeWrite(paths: IplbPaths, write: Write, colorOf: (farmId: number | null | undefined) => Color | undefined): string {
  const { frontend, body } = write;
  const put = `PUT ${paths.frontend(frontend.frontendId)} ${JSON.stringify(body)}`;
  const what =
    body.defaultFarmId === undefined
      ? "bluegreen's ledger in its displayName"
      : `${frontend.defaultFarmId == null ? "no farm" : `${colorOf(frontend.defaultFarmId)} farm ${frontend.defaultFarmId}`} -> ${colorOf(body.defaultFarmId)} farm ${body.defaultFarmId}`;
  return `${put} (${write.role} frontend, port ${frontend.port}: ${what})`;
}

export interface SwitchContext {
  api: OvhApi;
  paths: IplbPaths;
  timeoutMs: number;
  /** The color production had before the switch, for the sentence that says where it is now. */
  liveBefore: Color;
}

/**
 * Stages every PUT, applies them with one refresh, waits for the task and reads the frontends back.
 * The caller holds the lock and has waited for any running refresh. `mustRefresh`: refresh even
 * with nothing to write (changes an interrupted switch left unapplied). A displayName-only change
 * is refreshed too when the API counts it as pending, so bluegreen never leaves a change unapplied
 * (the next run would rightly take it for an interrupted switch). On any failure part-way, puts
 * back what was already changed, refreshes, and throws an error that says what failed and where
 * production traffic is.
 */
export async function applyWrites(ctx: SwitchContext, writes: Write[], mustRefresh = false): Promise<void> {
  if (writes.length === 0 && !mustRefresh) return;
  const routing = routingChanges(writes);
  const done: Write[] = [];
  let step = "";
  let taskCreated = false;
  try {
    for (const write of writes) {
      step = `PUT frontend ${write.frontend.frontendId} (port ${write.frontend.port})`;
      await ctx.api.put(ctx.paths.frontend(write.frontend.frontendId), { ...write.body });
      done.push(write);
    }
    step = `GET ${ctx.paths.pendingChanges()}`;
    if (!mustRefresh && !routing && !(await changesPending(ctx.api, ctx.paths))) return;
    step = `POST ${ctx.paths.refresh()}`;
    const created = await postRefresh(ctx.api, ctx.paths);
    // From here the Load Balancer may run part of the new configuration, whatever the task ends in.
    taskCreated = true;
    step = `refresh task ${created.id}`;
    const task = await waitForTask(ctx.api, ctx.paths, created.id, ctx.timeoutMs);
    log.info(
      `Refresh task ${task.id} done: the Load Balancer runs its configuration${routing ? ", and the frontends send traffic to the new farms" : ""}.`,
    );
  } catch (error) {
    const what =
      error instanceof RefreshFailedError
        ? `The switch to the new farms failed: ${step} ended in ${error.task.status}`
        : `The switch stopped at ${step}: ${messageOf(error)}`;
    // putBack ends `what` with its own full stop: an API message that has one keeps only one.
    throw await putBack(ctx, done, what.replace(/\.$/, ""), taskCreated);
  }
  await confirm(ctx, writes);
}

/** Does the API hold configuration changes no refresh applied? Unknown (not granted) counts as yes. */
async function changesPending(api: OvhApi, paths: IplbPaths): Promise<boolean> {
  try {
    const pending = await api.get<PendingChanges[]>(paths.pendingChanges());
    return pending.some((zone) => zone.number > 0);
  } catch (error) {
    if (error instanceof RouterError && (error.status === 403 || error.status === 404)) return true;
    throw error;
  }
}

/** Reads the written frontends back: the switch counts only when OVH says so. */
async function confirm(ctx: SwitchContext, writes: Write[]): Promise<void> {
  for (const write of writes) {
    const now = await ctx.api.get<Frontend>(ctx.paths.frontend(write.frontend.frontendId));
    const expected = write.body.defaultFarmId;
    if (expected !== undefined && now.defaultFarmId !== expected) {
      throw new RouterError(
        `After the refresh, frontend ${write.frontend.frontendId} (port ${write.frontend.port}) reads farm ${now.defaultFarmId ?? "none"}, not ${expected} as written: someone changed it meanwhile.`,
      );
    }
  }
}

/**
 * Undoes the PUTs in `done` (newest first), then refreshes so the Load Balancer runs the old
 * configuration again. Returns the error to throw: what failed, what was put back, where traffic is.
 */
async function putBack(ctx: SwitchContext, done: Write[], failure: string, taskCreated: boolean): Promise<BluegreenError> {
  const routingDone = done.filter((write) => write.body.defaultFarmId !== undefined);
  if (done.length === 0) return new RouterError(`${failure}. Nothing had been changed; production stays on ${ctx.liveBefore}.`);
  const restored: string[] = [];
  const notRestored: string[] = [];
  for (const write of [...done].reverse()) {
    const name = `frontend ${write.frontend.frontendId} (port ${write.frontend.port})`;
    if (Object.keys(write.undo).length === 0) {
      restored.push(`${name} keeps farm ${write.body.defaultFarmId} (it had none, and the API cannot unset one)`);
      continue;
    }
    try {
      await ctx.api.put(ctx.paths.frontend(write.frontend.frontendId), { ...write.undo });
      const farm = write.undo.defaultFarmId !== undefined ? ` to farm ${write.undo.defaultFarmId}` : "";
      const ledger = write.undo.displayName !== undefined ? `${farm ? " with" : ""} its previous displayName` : "";
      restored.push(`${name}${farm}${ledger}`);
    } catch (error) {
      notRestored.push(`${name}: ${messageOf(error)}`);
    }
  }
  const putBackText = restored.length > 0 ? ` Put back: ${restored.reverse().join(", ")}.` : "";
  if (notRestored.length > 0) {
    return new RouterError(
      `${failure}.${putBackText} Could NOT put back ${notRestored.join("; ")}: the configuration still holds part of the switch and the next refresh would apply it. ` +
        `${taskCreated ? "The refresh task did not end cleanly, so traffic may be split between colors" : `No refresh applied it, so production traffic is still on ${ctx.liveBefore}`}; run rollback or promote again to make the frontends agree.`,
    );
  }
  if (routingDone.length === 0) {
    // Only a displayName was written and put back: refresh only if that left something pending.
    const pending = await changesPending(ctx.api, ctx.paths).catch(() => true);
    const refreshed = pending
      ? await refreshAndWait(ctx.api, ctx.paths, ctx.timeoutMs).then(
          () => " (refreshed)",
          () => " (a refresh to apply the put-back failed; the change waits on the Load Balancer)",
        )
      : "";
    return new RouterError(`${failure}.${putBackText}${refreshed} No farm had been changed; production stays on ${ctx.liveBefore}.`);
  }
  try {
    const task = await refreshAndWait(ctx.api, ctx.paths, ctx.timeoutMs);
    const before = taskCreated ? "" : " (the switch had never been applied)";
    return new RouterError(`${failure}.${putBackText} Refreshed (task ${task.id} done): production is on ${ctx.liveBefore}${before}.`);
  } catch (error) {
    return new RouterError(
      `${failure}.${putBackText} The refresh to apply that failed too (${messageOf(error)}): ` +
        `${taskCreated ? "traffic may be split between colors" : `production traffic is still on ${ctx.liveBefore}, but the Load Balancer has unapplied changes`}; check GET /ipLoadbalancing/{serviceName}/task and run rollback or promote again.`,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The describe() line for the refresh a switch sends. */
export function describeRefresh(paths: IplbPaths, timeoutSeconds: number): string[] {
  return [
    `wait until no refreshIplb task is todo or doing (GET ${paths.tasks()}?action=refreshIplb&status=todo, then status=doing, then each task by id)`,
    `POST ${paths.refresh()}, then poll GET ${paths.tasks()}/{id} until done (at most ${timeoutSeconds} s; error, cancelled or blocked puts every frontend back)`,
    "read the frontends back to confirm",
  ];
}
