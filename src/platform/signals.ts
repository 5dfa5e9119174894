/**
 * What a cancelled CI job sends: GitHub SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after
 * that; GitLab SIGTERM. One place listens for them, so that every part of a run that must do
 * something before the end (the bake records its window, a lease holder frees the lease) hears the
 * same signal, and so that a run where nobody holds anything still ends at once, as Node does.
 */
export const CANCEL_SIGNALS = ["SIGINT", "SIGTERM"] as const;
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];

type Handler = (signal: CancelSignal) => void;

const handlers = new Set<Handler>();
let first: CancelSignal | undefined;

function dispatch(signal: CancelSignal): void {
  first ??= signal;
  for (const handler of [...handlers]) handler(signal);
}

/** One listener per signal, installed while someone is subscribed, so Node's default (exit) applies otherwise. */
const listeners = new Map(CANCEL_SIGNALS.map((signal) => [signal, () => dispatch(signal)] as const));

/**
 * Calls `handler` on every SIGINT and SIGTERM until the returned function is called. While any
 * subscription is open, those signals no longer end the process: the subscribers wind down and
 * the run ends by itself, with a sentence saying where things stand. Handlers run synchronously
 * and must start, not await, what they have to do.
 */
export function onCancel(handler: Handler): () => void {
  if (handlers.size === 0) for (const [signal, listener] of listeners) process.on(signal, listener);
  handlers.add(handler);
  return () => {
    if (!handlers.delete(handler) || handlers.size > 0) return;
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}

/** The first cancel signal this process received while someone listened; undefined when none came. */
export function cancelSignal(): CancelSignal | undefined {
  return first;
}

/**
 * A sleep that a cancel signal cuts short: resolves after `ms`, or at once when a signal comes
 * (or came already). Answers whether the run is cancelled.
 */
export function cancellableSleep(ms: number): Promise<boolean> {
  if (first !== undefined) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = onCancel(() => {
      clearTimeout(timer);
      stop();
      resolve(true);
    });
    timer = setTimeout(
      () => {
        stop();
        resolve(false);
      },
      Math.max(0, ms),
    );
  });
}
