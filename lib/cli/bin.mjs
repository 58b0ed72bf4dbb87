#!/usr/bin/env node
// Launcher for `weights`: runs the TypeScript entry through tsx's API, from any working directory.
import { register } from "tsx/esm/api";

register();
const { run } = await import(new URL("./index.ts", import.meta.url).href);
process.exitCode = await run(process.argv);
