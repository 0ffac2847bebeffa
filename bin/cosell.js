#!/usr/bin/env node
// Installed entry point: runs the compiled CLI (npm run build). In a checkout, `npm run cosell -- ...` runs the sources.
import '../dist/cli/main.js';
