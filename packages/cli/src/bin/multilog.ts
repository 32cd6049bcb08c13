#!/usr/bin/env node
// multilog script...: daemontools 0.76 multilog (the program is lib/multilog-program.ts, started from its
// code cache by lib/multilog-boot.ts: decision 0022).
import { runMultilogScript } from '../lib/multilog-boot.js';

runMultilogScript(import.meta.url);
