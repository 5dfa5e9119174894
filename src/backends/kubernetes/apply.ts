import { InputError, RouterError } from "../../errors.js";
import { explain, statusCode, type Target } from "./api-errors.js";
import type { Kube } from "./client.js";
import { type KubeObject, where } from "./manifests.js";
import type { RenderedObject } from "./render.js";

/**
 * The field manager of every server-side apply bluegreen makes. It is fixed, so that each run owns the
 * same fields as the last one: a field removed from the manifests is removed from the object, and a
 * field someone else set (kubectl edit, an operator) is a conflict, not silently overwritten.
 */
export const FIELD_MANAGER = "bluegreen";

export interface ApplyResult {
  /** One line per object, for the log and the plan. */
  lines: string[];
  /** The Deployment as the API server answered the apply. */
  deployment: KubeObject;
}

/**
 * Applies the rendered objects with server-side apply (`application/apply-patch+yaml`). First every
 * object is applied with `dryRun=All`: a kind the credentials may not write (403), an object the API
 * rejects (400, 422) or a field owned by another manager (409) fails there, before anything changed.
 * Then each is applied for real, ConfigMaps and Secrets before the Deployment that uses them.
 */
export async function serverSideApply(kube: Kube, objects: RenderedObject[], force: boolean): Promise<ApplyResult> {
  const k8s = await import("@kubernetes/client-node"); // already loaded by connect(): this costs nothing
  const applyPatch = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply);
  const send = (rendered: RenderedObject, dryRun: boolean): Promise<KubeObject> => {
    const request = {
      name: rendered.name,
      namespace: rendered.object.metadata.namespace as string,
      body: rendered.object,
      fieldManager: FIELD_MANAGER,
      force,
      ...(dryRun ? { dryRun: "All" } : {}),
    };
    switch (rendered.kind) {
      case "Deployment":
        return kube.apps.patchNamespacedDeployment(request, applyPatch) as Promise<KubeObject>;
      case "ConfigMap":
        return kube.core.patchNamespacedConfigMap(request, applyPatch) as Promise<KubeObject>;
      case "Secret":
        return kube.core.patchNamespacedSecret(request, applyPatch) as Promise<KubeObject>;
    }
  };

  for (const rendered of objects) {
    try {
      await send(rendered, true);
    } catch (error) {
      throw refusal(error, rendered, kube.server, force, []);
    }
  }
  const lines: string[] = [];
  const applied: string[] = [];
  let deployment: KubeObject = {};
  for (const rendered of objects) {
    let answer: KubeObject;
    try {
      answer = await send(rendered, false);
    } catch (error) {
      throw refusal(error, rendered, kube.server, force, applied);
    }
    if (rendered.kind === "Deployment") deployment = answer;
    applied.push(`${rendered.kind} ${rendered.name}`);
    // Names and origin only: a Secret's data never reaches a log.
    lines.push(
      `APPLY (server-side, field manager ${FIELD_MANAGER}${force ? ", force-conflicts" : ""}) ${rendered.kind.toLowerCase()} ${rendered.object.metadata.namespace}/${rendered.name} from ${where(rendered.source)}`,
    );
  }
  return { lines, deployment };
}

/** One sentence for a refused apply: which document, why, and what was already applied before it. */
function refusal(error: unknown, rendered: RenderedObject, server: string, force: boolean, applied: string[]): Error {
  const object = `${rendered.kind} ${rendered.object.metadata.namespace}/${rendered.name}`;
  const origin = `${object} (from ${where(rendered.source)})`;
  const before = applied.length === 0 ? "nothing was changed" : `already applied: ${applied.join(", ")}; production was not touched`;
  const code = statusCode(error);
  const body = statusBody(error);
  if (code === 409 && !force) {
    const causes = (body?.details?.causes ?? []) as { field?: string; message?: string }[];
    const fields = causes.length
      ? causes.map((c) => `${c.field ?? "?"} (${(c.message ?? "").replace(/^conflicts? with /, "owned by ")})`).join(", ")
      : (body?.message ?? "conflict");
    return new RouterError(
      `Server-side apply of ${origin} conflicts with fields another field manager set: ${fields}. Nothing was forced, ${before}; remove those fields from the manifests, or set force-conflicts: true to take them over.`,
      409,
    );
  }
  if (code === 403) {
    return new InputError(
      "manifests",
      `${where(rendered.source)}: the credentials may not apply ${object} (403 Forbidden: ${body?.message ?? "forbidden"}); ${before}. Grant the deployer's role "patch" (and "create") on ${rendered.kind === "Deployment" ? "deployments in API group apps" : `${rendered.kind.toLowerCase()}s`}, or leave this document out.`,
    );
  }
  if (code === 400 || code === 422) {
    return new InputError(
      "manifests",
      `${where(rendered.source)}: the API server rejected ${object} (${code}: ${body?.message ?? "invalid"}); ${before}.`,
    );
  }
  const target: Target = {
    kind: rendered.kind,
    namespace: rendered.object.metadata.namespace,
    name: rendered.name,
    input: "manifests",
    verb: "apply",
  };
  const explained = explain(error, target, server);
  if (applied.length === 0) return explained;
  return new RouterError(`${explained.message.replace(/\.$/, "")} (already applied: ${applied.join(", ")}; production was not touched).`);
}

/** The Status object the API answered with (client-node keeps the body as text or parsed JSON). */
function statusBody(error: unknown): KubeObject | undefined {
  const body = (error as { body?: unknown }).body;
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as KubeObject;
    } catch {
      return undefined;
    }
  }
  return typeof body === "object" && body !== null ? (body as KubeObject) : undefined;
}
