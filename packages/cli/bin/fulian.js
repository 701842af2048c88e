#!/usr/bin/env node
// The `fulian` command: runs src/main.ts through tsx (the workspace runs TypeScript directly).
import { register } from "tsx/esm/api"

register()
await import("../src/main.ts")
