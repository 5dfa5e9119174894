import { call, explain, statusCode, type Target } from "./api-errors.js";
import type { Kube } from "./client.js";
import { writeAndConfirm } from "./confirm-write.js";
import { DEFAULT_POLICY } from "./http.js";

/** A custom resource type in one namespace: OpenShift Routes, Gateway API HTTPRoutes. */
export interface CustomResource {
  group: string;
  version: string;
  plural: string;
}

/**
 * Reads and merge-patches one kind of custom object for a router. Every patch whose outcome is
 * unknown (no answer, a broken connection) is read again to tell, so a router never reports a
 * guess; `target` names the object and the input to blame in errors.
 */
export class CustomObjects<T> {
  constructor(
    private readonly kube: Kube,
    private readonly resource: CustomResource,
    private readonly namespace: string,
    private readonly target: (name: string, input: string, verb: string) => Target,
  ) {}

  async get(name: string, input: string): Promise<T> {
    return (await call(this.target(name, input, "read"), this.kube.server, () =>
      this.kube.custom.getNamespacedCustomObject({ ...this.resource, namespace: this.namespace, name }),
    )) as T;
  }

  /** The object, or undefined when it does not exist (optional objects: a preview route). */
  async getOptional(name: string, input: string): Promise<T | undefined> {
    try {
      return (await this.kube.custom.getNamespacedCustomObject({ ...this.resource, namespace: this.namespace, name })) as T;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw explain(error, this.target(name, input, "read"), this.kube.server);
    }
  }

  /** A merge patch; when its outcome is unknown, the object is read again to tell. */
  async patch(name: string, input: string, body: Record<string, unknown>): Promise<T> {
    const where = { ...this.resource, namespace: this.namespace, name };
    return (await writeAndConfirm({
      target: this.target(name, input, "patch"),
      server: this.kube.server,
      body,
      send: () => this.kube.custom.patchNamespacedCustomObject({ ...where, body }, this.kube.mergePatch),
      read: () => this.kube.custom.getNamespacedCustomObject(where),
      settleMs: DEFAULT_POLICY.settleMs,
    })) as T;
  }
}
