import type { RouteChange, RouterState } from "../../backend.js";
import type { Color } from "../../colors.js";
import { type BluegreenError, RouterError } from "../../errors.js";
import { encodeLedger } from "../../ledger.js";
import { log } from "../../platform/log.js";
import type { OvhApi } from "./api.js";
import { joinDisplayName } from "./display-name.js";
import { type HeldLease, LeaseStopped } from "./lease.js";
import type { Frontend, PendingChanges } from "./model.js";
import type { OvhOptions } from "./options.js";
import type { IplbPaths } from "./paths.js";
import { postRefresh, RefreshFailedError, waitForTask } from "./refresh.js";
import type { AppliedView } from "./traffic.js";

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
  /** Date.now() by which the switch must be done: the step's timeout, counted from the start of apply. */
  deadline: number;
  /** The lease this switch runs under: every write goes through it. */
  held: HeldLease;
  /** What the Load Balancer runs, as this run knows it: each refresh task it starts is recorded there. */
  view: AppliedView;
  /** The production frontends' colors before the first PUT, in ovh-frontends order, and those frontends' ids. */
  production: { ids: number[]; colors: Color[] };
  colorOf: (farmId: number | null | undefined) => Color | undefined;
}

/** Time left before the deadline, and never less than `floorMs` (a put-back's refresh deserves a look). */
function left(ctx: SwitchContext, floorMs = 0): number {
  return Math.max(ctx.deadline - Date.now(), floorMs);
}

/** The production colors the configuration names, kept up to date as PUTs land. */
class Staged {
  readonly colors: Color[];
  constructor(private readonly ctx: SwitchContext) {
    this.colors = [...ctx.production.colors];
  }
  wrote(frontendId: number, body: FrontendBody): void {
    const i = this.ctx.production.ids.indexOf(frontendId);
    const color = this.ctx.colorOf(body.defaultFarmId);
    if (i >= 0 && color) this.colors[i] = color;
  }
}

/**
 * Stages every PUT, applies them with one refresh, waits for the task and reads the frontends back.
 * The caller holds the lease and has waited for any running refresh. `mustRefresh`: refresh even
 * with nothing to write (changes an interrupted switch left unapplied). A displayName-only change
 * is refreshed too when the API counts it as pending, so bluegreen never leaves a change unapplied
 * (the next run would rightly take it for an interrupted switch). On a failure part-way, puts back
 * what was already changed and refreshes; the error says what failed and what was done, and the
 * router read again says where production is (modes/switch.ts). A run cancelled or without its
 * lease writes nothing more, not even a put-back: the next promote or rollback settles it.
 */
export async function applyWrites(ctx: SwitchContext, writes: Write[], mustRefresh = false): Promise<void> {
  if (writes.length === 0 && !mustRefresh) return;
  const routing = routingChanges(writes);
  const staged = new Staged(ctx);
  const done: Write[] = [];
  let step = "";
  let taskCreated = false;
  try {
    for (const write of writes) {
      step = `PUT frontend ${write.frontend.frontendId} (port ${write.frontend.port})`;
      await ctx.held.guard(() => ctx.api.put(ctx.paths.frontend(write.frontend.frontendId), { ...write.body }));
      done.push(write);
      staged.wrote(write.frontend.frontendId, write.body);
    }
    step = `GET ${ctx.paths.pendingChanges()}`;
    if (!mustRefresh && !routing && !(await changesPending(ctx.api, ctx.paths))) return;
    step = `POST ${ctx.paths.refresh()}`;
    const created = await ctx.held.guard(() => postRefresh(ctx.api, ctx.paths));
    ctx.view.started(created.id, staged.colors);
    // From here the Load Balancer may run part of the new configuration, whatever the task ends in.
    taskCreated = true;
    step = `refresh task ${created.id}`;
    const task = await waitForTask(ctx.api, ctx.paths, created.id, left(ctx), () => ctx.held.check());
    ctx.view.ended(task);
    log.info(
      `Refresh task ${task.id} done: the Load Balancer runs its configuration${routing ? ", and the frontends send traffic to the new farms" : ""}.`,
    );
  } catch (error) {
    if (error instanceof RefreshFailedError) ctx.view.ended(error.task);
    if (error instanceof LeaseStopped) throw stopped(error, step, done);
    const what =
      error instanceof RefreshFailedError
        ? `The switch to the new farms failed: ${step} ended in ${error.task.status}`
        : `The switch stopped at ${step}: ${messageOf(error)}`;
    // putBack ends `what` with its own full stop: an API message that has one keeps only one.
    throw await putBack(ctx, staged, done, what.replace(/\.$/, ""), taskCreated);
  }
  await confirm(ctx, writes);
}

