import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The DNS test world: a primary and a secondary BIND 9 on 127.0.0.1 (two high ports; BIND binds only
 * addresses configured on an interface, and lo has 127.0.0.1 alone), TSIG keys, dynamic updates on the
 * primary, NOTIFY with no delay to the secondary. Started as the issue's users would set BIND up.
 */

export interface BindKey {
  /** Key name as named.conf declares it (no trailing dot). */
  name: string;
  algorithm: "hmac-sha256" | "hmac-sha512";
  /** Base64, as tsig-keygen writes it. */
  secret: string;
}

export interface BindServer {
  host: string;
  port: number;
  /** "127.0.0.1:port", as the dns-server input takes it. */
  address: string;
}

export interface BindWorld {
  zone: string;
  dir: string;
  primary: BindServer;
  secondary: BindServer;
  keys: {
    /** Allowed to update the zone (hmac-sha256). */
    updater: BindKey;
    /** Allowed to update the zone (hmac-sha512). */
    updater512: BindKey;
    /** Known to the server, but not allowed to update: its updates are REFUSED. */
    readOnly: BindKey;
  };
  /** `dig +short` over TCP, without recursion: the answer's lines. */
  dig(server: BindServer, name: string, type: string): Promise<string[]>;
  /** The zone's SOA serial as `server` serves it. */
  serial(server: BindServer): Promise<number>;
  /** Runs `nsupdate -v` (TCP) with a key file for `key`; the script should name server and zone. */
  nsupdate(script: string, key: BindKey): Promise<NsupdateRun>;
  /** Everything both servers wrote on stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface NsupdateRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface BindSetup {
  /** The zone's apex (default example.test). */
  zone?: string;
  /** Zone-file lines after SOA/NS (relative names); defaults: blue/green addresses, www -> blue, preview -> green. */
  records?: string;
}

export const DEFAULT_RECORDS = `blue 60 IN A 127.0.0.2
green 60 IN A 127.0.0.3
www 60 IN CNAME blue
preview 60 IN CNAME green
`;

