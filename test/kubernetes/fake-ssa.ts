import { load } from "js-yaml";

/**
 * Server-side apply and field management for the fake API server, as the real one does them
 * (k8s.io/apimachinery managedfields, sigs.k8s.io/structured-merge-diff), for the fields bluegreen
 * touches:
 *
 * - Every write records who set which fields in `metadata.managedFields` (fieldsV1 trees). An apply
 *   (`application/apply-patch+yaml`, fieldManager required) owns exactly the fields it sent; a merge or
 *   strategic-merge patch (an "Update") takes over the fields whose value it changed, under the
 *   `fieldManager` query parameter or else the User-Agent up to its first "/".
 * - An apply that sets a field another manager owns to a different value is refused with 409 and a
 *   Status whose causes name each field and manager ("Apply failed with 1 conflict: conflict with
 *   \"kubectl-edit\" using apps/v1: .spec...."), unless `force=true`, which takes them over.
 * - A field the applier owned and no longer sends is removed, unless another manager owns it too.
 * - Lists merge by key where Kubernetes declares one (containers and env by name, ports by
 *   containerPort...); other lists are atomic.
 */

// biome-ignore lint/suspicious/noExplicitAny: API objects are free-form JSON in this fake server.
type Obj = any;

type Segment = { field: string } | { key: string; value: string | number };
type Path = Segment[];

/** Associative lists and their key, by field name (apps/v1, core/v1 as far as the tests use them). */
const LIST_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  imagePullSecrets: "name",
  ports: "containerPort",
  conditions: "type",
};

export interface ManagerEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: Obj;
}

/** `.spec.template.spec.containers[name="web"].image`: how the API server prints a field path. */
export function pathString(path: Path): string {
  return path.map((s) => ("field" in s ? `.${s.field}` : `[${s.key}=${JSON.stringify(s.value)}]`)).join("");
}

/** Leaf fields (and list items) an object sets, with their values; apiVersion, kind, name and namespace excepted. */
function leaves(object: Obj): Map<string, { path: Path; value: unknown }> {
  const found = new Map<string, { path: Path; value: unknown }>();
  const walk = (value: unknown, path: Path, field: string) => {
    if (Array.isArray(value)) {
      const key = LIST_KEYS[field];
      if (!key || !value.every((item) => item && typeof item === "object" && key in item)) {
        found.set(pathString(path), { path, value });
        return;
      }
      for (const item of value) {
        const itemPath = [...path, { key, value: item[key] }];
        found.set(pathString(itemPath), { path: itemPath, value: { [key]: item[key] } });
        for (const [k, v] of Object.entries(item)) if (k !== key) walk(v, [...itemPath, { field: k }], k);
      }
      return;
    }
    if (value && typeof value === "object" && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, { field: k }], k);
      return;
    }
    found.set(pathString(path), { path, value });
  };
  for (const [k, v] of Object.entries(object ?? {})) {
    if (k === "apiVersion" || k === "kind" || k === "status") continue;
    if (k === "metadata") {
      for (const [m, mv] of Object.entries(v as Obj)) {
        if (["name", "namespace", "managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"].includes(m)) continue;
        walk(mv, [{ field: "metadata" }, { field: m }], m);
      }
      continue;
    }
    walk(v, [{ field: k }], k);
  }
  return found;
}

function valueAt(object: Obj, path: Path): unknown {
  let current: Obj = object;
  for (const segment of path) {
    if (current === undefined || current === null) return undefined;
    if ("field" in segment) current = current[segment.field];
    else current = Array.isArray(current) ? current.find((item: Obj) => item?.[segment.key] === segment.value) : undefined;
  }
  if (current && typeof current === "object" && !Array.isArray(current) && path.at(-1) && "key" in (path.at(-1) as Segment)) {
    const last = path.at(-1) as { key: string; value: unknown };
    return { [last.key]: last.value }; // a list item's own marker
  }
  return current;
}

function setAt(object: Obj, path: Path, value: unknown): void {
  let current: Obj = object;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    const next = path[index + 1];
    if ("field" in segment) {
      if (last) {
        current[segment.field] = structuredClone(value);
        return;
      }
      if (current[segment.field] === undefined || typeof current[segment.field] !== "object") {
        current[segment.field] = next && "key" in next ? [] : {};
      }
      current = current[segment.field];
    } else {
      let item = current.find((each: Obj) => each?.[segment.key] === segment.value);
      if (!item) {
        item = { [segment.key]: segment.value };
        current.push(item);
      }
      if (last) return;
      current = item;
    }
  }
}

