import { COLORS, type Color } from "../../colors.js";
import type { PreviewHeader } from "./deploy-options.js";

/**
 * The parts of a Gateway API HTTPRoute (gateway.networking.k8s.io/v1) bluegreen reads and writes,
 * and the pure functions that read weights from its rules and write new ones. No I/O here.
 */

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  /** Relative share of the rule's traffic; the Gateway API's default is 1, and 0 sends none. */
  weight?: number;
  [field: string]: unknown;
}

export interface HeaderMatch {
  type?: string;
  name: string;
  value: string;
}

export interface RouteMatch {
  path?: { type?: string; value?: string };
  headers?: HeaderMatch[];
  [field: string]: unknown;
}

export interface RouteRule {
  matches?: RouteMatch[];
  backendRefs?: BackendRef[];
  [field: string]: unknown;
}

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export interface ParentStatus {
  parentRef: { name: string; namespace?: string; sectionName?: string; kind?: string };
  controllerName?: string;
  conditions?: Condition[];
}

export interface HttpRoute {
  metadata?: { name?: string; resourceVersion?: string; generation?: number; annotations?: Record<string, string> };
  spec?: { parentRefs?: { name: string; namespace?: string; sectionName?: string }[]; rules?: RouteRule[] };
  status?: { parents?: ParentStatus[] };
}

export type Weights = Record<Color, number>;

/** Which rules send traffic to the app's colors: the production ones, and the preview one (by header). */
export interface RuleRoles {
  production: number[];
  preview?: number;
  /** Rules that mix the app's colors with other Services: bluegreen cannot set their weights alone. */
  mixed: number[];
}

/** The color a backendRef names (`<app>-blue` / `<app>-green`, a Service in the route's namespace), if any. */
export function colorOf(ref: BackendRef, app: string): Color | undefined {
  if ((ref.kind ?? "Service") !== "Service" || (ref.group ?? "") !== "" || ref.namespace !== undefined) return undefined;
  return COLORS.find((color) => ref.name === `${app}-${color}`);
}

/** A match sends a request to the preview only when it requires the preview header with the exact value. */
function matchesHeader(match: RouteMatch, header: PreviewHeader): boolean {
  return (match.headers ?? []).some(
    (h) => (h.type ?? "Exact") === "Exact" && h.name.toLowerCase() === header.name && h.value === header.value,
  );
}

export function ruleRoles(rules: RouteRule[], app: string, header: PreviewHeader | undefined): RuleRoles {
  const roles: RuleRoles = { production: [], mixed: [] };
  for (const [index, rule] of rules.entries()) {
    const refs = rule.backendRefs ?? [];
    const colored = refs.filter((ref) => colorOf(ref, app) !== undefined);
    if (colored.length === 0) continue; // another app's rule: left alone
    const matches = rule.matches ?? [];
    if (header && roles.preview === undefined && matches.length > 0 && matches.every((m) => matchesHeader(m, header))) {
      roles.preview = index;
    } else if (colored.length !== refs.length) {
      roles.mixed.push(index);
    } else {
      roles.production.push(index);
    }
  }
  return roles;
}

/** The weight on each color in a rule (refs without a weight count 1, as the Gateway API says). */
export function weightsOf(rule: RouteRule, app: string): Weights {
  const weights: Weights = { blue: 0, green: 0 };
  for (const ref of rule.backendRefs ?? []) {
    const color = colorOf(ref, app);
    if (color) weights[color] += ref.weight ?? 1;
  }
  return weights;
}

export function describeWeights(weights: Weights, app: string): string {
  return COLORS.map((color) => `${app}-${color}=${weights[color]}`).join(" ");
}

/**
 * The rule's backendRefs with these weights: every other field of a ref (port, filters) is kept, a
 * color without a ref gets a copy of the other's, so both colors are always named (weight 0 sends none).
 */
