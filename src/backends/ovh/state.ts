import type { RouterState } from "../../backend.js";
import { COLORS, type Color } from "../../colors.js";
import { InputError, RouterError } from "../../errors.js";
import { decodeLedger } from "../../ledger.js";
import type { OvhApi } from "./api.js";
import { splitDisplayName } from "./display-name.js";
import type { Farm, Frontend, IplbService, PendingChanges, Task } from "./model.js";
import type { OvhOptions } from "./options.js";
import type { IplbPaths } from "./paths.js";
import { activeRefreshTasks } from "./refresh.js";

/** The frontends as read, with the color each one's defaultFarmId stands for. */
export interface Snapshot {
  production: Frontend[];
  preview: Frontend[];
  /** Color of production frontend i / preview frontend i (undefined: a preview frontend with no farm yet). */
  productionColors: Color[];
  previewColors: (Color | undefined)[];
  /** The first production frontend's displayName, split into the user's name and the ledger. */
  userName: string;
  ledgerText: string;
  revision: string;
}

/** Reads every configured frontend. Never changes anything. */
export async function readSnapshot(api: OvhApi, paths: IplbPaths, options: OvhOptions): Promise<Snapshot> {
  const read = (id: number, input: string) =>
    api.get<Frontend>(paths.frontend(id)).catch((error: unknown) => {
      if (error instanceof RouterError && error.status === 404) {
        throw new InputError(
          input,
          `the Load Balancer ${options.service} has no ${options.protocol} frontend ${id} (${error.message}); check the ids and ovh-protocol.`,
        );
      }
      throw error;
    });
  const [production, preview] = await Promise.all([
    Promise.all(options.frontends.map((id) => read(id, "ovh-frontends"))),
    Promise.all(options.previewFrontends.map((id) => read(id, "ovh-preview-frontends"))),
  ]);
  const productionColors = production.map((frontend, i) => colorAt(options, frontend, i, "ovh-frontends"));
  const previewColors = preview.map((frontend, i) => {
    if (frontend.defaultFarmId == null) return undefined; // prepare points it at the idle color
    return colorAt(options, frontend, i, "ovh-preview-frontends");
  });
  const { userName, ledgerText } = splitDisplayName((production[0] as Frontend).displayName);
  return { production, preview, productionColors, previewColors, userName, ledgerText, revision: revisionOf(production, preview) };
}

/**
 * The routing objects' version: every configured frontend's farm plus the ledger. OVH has no
 * version field on a frontend, so this is compared by value before any write.
 */
function revisionOf(production: Frontend[], preview: Frontend[]): string {
  const farms = (frontends: Frontend[]) => frontends.map((f) => `${f.frontendId}:${f.defaultFarmId ?? "-"}`).join(",");
  return `production=${farms(production)} preview=${farms(preview)} ledger=${splitDisplayName(production[0]?.displayName).ledgerText}`;
}

export function colorOfFarm(options: OvhOptions, farmId: number | null | undefined): Color | undefined {
  if (farmId == null) return undefined;
  return COLORS.find((color) => options.farms[color].includes(farmId));
}

/**
 * The color of frontend i, whose farm must be farm i of that color: the lists pair by position, so
 * a farm found at another position means a list in the wrong order, and a switch would send the
 * frontend to the farm of another port.
 */
function colorAt(options: OvhOptions, frontend: Frontend, i: number, input: string): Color {
  const farmId = frontend.defaultFarmId;
  const color = COLORS.find((c) => options.farms[c][i] === farmId);
  if (color) return color;
  const where = `frontend ${frontend.frontendId} (port ${frontend.port}), number ${i + 1} in ${input}`;
  if (farmId == null) {
    throw new InputError(
      input,
      `${where} has no default farm; point it at its blue or green farm (number ${i + 1} in ovh-blue-farms or ovh-green-farms).`,
    );
  }
  const listed = COLORS.find((c) => options.farms[c].includes(farmId));
  if (listed) {
    const position = options.farms[listed].indexOf(farmId) + 1;
    throw new InputError(
      `ovh-${listed}-farms`,
      `${where}, sends traffic to farm ${farmId}, which is number ${position} in ovh-${listed}-farms (${options.farms[listed].join(",")}); list the farms in the order of ${input}: farm i serves frontend i.`,
    );
  }
  throw new InputError(
    "ovh-blue-farms",
    `${where}, sends traffic to farm ${farmId}, which is in neither ovh-blue-farms (${options.farms.blue.join(",")}) nor ovh-green-farms (${options.farms.green.join(",")}); list its farm under the right color.`,
  );
}

