import { dns } from "./dns/descriptor.js";
import { haproxy } from "./haproxy/descriptor.js";
import { k8sGateway, k8sService, openshiftRoute } from "./kubernetes/descriptors.js";
import { ipLoadbalancing } from "./ovh/descriptor.js";
import { ovhDns } from "./ovh-dns/descriptor.js";

/**
 * Every backend bluegreen has, as descriptors (what each needs and can do, as data). Adding a
 * backend is its folder, one line here, and its docs page; everything else reads this list.
 * The order is the order of help texts, generated docs and the backend input's allowed values.
 */
export const BACKENDS = [ipLoadbalancing, k8sService, openshiftRoute, haproxy, k8sGateway, dns, ovhDns] as const;

export type BackendKind = (typeof BACKENDS)[number]["kind"];
export type AnyBackendDescriptor = (typeof BACKENDS)[number];

export const BACKEND_KINDS: readonly BackendKind[] = BACKENDS.map((backend) => backend.kind);

/** The descriptor of a backend input's value; undefined for a name that is no backend. */
export function descriptorOf(kind: string): AnyBackendDescriptor | undefined {
  return BACKENDS.find((backend) => backend.kind === kind);
}