export function withWeights(rule: RouteRule, app: string, weights: Weights): RouteRule {
  const refs = rule.backendRefs ?? [];
  const next: BackendRef[] = refs.map((ref) => {
    const color = colorOf(ref, app);
    return color ? { ...ref, weight: weights[color] } : ref;
  });
  for (const color of COLORS) {
    if (next.some((ref) => colorOf(ref, app) === color)) continue;
    const template = refs.find((ref) => colorOf(ref, app) !== undefined) ?? { kind: "Service", name: "" };
    next.push({ ...template, name: `${app}-${color}`, weight: weights[color] });
  }
  return { ...rule, backendRefs: next };
}

/** The preview rule sending everything to one color (one ref, port and fields of the existing ones kept). */
export function previewRule(rule: RouteRule, app: string, color: Color): RouteRule {
  const template = (rule.backendRefs ?? []).find((ref) => colorOf(ref, app) !== undefined) ?? { kind: "Service", name: "" };
  const { weight: _weight, ...rest } = template;
  return { ...rule, backendRefs: [{ ...rest, name: `${app}-${color}` }] };
}

/**
 * A new preview rule, for a route that has none yet: the first production rule's matches, each also
 * requiring the header (a rule with more header matches wins, so it takes precedence over production).
 */
export function newPreviewRule(production: RouteRule | undefined, app: string, color: Color, header: PreviewHeader): RouteRule {
  const header_ = { type: "Exact", name: header.name, value: header.value };
  const matches = (production?.matches?.length ? production.matches : [{ path: { type: "PathPrefix", value: "/" } }]).map((m) => ({
    ...m,
    headers: [...(m.headers ?? []), header_],
  }));
  const template = (production?.backendRefs ?? []).find((ref) => colorOf(ref, app) !== undefined);
  const { weight: _weight, ...rest } = template ?? { kind: "Service", name: "" };
  return { matches, backendRefs: [{ ...rest, name: `${app}-${color}` }] };
}

export type Acceptance = { state: "accepted" | "pending" | "rejected"; detail: string };

/**
 * Whether the Gateway serves the route's current generation: every parent must report
 * Accepted=True and ResolvedRefs=True with an observedGeneration at least the route's generation.
 * Conditions of an older generation say nothing about the spec just written.
 */
export function acceptance(route: HttpRoute): Acceptance {
  const generation = route.metadata?.generation ?? 0;
  const parents = route.spec?.parentRefs ?? [];
  const statuses = route.status?.parents ?? [];
  if (parents.length === 0) return { state: "rejected", detail: "the HTTPRoute has no parentRefs (no Gateway serves it)" };
  const seen: string[] = [];
  for (const parent of parents) {
    const name = `${parent.namespace ? `${parent.namespace}/` : ""}${parent.name}${parent.sectionName ? `/${parent.sectionName}` : ""}`;
    const status = statuses.find(
      (s) =>
        s.parentRef.name === parent.name &&
        (s.parentRef.namespace ?? "") === (parent.namespace ?? "") &&
        (s.parentRef.sectionName ?? "") === (parent.sectionName ?? ""),
    );
    const conditions = status?.conditions ?? [];
    for (const type of ["Accepted", "ResolvedRefs"]) {
      const condition = conditions.find((c) => c.type === type);
      if (!condition || (condition.observedGeneration ?? 0) < generation) {
        return {
          state: "pending",
          detail: `gateway ${name} has not reported ${type} for generation ${generation} yet${condition ? ` (last: generation ${condition.observedGeneration ?? "?"})` : ""}`,
        };
      }
      if (condition.status !== "True") {
        return {
          state: "rejected",
          detail: `gateway ${name}: ${type}=${condition.status} (${condition.reason ?? "no reason"}${condition.message ? `: ${condition.message}` : ""})`,
        };
      }
    }
    seen.push(name);
  }
  return { state: "accepted", detail: `accepted by ${seen.join(", ")} (generation ${generation})` };
}