function removeAt(object: Obj, path: Path): void {
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length ? valueAtRaw(object, parentPath) : object;
  const last = path.at(-1) as Segment;
  if (parent === undefined || parent === null) return;
  if ("field" in last) delete parent[last.field];
  else if (Array.isArray(parent)) {
    const index = parent.findIndex((item: Obj) => item?.[last.key] === last.value);
    if (index >= 0) parent.splice(index, 1);
  }
}

function valueAtRaw(object: Obj, path: Path): Obj {
  let current: Obj = object;
  for (const segment of path) {
    if (current === undefined || current === null) return undefined;
    if ("field" in segment) current = current[segment.field];
    else current = Array.isArray(current) ? current.find((item: Obj) => item?.[segment.key] === segment.value) : undefined;
  }
  return current;
}

/** The fieldsV1 tree of a set of paths: `{"f:spec":{"f:template":...,"k:{\"name\":\"web\"}":{".":{}}}}`. */
function fieldsV1(paths: Path[]): Obj {
  const tree: Obj = {};
  for (const path of paths) {
    let node = tree;
    for (const segment of path) {
      const name = "field" in segment ? `f:${segment.field}` : `k:${JSON.stringify({ [segment.key]: segment.value })}`;
      node[name] ??= {};
      node = node[name];
    }
    if ("key" in (path.at(-1) as Segment)) node["."] = {};
  }
  return tree;
}

function pathsOf(tree: Obj, prefix: Path = []): Path[] {
  const paths: Path[] = [];
  for (const [name, child] of Object.entries(tree ?? {})) {
    if (name === ".") continue;
    const segment: Segment = name.startsWith("f:")
      ? { field: name.slice(2) }
      : (() => {
          const [[key, value]] = Object.entries(JSON.parse(name.slice(2)) as Record<string, string | number>) as [
            [string, string | number],
          ];
          return { key, value };
        })();
    const path = [...prefix, segment];
    const children = Object.keys(child as Obj).filter((k) => k !== ".");
    if (children.length === 0 || "." in (child as Obj)) paths.push(path);
    paths.push(...pathsOf(child, path));
  }
  return paths;
}

function owned(entry: ManagerEntry): Map<string, Path> {
  return new Map(pathsOf(entry.fieldsV1).map((path) => [pathString(path), path]));
}

