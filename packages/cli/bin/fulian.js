#!/usr/bin/env node
// The `fulian` command: the compiled CLI (`npm run build` makes dist/).
await import("../dist/main.js")
