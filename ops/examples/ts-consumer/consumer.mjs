#!/usr/bin/env node
// Prints chainrelay's Stellar invocations matching a subject filter as JSON Lines.
//
//   node consumer.mjs [--idle SECONDS] [--start-seq N] [URL] FILTER [MAX]
//
// URL is nats://host:port or ws://host:port (default $NATS_URL, else
// nats://127.0.0.1:4222). Stops after MAX invocations, or when no message came for the
// idle time (default 5 s; 0 waits forever). Unreadable messages are reported on stderr
// and skipped. Exit status: 0 when it stopped normally, 1 on an error, 2 on bad usage.

import { parseArgs } from "node:util";
import { connect } from "@nats-io/transport-node";
import { wsconnect } from "@nats-io/nats-core";
import { readInvocations } from "./invocations.mjs";

const usage = "usage: node consumer.mjs [--idle SECONDS] [--start-seq N] [URL] FILTER [MAX]";

/**
 * @param {string[]} argv
 * @returns {{url: string, filter: string, max: number, idleMs: number, startSeq: number}}
 */
function parse(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      idle: { type: "string", default: "5" },
      "start-seq": { type: "string", default: "0" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  let url = process.env.NATS_URL || "nats://127.0.0.1:4222";
  let rest = positionals;
  if (rest.length === 3 || (rest.length === 2 && !/^\d+$/.test(rest[1]))) {
    [url, ...rest] = rest;
  }
  if (rest.length < 1 || rest.length > 2) throw new Error("want a filter");
  const [filter, maxArg = "0"] = rest;
  const max = Number(maxArg);
  const idle = Number(values.idle);
  const startSeq = Number(values["start-seq"]);
  for (const [name, v] of [["MAX", max], ["--idle", idle], ["--start-seq", startSeq]]) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`${name}: not a non-negative number`);
  }
  return { url, filter, max: Math.floor(max), idleMs: Math.round(idle * 1000), startSeq: Math.floor(startSeq) };
}

/** @param {string} url */
async function open(url) {
  if (/^wss?:\/\//.test(url)) {
    if (typeof globalThis.WebSocket !== "function") {
      throw new Error(`${url}: WebSocket needs Node 22, or node --experimental-websocket on Node 20`);
    }
    return wsconnect({ servers: url, name: "chainrelay-ts-consumer" });
  }
  return connect({ servers: url, name: "chainrelay-ts-consumer" });
}

/** @param {string} url */
async function openNamed(url) {
  try {
    return await open(url);
  } catch (err) {
    throw new Error(`connect ${url}: ${/** @type {Error} */ (err).message}`);
  }
}

let args;
try {
  args = parse(process.argv.slice(2));
} catch (err) {
  console.error(`consumer: ${/** @type {Error} */ (err).message}\n${usage}`);
  process.exit(2);
}

try {
  const nc = await openNamed(args.url);
  try {
    await readInvocations(nc, {
      filter: args.filter,
      max: args.max,
      idleMs: args.idleMs,
      startSeq: args.startSeq,
      onInvocation: (s) => process.stdout.write(JSON.stringify(s) + "\n"),
      onBadMessage: (err, seq, subject) => console.error(`consumer: skip seq ${seq} (${subject}): ${err.message}`),
    });
  } finally {
    await nc.close();
  }
} catch (err) {
  console.error(`consumer: ${/** @type {Error} */ (err).message}`);
  process.exit(1);
}