/** A switch that stopped writing under a cancel or a lost lease: what it had written, nothing put back. */
function stopped(error: LeaseStopped, step: string, done: Write[]): LeaseStopped {
  const written =
    done.length === 0
      ? "before any PUT"
      : `at ${step}, after PUT ${done.map((write) => `frontend ${write.frontend.frontendId}`).join(", ")} (not put back)`;
  return new LeaseStopped(`${error.message.replace(/\.$/, "")}; the switch stopped ${written}.`, error.reason);
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
 * configuration again. Returns the error to throw: what failed and what was put back and refreshed.
 * Where production is then is said once, by the caller, from the router read again.
 */
async function putBack(ctx: SwitchContext, staged: Staged, done: Write[], failure: string, taskCreated: boolean): Promise<BluegreenError> {
  const routingDone = done.filter((write) => write.body.defaultFarmId !== undefined);
  if (done.length === 0) return new RouterError(`${failure}. Nothing had been changed.`);
  const restored: string[] = [];
  const notRestored: string[] = [];
  for (const write of [...done].reverse()) {
    const name = `frontend ${write.frontend.frontendId} (port ${write.frontend.port})`;
    if (Object.keys(write.undo).length === 0) {
      restored.push(`${name} keeps farm ${write.body.defaultFarmId} (it had none, and the API cannot unset one)`);
      continue;
    }
    try {
      await ctx.held.guard(() => ctx.api.put(ctx.paths.frontend(write.frontend.frontendId), { ...write.undo }));
      staged.wrote(write.frontend.frontendId, write.undo);
      const farm = write.undo.defaultFarmId !== undefined ? ` to farm ${write.undo.defaultFarmId}` : "";
      const ledger = write.undo.displayName !== undefined ? `${farm ? " with" : ""} its previous displayName` : "";
      restored.push(`${name}${farm}${ledger}`);
    } catch (error) {
      notRestored.push(`${name}: ${messageOf(error)}`);
      if (error instanceof LeaseStopped) break;
    }
  }
  const putBackText = restored.length > 0 ? ` Put back: ${restored.reverse().join(", ")}.` : "";
  if (notRestored.length > 0) {
    return new RouterError(
      `${failure}.${putBackText} Could NOT put back ${notRestored.join("; ")}: the configuration still holds part of the switch, and the next refresh would apply it; run rollback or promote again to make the frontends agree.`,
    );
  }
  // Only a displayName was written and put back: refresh only if that left something pending.
  const pending = routingDone.length > 0 || (await changesPending(ctx.api, ctx.paths).catch(() => true));
  if (!pending) return new RouterError(`${failure}.${putBackText} No farm had been changed.`);
  const never = taskCreated ? "" : "; the switch had never been applied";
  try {
    const created = await ctx.held.guard(() => postRefresh(ctx.api, ctx.paths));
    ctx.view.started(created.id, staged.colors);
    const task = await waitForTask(ctx.api, ctx.paths, created.id, left(ctx, PUT_BACK_WAIT_MS), () => ctx.held.check());
    ctx.view.ended(task);
    return new RouterError(`${failure}.${putBackText} Refreshed (task ${task.id} done${never}).`);
  } catch (error) {
    if (error instanceof RefreshFailedError) ctx.view.ended(error.task);
    return new RouterError(
      `${failure}.${putBackText} The refresh to apply that did not end well either: ${messageOf(error).replace(/\.?$/, ".")}`,
    );
  }
}

/** The least a put-back's refresh is waited for, even when the step's timeout is spent. */
const PUT_BACK_WAIT_MS = 5_000;

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
