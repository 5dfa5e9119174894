#!/usr/bin/env node
import { choosePlatform } from "./platform/choose.js";
import { finishAbandonedDeployment } from "./platform/deployment-post.js";

// The action's post step (action.yml runs.post): its own bundle, so that it can never run a mode.
// It only finishes a GitHub Deployment its main step left unfinished, and never fails the job.
await choosePlatform();
await finishAbandonedDeployment();