export async function startBind(setup: BindSetup = {}): Promise<BindWorld> {
  const zone = setup.zone ?? "example.test";
  const dir = mkdtempSync(path.join(bindFilesRoot(), "bluegreen-bind-"));
  const key = (name: string, algorithm: BindKey["algorithm"]): BindKey => ({
    name,
    algorithm,
    secret: randomBytes(algorithm === "hmac-sha256" ? 32 : 64).toString("base64"),
  });
  const keys = {
    updater: key("bluegreen-update", "hmac-sha256"),
    updater512: key("bluegreen-update-512", "hmac-sha512"),
    readOnly: key("bluegreen-read", "hmac-sha256"),
  };
  const keyClauses = Object.values(keys)
    .map((k) => `key "${k.name}" { algorithm ${k.algorithm}; secret "${k.secret}"; };`)
    .join("\n");
  const [primaryPort, secondaryPort] = [await freeDnsPort(), await freeDnsPort()];
  const primary = server(primaryPort);
  const secondary = server(secondaryPort);
  for (const sub of ["primary", "secondary"]) mkdirSync(path.join(dir, sub));
  writeFileSync(
    path.join(dir, "primary", `${zone}.db`),
    `$TTL 300
@ IN SOA ns1.${zone}. hostmaster.${zone}. 1 3600 600 86400 60
@ IN NS ns1.${zone}.
ns1 IN A 127.0.0.1
${setup.records ?? DEFAULT_RECORDS}`,
  );
  const common = (sub: string, port: number) => `  directory "${path.join(dir, sub)}";
  pid-file "${path.join(dir, sub, "named.pid")}";
  session-keyfile "${path.join(dir, sub, "session.key")}";
  managed-keys-directory "${path.join(dir, sub)}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;`;
  writeFileSync(
    path.join(dir, "primary", "named.conf"),
    `options {
${common("primary", primaryPort)}
  // Only the secondary named here is notified (the NS set would send NOTIFY to port 53), and at once:
  // BIND waits 5 s by default.
  notify explicit;
  notify-delay 0;
  also-notify { 127.0.0.1 port ${secondaryPort}; };
  allow-transfer { 127.0.0.0/8; };
};
// No rndc: two instances would fight over its port 953.
controls { };
${keyClauses}
zone "${zone}" {
  type primary;
  file "${path.join(dir, "primary", `${zone}.db`)}";
  allow-update { key "${keys.updater.name}"; key "${keys.updater512.name}"; };
};
`,
  );
  writeFileSync(
    path.join(dir, "secondary", "named.conf"),
    `options {
${common("secondary", secondaryPort)}
  notify no;
};
controls { };
${keyClauses}
zone "${zone}" {
  type secondary;
  file "${path.join(dir, "secondary", `${zone}.db`)}";
  primaries { 127.0.0.1 port ${primaryPort}; };
  allow-notify { 127.0.0.0/8; };
};
`,
  );
  const logs = { primary: "", secondary: "" };
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
  };
  const dig = (target: BindServer, name: string, type: string) => digShort(target, name, type);
  const serial = async (target: BindServer) => Number((await dig(target, zone, "SOA"))[0]?.split(" ")[2] ?? Number.NaN);
  try {
    for (const [sub, target] of [
      ["primary", primary],
      ["secondary", secondary],
    ] as const) {
      const child = startNamed(path.join(dir, sub, "named.conf"), (text) => {
        logs[sub] += text;
      });
      children.push(child);
      await waitUntil(
        async () => {
          if (child.exitCode !== null) throw new Error(namedFailure(sub, dir, logs[sub]));
          return Number.isFinite(await serial(target).catch(() => Number.NaN));
        },
        20_000,
        () => `${sub} named did not serve ${zone} SOA within 20 s:\n${logs[sub]}`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    zone,
    dir,
    primary,
    secondary,
    keys,
    dig,
    serial,
    nsupdate: (script, k) => runNsupdate(dir, script, k),
    log: () => `--- primary ---\n${logs.primary}\n--- secondary ---\n${logs.secondary}`,
    stop,
  };
}

function server(port: number): BindServer {
  return { host: "127.0.0.1", port, address: `127.0.0.1:${port}` };
}

/**
 * Where named's files go. Debian's AppArmor profile for named (/etc/apparmor.d/usr.sbin.named) lets it
 * read and write /var/cache/bind, not /tmp: use it when this process may write there (root, as on CI).
 */
function bindFilesRoot(): string {
  const cache = "/var/cache/bind";
  try {
    accessSync(cache, constants.W_OK);
    return cache;
  } catch {
    return tmpdir();
  }
}

function startNamed(conf: string, onLog: (text: string) => void): ChildProcess {
  // -g: foreground, log to stderr; -n 1: one worker thread (the test machine's cores are shared).
  const args = ["-g", "-n", "1", "-c", conf];
  if (process.getuid?.() === 0) args.push("-u", "root");
  const child = spawn("named", args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (c: Buffer) => onLog(c.toString()));
  child.stderr?.on("data", (c: Buffer) => onLog(c.toString()));
  return child;
}

function namedFailure(which: string, dir: string, log: string): string {
  if (/permission denied/i.test(log))
    return `${which} named could not use its files in ${dir} (permission denied). If AppArmor confines named (Debian's profile /etc/apparmor.d/usr.sbin.named allows /etc/bind, /var/lib/bind and /var/cache/bind only), run the tests as root so that they use /var/cache/bind, or put the profile in complain mode (aa-complain named).\n${log}`;
  return `${which} named exited:\n${log}`;
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export function digShort(target: BindServer, name: string, type: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      "dig",
      ["+tcp", "+norecurse", "+short", "+time=2", "+tries=1", "-p", String(target.port), `@${target.host}`, name, type],
      (error, stdout) => {
        if (error) return reject(error);
        resolve(
          stdout
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l !== "" && !l.startsWith(";")),
        );
      },
    );
  });
}

let keyFiles = 0;

function runNsupdate(dir: string, script: string, key: BindKey): Promise<NsupdateRun> {
  const keyFile = path.join(dir, `nsupdate-${keyFiles++}.key`);
  writeFileSync(keyFile, `key "${key.name}" { algorithm ${key.algorithm}; secret "${key.secret}"; };\n`);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = execFile("nsupdate", ["-v", "-k", keyFile], (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - t0 });
    });
    child.stdin?.end(script);
  });
}

/** A port free for both TCP and UDP on 127.0.0.1 (named listens on both). */
export async function freeDnsPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = net.createServer();
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    const { port } = tcp.address() as net.AddressInfo;
    const udp = dgram.createSocket("udp4");
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once("error", () => resolve(false));
      udp.bind(port, "127.0.0.1", () => resolve(true));
    });
    udp.close();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpFree) return port;
  }
  throw new Error("no port free for both TCP and UDP on 127.0.0.1 after 20 tries");
}

export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(describe());
}
