import { InputError } from "../../errors.js";
import { type InputReader, optional, printable } from "../../input-text.js";
import { bool } from "../../input-values.js";
import type { CommonSettings } from "../descriptor.js";

// Like options.ts, this file must not import @kubernetes/client-node: inputs are checked before it loads.

/** How prepare puts a version on the idle color of a Kubernetes backend. */
export interface DeployOptions {
  /** Paths or globs of the team's color-neutral YAML (a Deployment, its ConfigMaps and Secrets). */
  manifests?: string[];
  /** Take over fields other field managers own when applying the manifests (server-side apply `force`). */
  forceConflicts: boolean;
  /** Helm, Kustomize, kubectl...: run without a shell, then the rollout of `<app>-<color>` is waited for. */
  command?: string;
}

/** k8s-gateway: requests carrying this header (exact value) go to the preview color. */
export interface PreviewHeader {
  name: string;
  value: string;
}

/** The Gateway API's HTTPHeaderName: an HTTP token (RFC 7230), at most 256 characters. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,256}$/;

export function parseDeployOptions(read: InputReader, config: CommonSettings): DeployOptions {
  const manifests = manifestPatterns(read);
  const command = config.deployCommand;
  if (manifests !== undefined && command !== undefined) {
    throw new InputError(
      "deploy-command",
      "cannot be combined with manifests; allowed: manifests (bluegreen renders and applies them) or deploy-command (Helm, Kustomize, kubectl), not both.",
    );
  }
  const forceConflicts = bool(read, "force-conflicts", false);
  return { manifests, forceConflicts, command };
}

/** One path or glob per line (or comma-separated), relative to the working directory. */
function manifestPatterns(read: InputReader): string[] | undefined {
  const value = optional(read("manifests"));
  if (value === undefined) return undefined;
  const items = value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
  for (const item of items) {
    if (/[\u0000-\u001f]/.test(item)) {
      throw new InputError("manifests", `"${printable(item)}" is not allowed; allowed: paths or globs of YAML files, one per line.`);
    }
  }
  return items;
}

/** `x-bluegreen: preview` (or `x-bluegreen=preview`): the header name and the exact value to match. */
export function previewHeader(read: InputReader): PreviewHeader | undefined {
  const value = optional(read("preview-header"));
  if (value === undefined) return undefined;
  const match = /^([^:=\s]+)\s*[:=]\s*(\S(?:.*\S)?)$/.exec(value);
  const name = match?.[1] ?? "";
  const headerValue = match?.[2] ?? "";
  if (!match || !HEADER_NAME.test(name) || headerValue.length > 4096 || /[\u0000-\u001f\u007f]/.test(headerValue)) {
    throw new InputError(
      "preview-header",
      `"${printable(value)}" is not allowed; allowed: "<header-name>: <value>", e.g. "x-bluegreen: preview" (an HTTP header name, then the exact value).`,
    );
  }
  return { name: name.toLowerCase(), value: headerValue };
}
