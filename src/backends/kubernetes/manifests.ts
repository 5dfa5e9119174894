import { existsSync, globSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { loadAll } from "js-yaml";
import { InputError } from "../../errors.js";
import { printable } from "../../input-text.js";

/**
 * The team's own manifests, read and checked before anything is changed: one Deployment written for
 * one color-neutral app, plus the ConfigMaps and Secrets it uses. Every complaint names the file and
 * the document's index in it (1 for the first), so the author can find it.
 */

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form YAML until checked here.
export type KubeObject = Record<string, any>;

export interface ManifestDocument {
  file: string;
  /** 1-based position of the document in its file. */
  index: number;
  kind: ManifestKind;
  name: string;
  object: KubeObject;
}

export interface ManifestSet {
  /** The app's Deployment, named `<app>` (rendered as `<app>-<color>`). */
  deployment: ManifestDocument;
  /** ConfigMaps and Secrets, in file order. */
  configs: ManifestDocument[];
}

/** What bluegreen applies from manifests, with the apiVersion each must have. */
const KINDS = { Deployment: "apps/v1", ConfigMap: "v1", Secret: "v1" } as const;
export type ManifestKind = keyof typeof KINDS;

export interface ManifestRules {
  app: string;
  namespace: string;
  /** The `container` input, when set: it must name a container of the Deployment. */
  container?: string;
  /** True when the `image` input is set: prepare sets the container's image after rendering. */
  setsImage: boolean;
}

/** Where a document came from, as error messages name it. */
export function where(document: Pick<ManifestDocument, "file" | "index">): string {
  return `${document.file}, document ${document.index}`;
}

/** Expands the patterns, parses every document, and checks the set; throws InputError("manifests") otherwise. */
export function loadManifests(patterns: string[], rules: ManifestRules, cwd = process.cwd()): ManifestSet {
  const documents = files(patterns, cwd).flatMap((file) => parse(file, cwd));
  const seen = new Map<string, ManifestDocument>();
  for (const document of documents) {
    const key = `${document.kind}/${document.name}`;
    const first = seen.get(key);
    if (first) fail(document, `a second ${document.kind} named "${document.name}" (the first is in ${where(first)}).`);
    seen.set(key, document);
    check(document, rules);
  }
  const deployments = documents.filter((d) => d.kind === "Deployment");
  const [deployment, ...others] = deployments;
  if (!deployment) {
    throw new InputError(
      "manifests",
      `no Deployment in ${documents.length === 0 ? "the files" : `${documents.length} documents`} (${patterns.join(", ")}); allowed: one Deployment named "${rules.app}", plus the ConfigMaps and Secrets it uses.`,
    );
  }
  const other = others[0];
  if (other) {
    fail(
      other,
      `a second Deployment ("${other.name}", after "${deployment.name}" in ${where(deployment)}); allowed: one Deployment per app, named "${rules.app}" (deploy other workloads in their own pipeline).`,
    );
  }
  return { deployment, configs: documents.filter((d) => d.kind !== "Deployment") };
}

function files(patterns: string[], cwd: string): string[] {
  const found: string[] = [];
  for (const pattern of patterns) {
    const matches = /[*?[{]/.test(pattern) ? globSync(pattern, { cwd }).sort() : existsSync(path.resolve(cwd, pattern)) ? [pattern] : [];
    const yaml = matches.filter((file) => statSync(path.resolve(cwd, file)).isFile());
    if (yaml.length === 0) {
      throw new InputError("manifests", `"${printable(pattern)}" matches no file in ${cwd}; allowed: paths or globs of YAML files.`);
    }
    for (const file of yaml) if (!found.includes(file)) found.push(file);
  }
  return found;
}

function parse(file: string, cwd: string): ManifestDocument[] {
  const text = readFileSync(path.resolve(cwd, file), "utf8");
  let docs: unknown[];
  try {
    docs = loadAll(text);
  } catch (error) {
    // Only the reason and the position: js-yaml's message quotes the source, which may hold a Secret's data.
    const yamlError = error as { reason?: unknown; mark?: { line?: number; column?: number } };
    const reason = typeof yamlError.reason === "string" ? yamlError.reason : "unreadable";
    const line = yamlError.mark?.line;
    const at = line === undefined ? "" : ` at line ${line + 1}, column ${(yamlError.mark?.column ?? 0) + 1}`;
    fail({ file, index: documentAt(text, line ?? 0) }, `is not valid YAML: ${printable(reason)}${at}.`);
  }
  const documents: ManifestDocument[] = [];
  for (const [position, doc] of docs.entries()) {
    const index = position + 1;
    if (doc === null || doc === undefined) continue; // an empty document between two `---` is allowed
    if (typeof doc !== "object" || Array.isArray(doc)) {
      fail({ file, index }, "is not a Kubernetes object (a mapping with apiVersion, kind and metadata).");
    }
    const object = doc as KubeObject;
    const kind = object.kind;
    if (typeof kind !== "string" || !(kind in KINDS)) {
      fail(
        { file, index },
        `has kind ${typeof kind === "string" ? `"${printable(kind)}"` : "(none)"}; allowed: Deployment (apps/v1), ConfigMap and Secret (v1).`,
      );
    }
    const apiVersion = KINDS[kind as ManifestKind];
    if (object.apiVersion !== apiVersion) {
      fail({ file, index }, `has apiVersion "${printable(String(object.apiVersion ?? ""))}" for a ${kind}; allowed: ${apiVersion}.`);
    }
    const name = object.metadata?.name;
    if (typeof name !== "string" || !/^[a-z0-9]([-a-z0-9.]{0,241}[a-z0-9])?$/.test(name)) {
      fail(
        { file, index },
        `has metadata.name "${printable(String(name ?? ""))}"; allowed: a lower-case DNS name of at most 243 characters.`,
      );
    }
    documents.push({ file, index, kind: kind as ManifestKind, name, object });
  }
  return documents;
}

/** The 1-based index of the document holding `line` (0-based), counting `---` separators as js-yaml does. */
function documentAt(text: string, line: number): number {
  let index = 1;
  let started = false;
  for (const each of text.split("\n").slice(0, line)) {
    if (/^---(\s|$)/.test(each)) {
      if (started) index++;
      started = true;
    } else if (!/^\s*(#.*)?$/.test(each)) started = true;
  }
  return index;
}

function check(document: ManifestDocument, rules: ManifestRules): void {
  const { object } = document;
  const namespace = object.metadata?.namespace;
  if (namespace !== undefined && namespace !== rules.namespace) {
    fail(document, `is in namespace "${printable(String(namespace))}"; allowed: none, or "${rules.namespace}" (the namespace input).`);
  }
  if (document.kind !== "Deployment") return;
  if (document.name !== rules.app) {
    fail(
      document,
      `is a Deployment named "${document.name}"; allowed: "${rules.app}" (the app input; it is applied as ${rules.app}-blue and ${rules.app}-green).`,
    );
  }
  const selector = object.spec?.selector?.matchLabels;
  const labels = object.spec?.template?.metadata?.labels;
  if (!isStringMap(selector) || Object.keys(selector).length === 0) {
    fail(document, "has no spec.selector.matchLabels; allowed: a Deployment whose selector matches its pod template's labels.");
  }
  if (object.spec?.selector?.matchExpressions !== undefined) {
    fail(document, "has spec.selector.matchExpressions; allowed: spec.selector.matchLabels only (bluegreen adds the color label to them).");
  }
  for (const [key, value] of Object.entries(selector)) {
    if (!isStringMap(labels) || labels[key] !== value) {
      fail(document, `has selector ${key}=${value} that its pod template's labels do not carry; allowed: a selector the template matches.`);
    }
  }
  const containers: KubeObject[] = Array.isArray(object.spec?.template?.spec?.containers) ? object.spec.template.spec.containers : [];
  const names = containers.map((c) => String(c?.name ?? ""));
  if (containers.length === 0) fail(document, "has no containers in spec.template.spec.containers.");
  if (rules.container !== undefined && !names.includes(rules.container)) {
    throw new InputError(
      "container",
      `"${rules.container}" is not a container of the Deployment in ${where(document)}; allowed values: ${names.join(", ")}.`,
    );
  }
  if (rules.setsImage && rules.container === undefined && containers.length > 1) {
    throw new InputError(
      "container",
      `is required with image: the Deployment in ${where(document)} has several containers; allowed values: ${names.join(", ")}.`,
    );
  }
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");
}

function fail(document: Pick<ManifestDocument, "file" | "index">, message: string): never {
  throw new InputError("manifests", `${where(document)} ${message}`);
}
