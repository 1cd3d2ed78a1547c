/**
 * The numbers that bound delivery of a committed notification, in one place: the deployed
 * stream mapping (infra/publisher.ts), the local runtime's poller (infra/local/), the
 * notifier's claims and the nightly catch-up all read them here, so the local system
 * retries, leases and waits exactly as the deployed one does. Plain numbers: importing
 * them pulls in no CDK and no SDK.
 */

/**
 * How often the stream's event source mapping retries a failing record before it goes to
 * the dead-letter queue (Lambda's `maximumRetryAttempts`); the local poller does the same.
 */
export const STREAM_RETRY_ATTEMPTS = 5;

/** A channel that failed this many send attempts is given up on (`failed`); the record is kept. */
export const MAX_SEND_ATTEMPTS = 5;

/**
 * The longest a single send (one Notify or SNS request) may take: the request is aborted
 * after it. Kept well inside the claim so a claim can never expire while its send is in
 * flight, which is what stops a second sender taking the channel over mid-send.
 */
export const SEND_DEADLINE_MS = 30_000;

/**
 * How long a sender holds a channel before another may take it over (the holder died
 * mid-send, or its send's outcome is unknown). A sender only starts a send with at least
 * SEND_DEADLINE_MS + CLOCK_SKEW_MS of its claim left.
 */
export const CLAIM_MS = 2 * 60_000;

/** Allowance for clocks of different senders (Lambda instances) disagreeing. */
export const CLOCK_SKEW_MS = 10_000;

/**
 * The nightly catch-up only takes outbox items older than this. A fresh item is the stream
 * publisher's: it normally reaches it within seconds, and its retries (STREAM_RETRY_ATTEMPTS,
 * with back-off) are over within minutes. Taking it sooner would only race the publisher
 * for the same claim (harmless, since the claim decides, but wasted writes and a confusing
 * "held elsewhere"). Anything older than this is what the publisher gave up on or never saw.
 */
export const CATCH_UP_GRACE_MS = 15 * 60_000;
