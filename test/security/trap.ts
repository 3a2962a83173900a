/**
 * Preloaded (`node --require`) into the CLI and the language server by runtime.test.ts: every
 * way Node offers to start a process or open a network connection is replaced by a trap that
 * writes what was attempted (with a stack) to $PODSEC_TRAP_LOG and throws. Worker threads
 * inherit it. The test then asserts the log stayed empty.
 */
// default imports are the modules themselves (as `require` returns them to everyone), not copies
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

const log = process.env.PODSEC_TRAP_LOG;

function trap(what: string): () => never {
  return () => {
    const line = `${process.pid} ${what}\n${new Error(what).stack}\n`;
    if (log) fs.appendFileSync(log, line);
    throw new Error(`blocked by the security test: ${what}`);
  };
}

function replace(target: object, names: string[], prefix: string): void {
  for (const name of names) {
    try {
      Object.defineProperty(target, name, { value: trap(`${prefix}.${name}`), configurable: true, writable: true });
    } catch {
      /* a frozen export cannot be trapped; the static import test covers it */
    }
  }
}

replace(childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
replace(net, ['connect', 'createConnection', 'createServer'], 'net');
replace(net.Socket.prototype, ['connect'], 'net.Socket');
replace(tls, ['connect', 'createServer'], 'tls');
replace(http, ['request', 'get', 'createServer'], 'http');
replace(https, ['request', 'get', 'createServer'], 'https');
replace(dns, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'], 'dns');
replace(dns.promises, ['lookup', 'resolve'], 'dns.promises');
replace(dgram, ['createSocket'], 'dgram');
replace(globalThis, ['fetch', 'WebSocket', 'EventSource'], 'globalThis');
