import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface GitServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port>, what GitLab calls CI_SERVER_FQDN */
  fqdn: string;
  /** Directory of bare repositories: <root>/<group>/<project>.git */
  root: string;
  close(): Promise<void>;
}

/**
 * A git server over smart HTTP on 127.0.0.1, the way a GitLab instance serves repositories:
 * `git http-backend` (git's own CGI program) behind a small HTTP server. gitlab-ci-local fetches
 * `include: component:` from it with `git ls-remote` and a shallow, filtered `git clone`, which the
 * dumb HTTP protocol cannot serve.
 */
export async function startGitServer(root: string): Promise<GitServer> {
  mkdirSync(root, { recursive: true });
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const cgi = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH ?? "",
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        // Partial clones (--filter=tree:0) as GitLab allows them.
        GIT_CONFIG_COUNT: "1",
        GIT_CONFIG_KEY_0: "uploadpack.allowFilter",
        GIT_CONFIG_VALUE_0: "true",
        REQUEST_METHOD: request.method ?? "GET",
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers["content-type"] ?? "",
        ...(request.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: request.headers["content-encoding"] } : {}),
        ...(request.headers["git-protocol"] ? { GIT_PROTOCOL: String(request.headers["git-protocol"]) } : {}),
        REMOTE_ADDR: "127.0.0.1",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    request.pipe(cgi.stdin);
    // CGI output: headers, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) {
        response.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split("\r\n")) {
        const colon = line.indexOf(":");
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
        else response.setHeader(name, value);
      }
      response.statusCode = status;
      response.write(head.subarray(end + 4));
    });
    let stderr = "";
    cgi.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    cgi.on("close", (code) => {
      if (!headersDone) {
        response.statusCode = 500;
        response.write(`git http-backend exited ${code}: ${stderr}`);
      }
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fqdn: `127.0.0.1:${port}`,
    root,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The bare repository's path for <group>/<project> on the server. */
export function bareRepo(server: GitServer, project: string): string {
  return path.join(server.root, `${project}.git`);
}

/**
 * Publishes this checkout's component as the project <project> on the server: a repository holding
 * templates/blue-green.yml (what GitLab's CI/CD Catalog serves), tagged with each of `tags`; or, with
 * `target`, another file at that path (the classic template, templates/gitlab-ci.yml).
 */
export function publishComponent(
  server: GitServer,
  project: string,
  componentFile: string,
  tags: string[],
  target = "templates/blue-green.yml",
): string {
  const work = mkdtempSync(path.join(tmpdir(), "bluegreen-component-"));
  const run = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], { cwd, stdio: "pipe" }).toString();
  mkdirSync(path.dirname(path.join(work, target)), { recursive: true });
  copyFileSync(componentFile, path.join(work, target));
  run(work, "init", "-q", "-b", "main");
  run(work, "add", "-A");
  run(work, "commit", "-q", "-m", "component");
  for (const tag of tags) run(work, "tag", tag);
  const bare = bareRepo(server, project);
  mkdirSync(path.dirname(bare), { recursive: true });
  run(path.dirname(bare), "clone", "-q", "--bare", work, bare);
  return run(work, "rev-parse", "HEAD").trim();
}
