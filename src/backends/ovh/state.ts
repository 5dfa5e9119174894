import type { RouterState } from "../../backend.js";
import { COLORS, type Color } from "../../colors.js";
import { InputError, RouterError } from "../../errors.js";
import { decodeLedger } from "../../ledger.js";
import type { OvhApi } from "./api.js";
import { splitDisplayName } from "./display-name.js";
import type { Frontend, PendingChanges } from "./model.js";
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
  const productionColors = production.map((frontend) => {
    const color = colorOfFarm(options, frontend.defaultFarmId);
    if (color === undefined) throw strangeFarm(options, frontend, "ovh-frontends");
    return color;
  });
  const previewColors = preview.map((frontend) => {
    if (frontend.defaultFarmId == null) return undefined; // prepare points it at the idle color
    const color = colorOfFarm(options, frontend.defaultFarmId);
    if (color === undefined) throw strangeFarm(options, frontend, "ovh-preview-frontends");
    return color;
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

function strangeFarm(options: OvhOptions, frontend: Frontend, input: string): InputError {
  const farm = frontend.defaultFarmId == null ? "no default farm" : `farm ${frontend.defaultFarmId}`;
  return new InputError(
    frontend.defaultFarmId == null ? input : "ovh-blue-farms",
    `frontend ${frontend.frontendId} (port ${frontend.port}) sends traffic to ${farm}, which is in neither ovh-blue-farms (${options.farms.blue.join(",")}) nor ovh-green-farms (${options.farms.green.join(",")}); list its farm under the right color.`,
  );
}

/** What is going on besides the frontends: refreshes running and changes not yet applied. */
export interface Activity {
  refreshTasks: string;
  pendingChanges: string;
  warnings: string[];
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
  if (tasks && tasks.length > 0) {
    warnings.push(
      `A refresh of the Load Balancer is under way (${tasks.map((t) => `task ${t.id} ${t.status}`).join(", ")}); a switch waits until it ends.`,
    );
  }
  const waiting = (pending ?? []).filter((p) => p.number > 0);
  return {
    refreshTasks: tasks === undefined ? "unknown (not granted)" : tasks.map((t) => `${t.id} ${t.status}`).join(", ") || "none",
    pendingChanges: pending === undefined ? "unknown (not granted)" : waiting.map((p) => `${p.zone}: ${p.number}`).join(", ") || "none",
    warnings,
  };
}

export function stateOf(snapshot: Snapshot, activity: Activity, options: OvhOptions): RouterState {
  const warnings = [...activity.warnings];
  const live = snapshot.productionColors[0] as Color;
  const split = snapshot.productionColors.some((color) => color !== live);
  if (split) {
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
  return {
    live,
    ...(preview ? { preview } : {}),
    ledger: decodeLedger(snapshot.ledgerText),
    revision: snapshot.revision,
    details,
    warnings,
    split,
  };
}

function farmText(frontend: Frontend, color: Color | undefined): string {
  return frontend.defaultFarmId == null ? "no farm" : `${color} (farm ${frontend.defaultFarmId})`;
}

function describeFrontends(frontends: Frontend[], colors: (Color | undefined)[]): string {
  return frontends.map((f, i) => `${f.frontendId} port ${f.port} -> ${farmText(f, colors[i])}`).join("; ");
}