/**
 * Reads the Load Balancer service itself (GET /ipLoadbalancing/{serviceName}) first: a 404 there
 * is a wrong ovh-service, not a wrong frontend id.
 */
export async function readService(api: OvhApi, paths: IplbPaths, options: OvhOptions): Promise<IplbService> {
  try {
    return await api.get<IplbService>(paths.service());
  } catch (error) {
    if (error instanceof RouterError && error.status === 404) {
      throw new InputError(
        "ovh-service",
        `the OVH API knows no Load Balancer "${options.service}" for these credentials (${error.message}); use the serviceName shown in the control panel (loadbalancer-...), and check ovh-endpoint.`,
      );
    }
    throw error;
  }
}

/**
 * The farms of both colors pair by position with the frontends: blue farm i and green farm i
 * take frontend i's traffic in turn, so where both give a port, the ports must agree. Listing
 * one color's farms in another order (green 443 paired with port 80) would switch a port to
 * the wrong farm: refused before any change.
 */
export async function checkFarmPairs(api: OvhApi, paths: IplbPaths, options: OvhOptions): Promise<void> {
  const read = (id: number, input: string) =>
    api.get<Farm>(paths.farm(id)).catch((error: unknown) => {
      if (error instanceof RouterError && error.status === 404) {
        throw new InputError(
          input,
          `the Load Balancer has no ${options.protocol} farm ${id} (${error.message}); check the ids and ovh-protocol.`,
        );
      }
      throw error;
    });
  const [blue, green] = await Promise.all(
    COLORS.map((color) => Promise.all(options.farms[color].map((id) => read(id, `ovh-${color}-farms`)))),
  );
  (blue as Farm[]).forEach((blueFarm, i) => {
    const greenFarm = (green as Farm[])[i] as Farm;
    if (blueFarm.port != null && greenFarm.port != null && blueFarm.port !== greenFarm.port) {
      throw new InputError(
        "ovh-green-farms",
        `green farm ${greenFarm.farmId} (port ${greenFarm.port}) is paired with blue farm ${blueFarm.farmId} (port ${blueFarm.port}) for frontend ${options.frontends[i]}; allowed: farms listed in the order of ovh-frontends, so that farm i of each color serves the same port (ovh-blue-farms ${options.farms.blue.join(",")}, ovh-green-farms ${options.farms.green.join(",")}).`,
      );
    }
  });
}

/** What is going on besides the frontends: refreshes running and changes not yet applied. */
export interface Activity {
  refreshTasks: string;
  pendingChanges: string;
  /** refreshIplb tasks todo or doing; undefined when the consumer key may not read them. */
  active?: Task[];
  /** Configuration changes no refresh applied yet, all zones; undefined when not granted. */
  pending?: number;
  warnings: string[];
}

/**
 * True when what the Load Balancer serves may differ from its configuration: changes wait for a
 * refresh, or a refresh is still running (a switch killed between its PUTs and the end of its
 * refresh leaves exactly this).
 */
export function unapplied(activity: Activity): boolean {
  return (activity.pending ?? 0) > 0 || (activity.active?.length ?? 0) > 0;
}

