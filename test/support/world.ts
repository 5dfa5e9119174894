import { afterAll, beforeAll } from "vitest";
import { type App, startApp } from "./apps.js";
import { type Haproxy, startHaproxy } from "./haproxy.js";

/** A real HAProxy in front of a blue and a green app, and the action inputs that reach it. */
export interface HaproxyWorld {
  blue: App;
  green: App;
  haproxy: Haproxy;
  inputs: Record<string, string>;
}

/**
 * Starts the world before the file's tests and stops it after them. The returned object is
 * filled in by beforeAll, so read its fields inside tests, not at import time.
 */
export function useHaproxyWorld(options: { blue?: string; green?: string; inputs?: Record<string, string> } = {}): HaproxyWorld {
  const world = {} as HaproxyWorld;
  beforeAll(async () => {
    world.blue = await startApp("blue", options.blue ?? "v1");
    world.green = await startApp("green", options.green ?? "v0");
    world.haproxy = await startHaproxy({ blue: [world.blue.address], green: [world.green.address] });
    world.inputs = {
      backend: "haproxy",
      "haproxy-socket": world.haproxy.socket,
      "haproxy-map": world.haproxy.mapFile,
      // The test apps are started with their versions: prepare has nothing to install.
      "deploy-command": "none",
      ...options.inputs,
    };
  });
  afterAll(async () => {
    await world.haproxy?.stop();
    await world.blue?.close();
    await world.green?.close();
  });
  return world;
}
