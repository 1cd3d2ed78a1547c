import { SEND_DEADLINE_MS } from "../domain/delivery-limits.js";
import { readSecretString } from "./secrets.js";

/** One email as GOV.UK Notify takes it: a template, a mailbox and the template's placeholders. */
export interface Email {
  templateId: string;
  emailAddress: string;
  personalisation: Record<string, string>;
  /** Our notification id, so an email in Notify's records leads back to the outbox item. */
  reference: string;
}

export interface EmailTransport {
  /** `notify` sends; `local` sends nothing and the email is recorded as delivered locally. */
  readonly name: "notify" | "local";
  send(email: Email): Promise<{ id?: string }>;
  /**
   * The email already accepted with this reference, if any: asked before resending one whose
   * earlier send ended with no answer (timed out, or its sender died), so it never goes twice.
   */
  findSent(reference: string): Promise<{ id?: string } | undefined>;
}

/**
 * A send that got no answer (a timeout, a dropped connection): it may or may not have been
 * accepted, so it is not simply retried.
 */
export class SendOutcomeUnknown extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SendOutcomeUnknown";
  }
}

/** A send that retrying will not fix (a bad template id, an address Notify refuses, a bad key). */
export class PermanentEmailFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentEmailFailure";
  }
}

/**
 * Locally nothing leaves the machine: the same notifier runs, and the email it would have
 * sent (template, recipient, personalisation) is recorded on the notification as
 * `delivered-locally`, for `GET /notifications` and the admin page.
 */
export const localTransport: EmailTransport = {
  name: "local",
  send: async () => ({}),
  // A local send cannot be half done: it records on the item and nothing leaves the machine.
  findSent: async () => undefined,
};

let apiKey: Promise<string> | undefined;

/** The Notify API key from Secrets Manager (through the secrets extension), fetched once per cold start. */
function notifyApiKey(secretId: string): Promise<string> {
  apiKey ??= (async () => {
    const value = (await readSecretString(secretId)).trim();
    if (!value) throw new PermanentEmailFailure(`Secret ${secretId} has no string value`);
    // Either the bare key or {"apiKey": "..."}.
    return value.startsWith("{") ? String((JSON.parse(value) as { apiKey?: string }).apiKey ?? "") : value;
  })().catch((err) => {
    apiKey = undefined; // a throttled or failed fetch is tried again on the next send
    throw err;
  });
  return apiKey;
}

type NotifyApi = {
  sendEmail: (t: string, e: string, o: object) => Promise<{ data?: { id?: string } }>;
  getNotifications: (
    type?: string,
    status?: string,
    reference?: string,
  ) => Promise<{ data?: { notifications?: { id?: string; reference?: string }[] } }>;
  setClient: (client: unknown) => void;
  apiClient: { restClient: (options: object) => Promise<unknown> };
};

let client: { key: string; api: NotifyApi } | undefined;

/** A Notify client whose every request is aborted after SEND_DEADLINE_MS (axios `timeout`). */
async function notifyApi(key: string): Promise<NotifyApi> {
  if (client?.key !== key) {
    const { NotifyClient } = await import("notifications-node-client");
    const api = new NotifyClient(key) as unknown as NotifyApi;
    const rest = api.apiClient.restClient;
    api.setClient((options: object) => rest({ ...options, timeout: SEND_DEADLINE_MS }));
    client = { key, api };
  }
  return client.api;
}

/** GOV.UK Notify through `notifications-node-client`, its key from Secrets Manager. */
export function notifyTransport(secretId: string): EmailTransport {
  return {
    name: "notify",
    async send(email) {
      const api = await notifyApi(await notifyApiKey(secretId));
      try {
        const res = await api.sendEmail(email.templateId, email.emailAddress, {
          personalisation: email.personalisation,
          reference: email.reference,
        });
        return { id: res.data?.id };
      } catch (err) {
        const status = (err as { response?: { status?: number } }).response?.status;
        // Sent (or being sent) and never answered: Notify may have accepted it.
        if (status === undefined && (err as { request?: unknown }).request !== undefined) {
          throw new SendOutcomeUnknown(`Notify did not answer: ${(err as Error).message}`);
        }
        // Any answer but 201 means Notify created nothing. Its 400 (bad template, personalisation or address) and 403 (bad key) repeat
        // on every retry; 429 and 5xx are worth retrying.
        if (status === 400 || status === 403) {
          const data = (err as { response?: { data?: unknown } }).response?.data;
          throw new PermanentEmailFailure(`Notify answered ${status}: ${JSON.stringify(data ?? "")}`);
        }
        throw err;
      }
    },
    async findSent(reference) {
      const api = await notifyApi(await notifyApiKey(secretId));
      const res = await api.getNotifications("email", undefined, reference);
      const found = res.data?.notifications?.find((n) => n.reference === reference);
      return found ? { id: found.id } : undefined;
    },
  };
}

let override: EmailTransport | undefined;

/** For tests: a failing or recording transport in place of the configured one. */
export function setEmailTransport(transport: EmailTransport | undefined): void {
  override = transport;
}

/** Notify where an API key secret is configured (CDK sets it), the local transport otherwise. */
export function emailTransport(): EmailTransport {
  if (override) return override;
  const secretId = process.env.NOTIFY_API_KEY_SECRET_ARN;
  return secretId ? notifyTransport(secretId) : localTransport;
}
