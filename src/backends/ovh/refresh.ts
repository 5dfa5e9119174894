import { RouterError } from "../../errors.js";
import { pollUntil } from "../../wait.js";
import type { OvhApi } from "./api.js";
import type { Task, TaskStatus } from "./model.js";
import type { IplbPaths } from "./paths.js";

/**
 * OVH stages frontend and farm changes; nothing reaches traffic until POST /refresh creates a
 * refreshIplb task and that task is done. These helpers send and follow such tasks.
 */

/** First and longest pause between two looks at a task: refreshes take seconds to minutes. */
export const TASK_POLL = { initialMs: 250, maxMs: 5_000 };

/** Statuses a task never leaves. "blocked" waits for OVH's staff, not for time: it is not waited on either. */
const FINAL: readonly TaskStatus[] = ["done", "error", "cancelled", "blocked"];

/** A refresh that ended in error, cancelled or blocked. */
export class RefreshFailedError extends RouterError {
  constructor(readonly task: Task) {
    super(`the refresh task ${task.id} ended in ${task.status}`);
  }
}

/**
 * refreshIplb tasks still todo or doing. The list (filtered by one status per call) can lag behind
 * the task itself: a task it still returns may read `done` when fetched. So every listed task is
 * fetched, and only what the task itself says counts; one that is gone (404) is over too.
 */
export async function activeRefreshTasks(api: OvhApi, paths: IplbPaths): Promise<Task[]> {
  const ids = (
    await Promise.all(["todo", "doing"].map((status) => api.get<number[]>(paths.tasks(), { action: "refreshIplb", status })))
  ).flat();
  const tasks = await Promise.all(
    [...new Set(ids)].map((id) =>
      api.get<Task>(paths.task(id)).catch((error: unknown) => {
        if (error instanceof RouterError && error.status === 404) return undefined;
        throw error;
      }),
    ),
  );
  return tasks.filter((task): task is Task => task !== undefined && !FINAL.includes(task.status));
}

/**
 * Waits until no refresh is todo or doing, as OVH's Terraform provider does before its own: a
 * refresh started by someone else while we stage changes could deploy half of them. Each look
 * re-fetches every listed task (see activeRefreshTasks); a refused read (403...) fails at once.
 */
export async function waitForIdleRefresh(api: OvhApi, paths: IplbPaths, timeoutMs: number, check = () => {}): Promise<void> {
  await pollUntil(
    "the end of the refresh already running on the Load Balancer",
    timeoutMs,
    async () => {
      check();
      const tasks = await activeRefreshTasks(api, paths);
      return { done: tasks.length === 0, detail: tasks.map((t) => `task ${t.id} ${t.status}`).join(", ") };
    },
    TASK_POLL.initialMs,
    TASK_POLL.maxMs,
  );
}

/** POST /refresh: asks OVH to apply the staged configuration; answers the refreshIplb task. */
export async function postRefresh(api: OvhApi, paths: IplbPaths): Promise<Task> {
  const created = await api.post<Task>(paths.refresh());
  if (typeof created?.id !== "number")
    throw new RouterError(`OVH API POST ${paths.refresh()} answered no task: ${JSON.stringify(created)}`);
  return created;
}

/**
 * Polls one task by id until it is final. Only what can heal is waited for: a task in todo or
 * doing. A 404 or 403 on the task is an answer, not a delay, and fails at once with OVH's reason.
 * `check` runs before each look (a cancelled run stops waiting).
 */
export async function waitForTask(api: OvhApi, paths: IplbPaths, id: number, timeoutMs: number, check = () => {}): Promise<Task> {
  const result = await pollUntil(
    `the end of refresh task ${id}`,
    timeoutMs,
    async () => {
      check();
      const task = await api.get<Task>(paths.task(id));
      if (task.status !== "done" && FINAL.includes(task.status)) throw new RefreshFailedError(task);
      return {
        done: task.status === "done",
        detail: `task ${id} ${task.status}${task.progress !== undefined ? ` (${task.progress}%)` : ""}`,
        task,
      };
    },
    TASK_POLL.initialMs,
    TASK_POLL.maxMs,
  );
  return result.task;
}
