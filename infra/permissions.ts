import type { FunctionGroup } from "../shared/api/route.js";
import type { PageFunction } from "../shared/web/page-functions.js";

/** Every Lambda the stack deploys: the API function groups, the staff page functions, the nightly alert job and the stream publisher. */
export type FunctionName = FunctionGroup | PageFunction | "nightly" | "publisher";

type DynamoAction =
  | "dynamodb:GetItem"
  | "dynamodb:BatchGetItem"
  | "dynamodb:Query"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:ConditionCheckItem";

const READ: DynamoAction[] = ["dynamodb:GetItem", "dynamodb:Query"];
// TransactWriteItems has no IAM action of its own: each element is authorised as the
// Put/Update/Delete/ConditionCheck it is, so transactional writers need those.
const TRANSACT_WRITE: DynamoAction[] = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:ConditionCheckItem",
];

/** Each page function's operations read, batch-read (occupancy), write in transactions and delete footprints. */
const PAGE_ACTIONS: DynamoAction[] = [
  ...READ,
  "dynamodb:BatchGetItem",
  ...TRANSACT_WRITE,
  "dynamodb:DeleteItem",
];

/**
 * DynamoDB actions per function, granted on the table and its indexes only. Scan is
 * deliberately absent everywhere: the data model forbids reads that grow with history,
 * and leaving the permission out makes that rule enforceable in AWS, not only in review.
 */
export const DYNAMODB_ACTIONS: Readonly<Record<FunctionName, readonly DynamoAction[]>> = {
  // /health, /openapi.json and the web shell never touch data.
  public: [],
  // Moving an out-of-service period deletes its footprint and puts it again (the last night is in the key).
  premises: [...READ, ...TRANSACT_WRITE, "dynamodb:DeleteItem"],
  // Allocation and withdrawal add and remove footprint items in one transaction.
  referrals: [...READ, ...TRANSACT_WRITE, "dynamodb:DeleteItem"],
  // Extension, cancellation, early departure and stay reductions rewrite footprints.
  bookings: [...READ, ...TRANSACT_WRITE, "dynamodb:DeleteItem"],
  occupancy: [...READ, "dynamodb:BatchGetItem"],
  // Acknowledgement updates the alert and writes its audit event in one transaction.
  alerts: [...READ, ...TRANSACT_WRITE],
  // The pages call the same operations in process, so each page function needs what its
  // operations' API groups need: premises pages what premises (out of service), occupancy
  // (BatchGetItem) and alerts need; the placement pages what bookings need (footprint
  // rewrites delete); the CRU pages what referrals (allocation, withdrawal) and occupancy need.
  web: PAGE_ACTIONS,
  "web-placement": PAGE_ACTIONS,
  "web-cru": PAGE_ACTIONS,
  // Date change, transfer and referral change are transactions over bookings and footprints.
  "web-cru-changes": PAGE_ACTIONS,
  // Raising and resolving alerts are conditional puts and updates; ending an expired hold
  // deletes its footprint (in a transaction with the audit event).
  nightly: [
    "dynamodb:Query",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
  ],
  // Reads the mailbox (premises, area, a referral's area) and updates the outbox item's
  // channel claims and statuses; it never creates or deletes anything.
  publisher: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
};

/**
 * Functions that deliver notifications, so only they get TOPIC_ARN, sns:Publish, the Notify
 * API key secret and the template ids. Request handlers only write outbox items in their
 * transactions; the stream publisher sends them, and the nightly job catches up on what is
 * still pending. Without TOPIC_ARN an event would be recorded as delivered without being sent.
 */
export const NOTIFIES: ReadonlySet<FunctionName> = new Set<FunctionName>(["nightly", "publisher"]);

export const writesData = (name: FunctionName) =>
  DYNAMODB_ACTIONS[name].some(
    (a) => a !== "dynamodb:GetItem" && a !== "dynamodb:Query" && a !== "dynamodb:BatchGetItem",
  );
