// A deploy-command or test-command for tests: writes the environment it was given to the file named by its argument.
import { writeFileSync } from "node:fs";

writeFileSync(process.argv[2], JSON.stringify(process.env));
