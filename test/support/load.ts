import http from "node:http";

export interface LoadSample {
  start: number;
  end: number;
  status: number;
  color: string;
  error?: string;
  /** The start of the body of a non-2xx answer, to tell HAProxy's errors from the app's. */
  body?: string;
}

/**
 * Keeps `concurrency` keep-alive request loops running against a URL until stop() is called,
 * recording every request (start/end times, status, the x-color that served it). Bounded by
 * `maxMs` so that a forgotten load always stops by itself.
 */
export function startLoad(url: string, concurrency: number, maxMs = 120_000) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const samples: LoadSample[] = [];
  let running = true;
  const deadline = Date.now() + maxMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const req = http.get(url, { agent }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          if (res.statusCode !== 200 && body.length < 80) body += chunk.toString();
        });
        res.on("end", () => {
          const sample: LoadSample = {
            start,
            end: performance.now(),
            status: res.statusCode ?? 0,
            color: String(res.headers["x-color"] ?? ""),
          };
          if (res.statusCode !== 200) sample.body = body.slice(0, 80);
          samples.push(sample);
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
      req.on("error", (error) => {
        samples.push({ start, end: performance.now(), status: 0, color: "", error: error.message });
        resolve();
      });
    });
  const loops = Array.from({ length: concurrency }, async () => {
    while (running && Date.now() < deadline) await one();
  });
  return {
    samples,
    async stop(): Promise<LoadSample[]> {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return samples;
    },
  };
}
