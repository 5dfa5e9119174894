import type { HttpRequester } from "../backend.js";
import { percentile, round } from "./stats.js";

export interface LoadResult {
  requests: number;
  errors: number;
  errorRate: number;
  /** Status codes and error messages seen, with counts, for the report. */
  failures: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  requestsPerSecond: number;
  durationMs: number;
}

/**
 * Sends `requests` GETs with `concurrency` in flight. A request fails on a non-2xx status or a
 * transport error. Latencies are wall-clock per request, in milliseconds.
 */
export async function runLoad(
  requester: HttpRequester,
  path: string,
  requests: number,
  concurrency: number,
  timeoutMs: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      next++;
      const start = performance.now();
      try {
        const { status } = await requester.get(path, timeoutMs);
        if (status < 200 || status > 299) {
          errors++;
          failures[`HTTP ${status}`] = (failures[`HTTP ${status}`] ?? 0) + 1;
        }
      } catch (error) {
        errors++;
        const key = error instanceof Error ? error.message : String(error);
        failures[key] = (failures[key] ?? 0) + 1;
      }
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(requests, 1)) }, worker));
  const durationMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requests,
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    failures,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? 0),
    requestsPerSecond: durationMs === 0 ? 0 : Math.round((requests / durationMs) * 1000),
    durationMs: Math.round(durationMs),
  };
}
