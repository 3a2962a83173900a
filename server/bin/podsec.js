#!/usr/bin/env node
'use strict';
// The `podsec` command: the bundled CLI (built by `npm ci` / `npm run build`).
require('../out/cli.js').cliMain();
