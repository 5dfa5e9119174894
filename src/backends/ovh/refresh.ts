import { RouterError } from "../../errors.js";
import { pollUntil } from "../../wait.js";
import type { OvhApi } from "./api.js";
import type { Task } from "./model.js";
import type { IplbPaths } from "./paths.js";

/**
 * OVH stages frontend and farm changes; nothing reaches traffic until POST /refresh creates a
 * refreshIplb task and that task is done. These helpers send and follow such tasks.
 */

/** First and longest pause between two looks at a task: refreshes take seconds to minutes. */
export const TASK_POLL = { initialMs: 250, maxMs: 5_000 };

/** A refresh that ended in error, cancelled or blocked. */
export class RefreshFailedError extends RouterError {
  constructor(readonly task: Task) {
    super(`the refresh task ${task.id} ended in ${task.status}`);
  }
}

/** refreshIplb tasks still todo or doing (the API filters by one status per call). */
export async function activeRefreshTasks(api: OvhApi, paths: IplbPaths): Promise<Task[]> {
  const ids = (
    await Promise.all(["todo", "doing"].map((status) => api.get<number[]>(paths.tasks(), { action: "refreshIplb", status })))
  ).flat();
  return Promise.all([...new Set(ids)].map((id) => api.get<Task>(paths.task(id))));
}

/**
 * Waits until no refresh is todo or doing, as OVH's Terraform provider does before its own: a
 * refresh started by someone else while we stage changes could deploy half of them.
 */
export async function waitForIdleRefresh(api: OvhApi, paths: IplbPaths, timeoutMs: number): Promise<void> {
  await pollUntil(
    "the end of the refresh already running on the Load Balancer",
    timeoutMs,
    async () => {
      const tasks = await activeRefreshTasks(api, paths);
      return { done: tasks.length === 0, detail: tasks.map((t) => `task ${t.id} ${t.status}`).join(", ") };
    },
    TASK_POLL.initialMs,
    TASK_POLL.maxMs,
  );
}

/** POST /refresh, then polls the task with backoff until done; throws RefreshFailedError or TimeoutError. */
export async function refreshAndWait(api: OvhApi, paths: IplbPaths, timeoutMs: number): Promise<Task> {
  const created = await postRefresh(api, paths);
  return waitForTask(api, paths, created.id, timeoutMs);
}

/** POST /refresh: asks OVH to apply the staged configuration; answers the refreshIplb task. */
export async function postRefresh(api: OvhApi, paths: IplbPaths): Promise<Task> {
  const created = await api.post<Task>(paths.refresh());
  if (typeof created?.id !== "number")
    throw new RouterError(`OVH API POST ${paths.refresh()} answered no task: ${JSON.stringify(created)}`);
  return created;
}

export async function waitForTask(api: OvhApi, paths: IplbPaths, id: number, timeoutMs: number): Promise<Task> {
  const result = await pollUntil(
    `the end of refresh task ${id}`,
    timeoutMs,
    async () => {
      const task = await api.get<Task>(paths.task(id));
      if (task.status === "error" || task.status === "cancelled" || task.status === "blocked") throw new RefreshFailedError(task);
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
