import { writeFileSync } from "node:fs";
import { cliReference } from "../src/cli/reference.js";

writeFileSync(new URL("../docs/cli.md", import.meta.url), await cliReference());