/** Best effort: a consumer key may not grant these reads, and they only inform. */
export async function readActivity(api: OvhApi, paths: IplbPaths): Promise<Activity> {
  const warnings: string[] = [];
  const optionalRead = async <T>(what: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await what();
    } catch (error) {
      if (error instanceof RouterError && (error.status === 403 || error.status === 404)) return undefined;
      throw error;
    }
  };
  const [tasks, pending] = await Promise.all([
    optionalRead(() => activeRefreshTasks(api, paths)),
    optionalRead(() => api.get<PendingChanges[]>(paths.pendingChanges())),
  ]);
  const waiting = (pending ?? []).filter((p) => p.number > 0);
  const pendingText = waiting.map((p) => `${p.zone}: ${p.number}`).join(", ");
  if (waiting.length > 0) {
    warnings.push(
      `The Load Balancer has configuration changes that no refresh applied yet (${pendingText}), maybe from a switch that was interrupted: what it serves may differ from what its frontends say.`,
    );
  }
  if (tasks && tasks.length > 0) {
    warnings.push(
      `A refresh of the Load Balancer is under way (${tasks.map((t) => `task ${t.id} ${t.status}`).join(", ")}); a switch waits until it ends.`,
    );
  }
  if (pending === undefined) {
    warnings.push("The consumer key may not read /pendingChanges: bluegreen cannot tell whether the Load Balancer runs its configuration.");
  }
  return {
    refreshTasks: tasks === undefined ? "unknown (not granted)" : tasks.map((t) => `${t.id} ${t.status}`).join(", ") || "none",
    pendingChanges: pending === undefined ? "unknown (not granted)" : pendingText || "none",
    ...(tasks ? { active: tasks } : {}),
    ...(pending ? { pending: pending.reduce((sum, p) => sum + Math.max(p.number, 0), 0) } : {}),
    warnings,
  };
}

export function stateOf(snapshot: Snapshot, activity: Activity, options: OvhOptions, lock: string, traffic?: string): RouterState {
  const warnings = [...activity.warnings];
  const live = snapshot.productionColors[0] as Color;
  const disagree = snapshot.productionColors.some((color) => color !== live);
  // Configured but not (surely) applied counts as split: a promote or rollback with nothing else to do
  // then refreshes, instead of calling "already live" a switch the data plane never made.
  const split = disagree || unapplied(activity);
  if (disagree) {
    warnings.push(
      `The production frontends disagree (${describeFrontends(snapshot.production, snapshot.productionColors)}), maybe after an interrupted switch; reporting ${live} (frontend ${snapshot.production[0]?.frontendId}'s). A promote or rollback moves them all to one color.`,
    );
  }
  const known = snapshot.previewColors.filter((c): c is Color => c !== undefined);
  const preview = known[0];
  if (known.length > 0 && (known.length !== snapshot.previewColors.length || known.some((c) => c !== preview))) {
    warnings.push(
      `The preview frontends disagree (${describeFrontends(snapshot.preview, snapshot.previewColors)}); prepare points them all at the idle color.`,
    );
  } else if (snapshot.preview.length > 0 && preview === undefined) {
    warnings.push("The preview frontends have no default farm yet; prepare points them at the idle color.");
  }
  const details: Record<string, string> = { "load balancer": `${options.service} (${options.protocol})` };
  snapshot.production.forEach((f, i) => {
    details[`frontend ${f.frontendId} (port ${f.port})`] = farmText(f, snapshot.productionColors[i]);
  });
  snapshot.preview.forEach((f, i) => {
    details[`preview frontend ${f.frontendId} (port ${f.port})`] = farmText(f, snapshot.previewColors[i]);
  });
  details["refresh tasks running"] = activity.refreshTasks;
  details["changes waiting for a refresh"] = activity.pendingChanges;
  details["bluegreen lock"] = lock;
  return {
    live,
    ...(preview ? { preview } : {}),
    ledger: decodeLedger(snapshot.ledgerText),
    revision: snapshot.revision,
    details,
    warnings,
    split,
    ...(traffic ? { traffic } : {}),
  };
}

function farmText(frontend: Frontend, color: Color | undefined): string {
  return frontend.defaultFarmId == null ? "no farm" : `${color} (farm ${frontend.defaultFarmId})`;
}

function describeFrontends(frontends: Frontend[], colors: (Color | undefined)[]): string {
  return frontends.map((f, i) => `${f.frontendId} port ${f.port} -> ${farmText(f, colors[i])}`).join("; ");
}
