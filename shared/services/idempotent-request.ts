import { now as clockNow } from "../domain/clock.js";
import { conflict, DomainError } from "../domain/errors.js";
import {
  canonicalJson,
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyRecord,
  releaseIdempotencyKey,
  replay,
  requestHash,
} from "../store/idempotency-store.js";

/** How long a second request with a key in use waits for the first one's answer. */
const WAIT_FOR_FIRST_MS = 3_000;
const POLL_MS = 100;

export interface KeyedResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Headers worth replaying: what the first answer told the client about the resource. */
const REPLAYED_HEADERS = ["etag", "location", "content-disposition"];

function replayed(record: IdempotencyRecord, hash: string): KeyedResult {
  const response = replay(record, hash);
  return {
    status: response.status,
    body: response.body,
    headers: { ...(response.headers ?? {}), "idempotent-replayed": "true" },
  };
}

/**
 * Runs a state-changing request at most once per caller and key. The key is claimed with a
 * conditional put before the change runs, so of concurrent requests with one key exactly one
 * runs; the others wait for its answer and get it again. A success is stored for 24 h and
 * replayed with `Idempotent-Replayed: true`; a refusal (a domain error) changed nothing, so its
 * claim is released and a retry runs afresh. Any other failure may have come after the change
 * committed (a timeout on the answer), so the claim is kept: until it lapses a retry waits and
 * gets 409 rather than making the change twice. The same key with another body or another
 * route (or another resource on it) is 422, as for POST /referrals.
 */
export async function runOnce<T extends KeyedResult>(
  /** The route, e.g. `POST /bookings/{bookingId}/arrival`. */
  operation: string,
  sub: string,
  key: string,
  request: { params: unknown; body: unknown },
  run: () => Promise<T>,
): Promise<T | KeyedResult> {
  // The resource is part of the request: one key cannot replay another booking's answer.
  const hash = requestHash(`${operation} ${canonicalJson(request.params ?? {})}`, request.body ?? null);
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const claim = await claimIdempotencyKey(sub, key, hash, clockNow());
    if (claim.claimed) break;
    // A different request under this key is refused at once, whatever its state.
    if (claim.record.requestHash !== hash || claim.record.state === "done")
      return replayed(claim.record, hash);
    if (Date.now() >= deadline) {
      throw conflict(
        "A request with this Idempotency-Key is still being processed; retry shortly",
        undefined,
        "idempotency-key-in-use",
      );
    }
    await sleep(POLL_MS);
  }
  let result: T;
  try {
    result = await run();
  } catch (err) {
    if (err instanceof DomainError)
      await releaseIdempotencyKey(sub, key, hash, clockNow()).catch(() => undefined);
    throw err;
  }
  if (result.status >= 200 && result.status < 300) {
    const headers = Object.fromEntries(
      Object.entries(result.headers ?? {}).filter(([h]) => REPLAYED_HEADERS.includes(h.toLowerCase())),
    );
    // The change is made: a failure to store its answer must not turn it into a 500. The claim
    // then lapses after IDEMPOTENCY_CLAIM_SECONDS, and until then a retry waits or gets 409.
    await completeIdempotencyKey(
      sub,
      key,
      hash,
      { status: result.status, body: result.body, headers },
      clockNow(),
    ).catch(() => undefined);
  } else {
    await releaseIdempotencyKey(sub, key, hash, clockNow()).catch(() => undefined);
  }
  return result;
}
