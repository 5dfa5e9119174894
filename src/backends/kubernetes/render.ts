import type { Color } from "../../colors.js";
import type { KubeObject, ManifestDocument, ManifestKind, ManifestSet } from "./manifests.js";

/** One object ready to apply for a color, and the document it came from. */
export interface RenderedObject {
  source: ManifestDocument;
  kind: ManifestKind;
  name: string;
  object: KubeObject;
}

export interface RenderOptions {
  app: string;
  namespace: string;
  colorLabel: string;
  /** Image repository (the `image` input): the container's image becomes `<image>:<version>`. */
  image?: string;
  container?: string;
  version: string;
}

/** Fields the API server writes; a manifest exported from a cluster may carry them, an apply must not. */
const SERVER_FIELDS = ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink"] as const;

/**
 * Renders the color-neutral manifests for one color: every name gets `-<color>`, the Deployment's
 * selector and pod template get `<color-label>: <color>` (so the two colors' pods never mix), and the
 * pod's references to ConfigMaps and Secrets of the set are rewritten to the suffixed names, so each
 * color runs with its own configuration. ConfigMaps and Secrets come first: the pods need them.
 */
export function renderManifests(set: ManifestSet, color: Color, options: RenderOptions): RenderedObject[] {
  const renamed: Record<"ConfigMap" | "Secret", Map<string, string>> = { ConfigMap: new Map(), Secret: new Map() };
  for (const config of set.configs) renamed[config.kind as "ConfigMap" | "Secret"].set(config.name, `${config.name}-${color}`);

  const configs = set.configs.map((source) => {
    const object = base(source.object, `${source.name}-${color}`, color, options);
    return { source, kind: source.kind, name: object.metadata.name, object };
  });

  const deployment = base(set.deployment.object, `${options.app}-${color}`, color, options);
  deployment.spec.selector.matchLabels = { ...deployment.spec.selector.matchLabels, [options.colorLabel]: color };
  deployment.spec.template.metadata = deployment.spec.template.metadata ?? {};
  deployment.spec.template.metadata.labels = { ...deployment.spec.template.metadata.labels, [options.colorLabel]: color };
  const pod = deployment.spec.template.spec;
  const configMap = (name: unknown) => (typeof name === "string" ? (renamed.ConfigMap.get(name) ?? name) : name);
  const secret = (name: unknown) => (typeof name === "string" ? (renamed.Secret.get(name) ?? name) : name);
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])] as KubeObject[]) {
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef) from.configMapRef.name = configMap(from.configMapRef.name);
      if (from.secretRef) from.secretRef.name = secret(from.secretRef.name);
    }
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom;
      if (ref?.configMapKeyRef) ref.configMapKeyRef.name = configMap(ref.configMapKeyRef.name);
      if (ref?.secretKeyRef) ref.secretKeyRef.name = secret(ref.secretKeyRef.name);
    }
  }
  for (const volume of (pod.volumes ?? []) as KubeObject[]) {
    if (volume.configMap) volume.configMap.name = configMap(volume.configMap.name);
    if (volume.secret) volume.secret.secretName = secret(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap) source.configMap.name = configMap(source.configMap.name);
      if (source.secret) source.secret.name = secret(source.secret.name);
    }
  }
  for (const pull of (pod.imagePullSecrets ?? []) as KubeObject[]) pull.name = secret(pull.name);
  if (options.image !== undefined) {
    const containers = pod.containers as KubeObject[];
    const target = options.container === undefined ? containers[0] : containers.find((c) => c.name === options.container);
    // manifests.ts checked that the container exists (or is the only one) before anything was rendered.
    if (target) target.image = `${options.image}:${options.version}`;
  }
  return [...configs, { source: set.deployment, kind: "Deployment", name: deployment.metadata.name, object: deployment }];
}

function base(source: KubeObject, name: string, color: Color, options: RenderOptions): KubeObject {
  const object = structuredClone(source);
  delete object.status;
  for (const field of SERVER_FIELDS) delete object.metadata[field];
  object.metadata.name = name;
  object.metadata.namespace = options.namespace;
  object.metadata.labels = { ...object.metadata.labels, [options.colorLabel]: color };
  return object;
}