/** How the API server names a manager in a conflict: `"kubectl-edit" using apps/v1` for an Update, `"ci"` for an Apply. */
function printManager(entry: ManagerEntry): string {
  return entry.operation === "Update" ? `${JSON.stringify(entry.manager)} using ${entry.apiVersion}` : JSON.stringify(entry.manager);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export type ApplyOutcome =
  | { ok: true; object: Obj; created: boolean }
  | { ok: false; code: number; reason: string; message: string; causes?: { reason: string; message: string; field: string }[] };

/**
 * One server-side apply of `body` (YAML or JSON text) by `manager` onto `current` (undefined: create).
 * Returns the object to store, or the refusal the API server would answer.
 */
export function serverSideApply(
  current: Obj | undefined,
  body: string,
  options: { manager: string | null; force: boolean; apiVersion: string; kind: string; name: string; namespace: string },
): ApplyOutcome {
  if (!options.manager) {
    return {
      ok: false,
      code: 400,
      reason: "BadRequest",
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    };
  }
  let config: Obj;
  try {
    config = load(body);
  } catch (error) {
    return { ok: false, code: 400, reason: "BadRequest", message: `error decoding YAML: ${(error as Error).message.split("\n")[0]}` };
  }
  if (config?.apiVersion !== options.apiVersion || config?.kind !== options.kind) {
    return {
      ok: false,
      code: 400,
      reason: "BadRequest",
      message: `the API version in the data (${config?.apiVersion}) does not match the expected API version (${options.apiVersion})`,
    };
  }
  if (config.metadata?.name !== options.name) {
    return {
      ok: false,
      code: 400,
      reason: "BadRequest",
      message: `the name of the object (${config.metadata?.name}) does not match the name on the URL (${options.name})`,
    };
  }
  if (config.metadata?.managedFields !== undefined) {
    return { ok: false, code: 400, reason: "BadRequest", message: "metadata.managedFields must be nil" };
  }
  const entries: ManagerEntry[] = structuredClone(current?.metadata?.managedFields ?? []);
  const mine = entries.find((e) => e.manager === options.manager && e.operation === "Apply");
  const sent = leaves(config);

  // Conflicts: a field another manager owns, to which this apply gives another value.
  const conflicts: { field: string; entry: ManagerEntry }[] = [];
  for (const [field, { path, value }] of sent) {
    for (const entry of entries) {
      if (entry === mine || !owned(entry).has(field)) continue;
      if (current !== undefined && !same(valueAt(current, path), value)) conflicts.push({ field, entry });
    }
  }
  if (conflicts.length > 0 && !options.force) {
    const message =
      conflicts.length === 1
        ? `Apply failed with 1 conflict: conflict with ${printManager((conflicts[0] as { entry: ManagerEntry }).entry)}: ${(conflicts[0] as { field: string }).field}`
        : `Apply failed with ${conflicts.length} conflicts: ${[...new Set(conflicts.map((c) => printManager(c.entry)))]
            .sort()
            .flatMap((manager) => [
              `conflicts with ${manager}:`,
              ...conflicts.filter((c) => printManager(c.entry) === manager).map((c) => `- ${c.field}`),
            ])
            .join("\n")}`;
    return {
      ok: false,
      code: 409,
      reason: "Conflict",
      message,
      causes: conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${printManager(c.entry)}`, field: c.field })),
    };
  }

  const object: Obj = structuredClone(current ?? { apiVersion: options.apiVersion, kind: options.kind, metadata: {} });
  object.metadata.name = options.name;
  object.metadata.namespace = options.namespace;
  // Fields this manager applied before and no longer sends go, unless someone else owns them too.
  const others = entries.filter((e) => e !== mine);
  const ownedByOthers = new Set(others.flatMap((e) => [...owned(e).keys()]));
  const dropped = mine ? [...owned(mine).entries()].filter(([field]) => !sent.has(field) && !ownedByOthers.has(field)) : [];
  // Leaves first, then the list items that held them.
  for (const [, path] of dropped.sort((a, b) => b[1].length - a[1].length)) removeAt(object, path);
  for (const [, { path, value }] of sent) {
    if ("key" in (path.at(-1) as Segment)) setAt(object, path, undefined);
    else setAt(object, path, value);
  }
  // Forced (or same-valued) fields: a forced apply takes them from the others.
  for (const entry of others) {
    if (!options.force) continue;
    const kept = [...owned(entry).entries()].filter(([field]) => !conflicts.some((c) => c.entry === entry && c.field === field));
    entry.fieldsV1 = fieldsV1(kept.map(([, path]) => path));
  }
  const applied: ManagerEntry = {
    manager: options.manager,
    operation: "Apply",
    apiVersion: options.apiVersion,
    time: new Date().toISOString(),
    fieldsType: "FieldsV1",
    fieldsV1: fieldsV1([...sent.values()].map((s) => s.path)),
  };
  object.metadata.managedFields = [...others.filter((e) => Object.keys(e.fieldsV1).length > 0), applied];
  return { ok: true, object, created: current === undefined };
}

/**
 * After a merge or strategic-merge patch (an Update): the manager takes over every field whose
 * value it changed, the others lose them. Returns the managedFields to store on `after`.
 */
export function recordUpdate(before: Obj, after: Obj, manager: string, apiVersion: string): ManagerEntry[] {
  const entries: ManagerEntry[] = structuredClone(before?.metadata?.managedFields ?? []);
  const old = leaves(before);
  const changed = [...leaves(after).entries()].filter(([field, { value }]) => !old.has(field) || !same(old.get(field)?.value, value));
  if (changed.length === 0) return entries;
  const fields = new Set(changed.map(([field]) => field));
  for (const entry of entries) entry.fieldsV1 = fieldsV1([...owned(entry).entries()].filter(([f]) => !fields.has(f)).map(([, p]) => p));
  let mine = entries.find((e) => e.manager === manager && e.operation === "Update");
  if (!mine) {
    mine = { manager, operation: "Update", apiVersion, time: "", fieldsType: "FieldsV1", fieldsV1: {} };
    entries.push(mine);
  }
  mine.time = new Date().toISOString();
  mine.fieldsV1 = fieldsV1([...pathsOf(mine.fieldsV1), ...changed.map(([, { path }]) => path)]);
  return entries.filter((e) => Object.keys(e.fieldsV1).length > 0);
}

/** The manager name of a non-apply write: the fieldManager parameter, else the User-Agent up to its first "/". */
export function updateManager(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  return (userAgent ?? "").split("/")[0]?.slice(0, 128) ?? "";
}
