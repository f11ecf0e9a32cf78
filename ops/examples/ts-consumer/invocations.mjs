// Reading chainrelay's Stellar invocations from JetStream. This module uses no Node API:
// it runs unchanged in a browser over the WebSocket transport (see README.md).

import { jetstream } from "@nats-io/jetstream";
import { decode } from "@msgpack/msgpack";

/** The stream every Stellar invocation is published on. */
export const STREAM = "STELLAR";

/** The Chainrelay-Schema-Version of Invocation this code reads. */
export const SCHEMA_VERSION = 1;

/**
 * One Soroban operation as the ledger streamer publishes it: schemas.Invocation in
 * schemas/stellar.go, msgpack with the same keys as its JSON form. Only the fields this
 * example prints are listed.
 *
 * @typedef {object} Invocation
 * @property {string} network
 * @property {number} ledger
 * @property {Date} closed_at msgpack timestamp
 * @property {string} tx_hash hex
 * @property {number} tx_index 1-based, in application order
 * @property {number} op_index 0-based
 * @property {"call"|"create"|"upload"|"restore"|"extend"} kind
 * @property {boolean} successful
 * @property {string} result_code
 * @property {string} contract_id empty for upload, restore and extend
 * @property {string} function empty unless kind is "call"
 * @property {unknown[]} arguments
 * @property {unknown[]} contract_events
 */

/**
 * What the example prints for an invocation: one JSON object per line.
 *
 * @typedef {object} Summary
 * @property {number} seq stream sequence
 * @property {string} subject
 * @property {string} network
 * @property {number} ledger
 * @property {string} closed_at RFC 3339, UTC
 * @property {string} tx_hash
 * @property {number} tx_index
 * @property {number} op_index
 * @property {string} kind
 * @property {boolean} successful
 * @property {string} result_code
 * @property {string} contract_id
 * @property {string} function
 * @property {number} arguments count
 * @property {number} contract_events count
 */

/**
 * @typedef {object} ReadOptions
 * @property {string} filter subject filter, e.g. stellar.pubnet.invocation.call.*.transfer
 * @property {number} [max] stop after this many invocations; 0 or absent: no limit
 * @property {number} [idleMs] stop when no message came for this long; 0 or absent: never
 * @property {number} [startSeq] first stream sequence to read; absent: the first
 * @property {(s: Summary, inv: Invocation) => void} onInvocation called in stream order
 * @property {(err: Error, seq: number, subject: string) => void} [onBadMessage] a message
 *   that is not a readable invocation; it is skipped (the log is immutable, so stopping
 *   would stop forever). Default: rethrow.
 */

/**
 * Decodes one message's payload and checks its schema version header.
 *
 * @param {import("@nats-io/jetstream").JsMsg} m
 * @returns {Invocation}
 */
export function decodeInvocation(m) {
  const version = m.headers?.get("Chainrelay-Schema-Version");
  if (version && Number(version) !== SCHEMA_VERSION) {
    throw new Error(`schema version ${version}, this consumer reads ${SCHEMA_VERSION}`);
  }
  const inv = /** @type {Invocation} */ (decode(m.data));
  if (inv === null || typeof inv !== "object" || typeof inv.ledger !== "number" || typeof inv.kind !== "string") {
    throw new Error("payload is not an invocation");
  }
  return inv;
}

/**
 * @param {Invocation} inv
 * @param {number} seq
 * @param {string} subject
 * @returns {Summary}
 */
export function summarize(inv, seq, subject) {
  return {
    seq,
    subject,
    network: inv.network,
    ledger: inv.ledger,
    closed_at: inv.closed_at instanceof Date ? inv.closed_at.toISOString() : String(inv.closed_at),
    tx_hash: inv.tx_hash,
    tx_index: inv.tx_index,
    op_index: inv.op_index,
    kind: inv.kind,
    successful: inv.successful,
    result_code: inv.result_code,
    contract_id: inv.contract_id,
    function: inv.function,
    arguments: inv.arguments?.length ?? 0,
    contract_events: inv.contract_events?.length ?? 0,
  };
}

/**
 * Reads invocations matching a filter with an ordered consumer: ephemeral, created and
 * recreated by the client, no acks, in stream order. Resolves with the number read when
 * max is reached or the stream was idle for idleMs.
 *
 * @param {import("@nats-io/nats-core").NatsConnection} nc
 * @param {ReadOptions} opts
 * @returns {Promise<number>}
 */
export async function readInvocations(nc, opts) {
  const { filter, max = 0, idleMs = 0, startSeq, onInvocation } = opts;
  const onBad = opts.onBadMessage ?? ((err) => { throw err; });
  /** @type {Partial<import("@nats-io/jetstream").OrderedConsumerOptions>} */
  const copts = { filter_subjects: [filter] };
  if (startSeq) {
    copts.deliver_policy = "by_start_sequence";
    copts.opt_start_seq = startSeq;
  }
  const consumer = await jetstream(nc).consumers.get(STREAM, copts);
  const messages = await consumer.consume({ max_messages: max > 0 ? Math.min(max, 256) : 256 });

  let idle = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const arm = () => {
    if (idleMs > 0) {
      clearTimeout(timer);
      timer = setTimeout(() => { idle = true; messages.stop(); }, idleMs);
    }
  };
  arm();
  let n = 0;
  try {
    for await (const m of messages) {
      arm();
      let inv;
      try {
        inv = decodeInvocation(m);
      } catch (err) {
        onBad(/** @type {Error} */ (err), m.seq, m.subject);
        continue;
      }
      onInvocation(summarize(inv, m.seq, m.subject), inv);
      n++;
      if (max > 0 && n >= max) break;
    }
  } finally {
    clearTimeout(timer);
    if (!idle) messages.stop();
  }
  return n;
}
