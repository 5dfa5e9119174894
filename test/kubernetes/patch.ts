/** The two patch formats the fake API server applies, as the real API server defines them. */

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** RFC 7386 JSON Merge Patch: objects merge, null removes, everything else (lists too) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Strategic merge patch for the built-in types used here: like a merge patch, except that lists
 * with a patch merge key (containers by name, ports by port...) merge item by item, and an item
 * with `$patch: delete` is removed. Custom resources (Routes) do not accept it: the server answers 415.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  imagePullSecrets: "name",
  conditions: "type",
};

export function strategicMergePatch(target: Json, patch: Json, field = ""): Json {
  if (Array.isArray(patch) && Array.isArray(target) && MERGE_KEYS[field]) return mergeList(target, patch, MERGE_KEYS[field] as string);
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = strategicMergePatch(result[key], value, key);
  }
  return result;
}

function mergeList(target: Json[], patch: Json[], key: string): Json[] {
  const result = target.map((item) => structuredClone(item));
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = result.findIndex((existing) => isObject(existing) && existing[key] === item[key]);
    if (item.$patch === "delete") {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = strategicMergePatch(result[index], item);
    else result.push(structuredClone(item));
  }
  return result;
}
