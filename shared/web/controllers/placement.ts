import type { z } from "zod";
import { hasRole } from "../../domain/actor.js";
import { allowsAction, allowsRecord, type BookingAction } from "../../domain/booking-actions.js";
import { today } from "../../domain/clock.js";
import { isDomainError, notFound } from "../../domain/errors.js";
import {
  arrivalBody,
  cancellationBody,
  departureBody,
  extensionBody,
  nonArrivalBody,
  stayReductionDecisionBody,
} from "../../schemas/bookings.js";
import { moveOnBody } from "../../schemas/move-on.js";
import { placementReviewBody, preArrivalItemBody } from "../../schemas/pre-arrival.js";
import * as bookings from "../../services/bookings-service.js";
import { saveMoveOnPlan } from "../../services/move-on-service.js";
import { reviewPlacement } from "../../services/placement-review-service.js";
import { planView, updatePreArrivalItem } from "../../services/pre-arrival-service.js";
import { getPremises } from "../../services/premises-service.js";
import { getReferral } from "../../services/referrals-service.js";
import { type ProblemDetails, problemOfError, problemOfZod } from "../error-summary.js";
import { dateParts } from "../forms.js";
import type { Controller, PageRequest, PageResult } from "../page.js";
import { held, hold, release, versionOf } from "../pending-answers.js";
import { formatDate } from "../view-models/govuk-dates.js";
import { layoutModel } from "../view-models/layout.js";
import { ACTION_TITLES, placementPageModel, placementPath } from "../view-models/placement.js";
import {
  CHECK_TEXT,
  CHOICES,
  type CheckedAction,
  candidateOf,
  checkRows,
  DONE_TEXT,
  type FormKey,
  placementFormErrors,
  radios,
  selectItems,
  valuesOf,
} from "../view-models/placement-forms.js";

/**
 * The AP manager's placement page and its forms. Every form posts to its own path, is
 * checked by the operation's zod schema and then by the operation itself (called in
 * process, as the JSON API calls it), and redirects back to the placement page; the
 * consequential ones hold their answers in the session for a "check your answers" step.
 */

type Booking = Awaited<ReturnType<typeof bookings.getBooking>>;

interface Context {
  premises: { premisesId: string; name: string };
  booking: Booking;
  base: string;
}

async function load(req: PageRequest): Promise<Context> {
  const { premisesId, bookingId } = req.params as { premisesId: string; bookingId: string };
  const [premises, booking] = await Promise.all([
    getPremises(premisesId),
    bookings.getBooking(bookingId, req.principal),
  ]);
  // Reached through another premises' path, a booking is as unknown as one that does not exist.
  if (booking.premisesId !== premisesId) throw notFound("Booking", bookingId);
  return { premises, booking, base: placementPath(premisesId, bookingId) };
}

const isManagerOf = (req: PageRequest, premisesId: string) =>
  hasRole(req.principal, "ap-manager") && req.principal.premises.includes(premisesId);

/** A stale form (the booking changed since the page was opened) says so in words, not versions. */
function problemOf(err: unknown): ProblemDetails | undefined {
  const problem = problemOfError(err);
  if (problem?.status === 412) {
    return {
      status: 412,
      detail: "This placement was changed by someone else after you opened this page: check it and try again",
    };
  }
  return problem;
}

// ---------- the placement page ----------

export const showPlacement: Controller = async (req) => {
  const { premises, booking } = await load(req);
  const [withHistory, referral, reductions] = await Promise.all([
    bookings.getBookingWithHistory(booking.bookingId, req.principal),
    getReferral(booking.referralId, req.principal).catch((err) => {
      // Sent back to the CRU queue (cancelled, did not arrive), the referral is no longer this premises'.
      if (isDomainError(err) && err.kind === "not-found") return undefined;
      throw err;
    }),
    bookings.listStayReductions(premises.premisesId, { status: "pending", limit: 200 }, req.principal),
  ]);
  const model = placementPageModel({
    premises,
    booking: withHistory.booking,
    referral,
    bookingHistory: withHistory.history,
    referralHistory: referral?.history ?? [],
    plan: planView(withHistory.booking),
    stayReductions: reductions.items,
    today: today(),
    canAct: isManagerOf(req, premises.premisesId),
  });
  return {
    render: "pages/placement/show.njk",
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: [booking.person.name, premises.name],
      }),
      ...model,
    },
  };
};

// ---------- forms ----------

interface FormPage {
  key: FormKey;
  template: string;
  title: string;
  values: Record<string, unknown>;
  problem?: ProblemDetails;
  extra?: Record<string, unknown>;
}

function formPage(req: PageRequest, ctx: Context, page: FormPage): PageResult {
  const errors = page.problem ? placementFormErrors(page.key, page.problem) : undefined;
  return {
    render: `pages/placement/${page.template}.njk`,
    status: page.problem ? (page.problem.status === 412 ? 409 : page.problem.status) : 200,
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: [page.title, ctx.premises.name],
        hasErrors: !!errors,
      }),
      heading: page.title,
      person: ctx.booking.person,
      premisesName: ctx.premises.name,
      back: ctx.base,
      action: req.url.split("?")[0],
      version: ctx.booking.version,
      values: page.values,
      errors,
      choices: {
        nonArrivalReasons: radios(CHOICES.nonArrivalReasons, page.values.reason),
        departureReasons: radios(CHOICES.departureReasons, page.values.reason),
        moveOnCategories: radios(CHOICES.moveOnCategories, page.values.moveOnCategory),
        moveOnCategorySelect: selectItems(CHOICES.moveOnCategories, page.values.category),
        moveOnStatuses: radios(CHOICES.moveOnStatuses, page.values.status),
        dutyToReferOutcomes: selectItems(CHOICES.dutyToReferOutcomes, page.values.dutyToReferOutcome),
        itemStatuses: radios(CHOICES.itemStatuses, page.values.status),
        reviewDecisions: radios(CHOICES.reviewDecisions, page.values.decision),
        concernReasons: radios(CHOICES.concernReasons, page.values.reasons),
        stayReductionDecisions: radios(CHOICES.stayReductionDecisions, page.values.decision),
      },
      ...page.extra,
    },
  };
}

const notOffered = (ctx: Context, what: string): PageResult => ({
  redirect: ctx.base,
  flash: {
    kind: "important",
    text: `This placement is ${ctx.booking.status}: ${what} cannot be recorded now.`,
  },
});

const done = (ctx: Context, text: string): PageResult => ({
  redirect: ctx.base,
  flash: { kind: "success", text },
});

type Parse<T> = { ok: true; body: T } | { ok: false; problem: ProblemDetails };
function parse<S extends z.ZodType>(schema: S, candidate: unknown): Parse<z.output<S>> {
  const r = schema.safeParse(candidate);
  return r.success ? { ok: true, body: r.data } : { ok: false, problem: problemOfZod(r.error) };
}

/** Runs the operation; a refusal it can explain comes back as the form's errors. */
async function attempt(run: () => Promise<unknown>): Promise<ProblemDetails | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    const problem = problemOf(err);
    if (problem) return problem;
    throw err;
  }
}

// ----- the direct actions: arrival, extension, move-on plan, pre-arrival item, review -----

interface DirectAction<S extends z.ZodType> {
  key: FormKey;
  title: string;
  offered: (b: Booking) => boolean;
  defaults: (ctx: Context, req: PageRequest) => Record<string, unknown>;
  schema: S;
  run: (ctx: Context, req: PageRequest, body: z.output<S>) => Promise<unknown>;
  extra?: (ctx: Context, req: PageRequest) => Record<string, unknown>;
  done: string;
}

function direct<S extends z.ZodType>(a: DirectAction<S>): { get: Controller; post: Controller } {
  const template = a.key;
  return {
    get: async (req) => {
      const ctx = await load(req);
      if (!a.offered(ctx.booking)) return notOffered(ctx, a.title.toLowerCase());
      return formPage(req, ctx, {
        key: a.key,
        template,
        title: a.title,
        values: a.defaults(ctx, req),
        extra: a.extra?.(ctx, req),
      });
    },
    post: async (req) => {
      const ctx = await load(req);
      const values = valuesOf(a.key, { form: req.form });
      const again = (problem: ProblemDetails) =>
        formPage(req, ctx, {
          key: a.key,
          template,
          title: a.title,
          values,
          problem,
          extra: a.extra?.(ctx, req),
        });
      const parsed = parse(a.schema, candidateOf(a.key, req.form));
      if (!parsed.ok) return again(parsed.problem);
      const problem = await attempt(() => a.run(ctx, req, parsed.body));
      return problem ? again(problem) : done(ctx, a.done);
    },
  };
}

export const arrival = direct({
  key: "arrival",
  title: ACTION_TITLES.arrival,
  offered: (b) => allowsAction(b.status, "arrival"),
  defaults: () => ({ arrivalDate: dateParts(today()) }),
  schema: arrivalBody,
  run: (ctx, req, body) =>
    bookings.recordArrival(ctx.booking.bookingId, body.arrivalDate, req.principal, versionOf(req)),
  extra: (ctx) => ({ expected: formatDate(ctx.booking.arrivalDate) }),
  done: DONE_TEXT.arrival,
});

export const extension = direct({
  key: "extension",
  title: ACTION_TITLES.extension,
  offered: (b) => allowsAction(b.status, "extension"),
  defaults: () => ({ departureDate: dateParts(undefined), reason: "" }),
  schema: extensionBody,
  run: (ctx, req, body) => bookings.extendStay(ctx.booking.bookingId, body, req.principal, versionOf(req)),
  extra: (ctx) => ({ current: formatDate(ctx.booking.departureDate) }),
  done: DONE_TEXT.extension,
});

export const moveOnPlan = direct({
  key: "move-on",
  title: "Move-on plan",
  offered: (b) => allowsRecord(b.status, "move-on"),
  defaults: (ctx) => valuesOf("move-on", { body: ctx.booking.moveOn as Record<string, unknown> }),
  schema: moveOnBody,
  run: (ctx, req, body) => saveMoveOnPlan(ctx.booking.bookingId, body, req.principal, versionOf(req)),
  done: DONE_TEXT["move-on"],
});

export const placementReview = direct({
  key: "review",
  title: "Review the placement",
  offered: (b) => allowsRecord(b.status, "placement-review"),
  defaults: (ctx) => {
    const r = ctx.booking.placementReview;
    return { decision: r?.decision ?? "", reasons: r?.reasons ?? [], note: "" };
  },
  schema: placementReviewBody,
  run: (ctx, req, body) => reviewPlacement(ctx.booking.bookingId, body, req.principal),
  done: DONE_TEXT.review,
});

/** One item of the pre-arrival checklist; its form carries the plan's version, not the booking's. */
function itemOf(ctx: Context, req: PageRequest) {
  const plan = planView(ctx.booking);
  const item = plan.items.find((i) => i.itemId === req.params.itemId);
  if (!item) throw notFound("Pre-arrival item", `${ctx.booking.bookingId}/${req.params.itemId}`);
  return { plan, item };
}

export const preArrivalItem = direct({
  key: "pre-arrival",
  title: "Update pre-arrival checklist",
  offered: (b) => allowsRecord(b.status, "pre-arrival"),
  defaults: (ctx, req) => {
    const { item } = itemOf(ctx, req);
    return { status: item.status, keyWorker: item.keyWorker ?? "", note: item.note ?? "" };
  },
  schema: preArrivalItemBody,
  run: (ctx, req, body) => {
    const { item } = itemOf(ctx, req);
    return updatePreArrivalItem(ctx.booking.bookingId, item.itemId, body, req.principal, versionOf(req));
  },
  extra: (ctx, req) => {
    const { plan, item } = itemOf(ctx, req);
    return {
      item: { label: item.label, due: formatDate(item.dueDate), keyWorker: item.itemId === "key-worker" },
      version: plan.version,
    };
  },
  done: DONE_TEXT["pre-arrival"],
});

// ----- the consequential actions: a form, then check your answers -----

const pendingKey = (bookingId: string, action: string) => `${bookingId}:${action}`;

interface Checked<S extends z.ZodType> {
  action: CheckedAction;
  key: FormKey;
  title: string;
  offered: (b: Booking) => boolean;
  schema: S;
  run: (ctx: Context, req: PageRequest, body: z.output<S>, version: number | undefined) => Promise<unknown>;
  /** Where this action's form lives, below the placement (default: the action's name). */
  path?: (req: PageRequest) => string;
  extra?: (ctx: Context, req: PageRequest) => Promise<Record<string, unknown>> | Record<string, unknown>;
  context?: (ctx: Context, req: PageRequest) => Promise<Parameters<typeof checkRows>[3]>;
  done: string;
}

function checked<S extends z.ZodType>(a: Checked<S>) {
  const pathOf = (req: PageRequest) => a.path?.(req) ?? a.action;
  const keyOf = (ctx: Context, req: PageRequest) => pendingKey(ctx.booking.bookingId, pathOf(req));
  const show = async (
    req: PageRequest,
    ctx: Context,
    values: Record<string, unknown>,
    problem?: ProblemDetails,
  ) =>
    formPage(req, ctx, {
      key: a.key,
      template: a.key,
      title: a.title,
      values,
      problem,
      extra: { ...(await a.extra?.(ctx, req)), action: `${ctx.base}/${pathOf(req)}` },
    });
  return {
    get: async (req: PageRequest) => {
      const ctx = await load(req);
      if (!a.offered(ctx.booking)) return notOffered(ctx, a.title.toLowerCase());
      const pending = held(req, keyOf(ctx, req));
      return show(
        req,
        ctx,
        pending ? valuesOf(a.key, { body: pending.body }) : valuesOf(a.key, { body: {} }),
      );
    },
    post: async (req: PageRequest) => {
      const ctx = await load(req);
      const parsed = parse(a.schema, candidateOf(a.key, req.form));
      if (!parsed.ok) return show(req, ctx, valuesOf(a.key, { form: req.form }), parsed.problem);
      hold(req, keyOf(ctx, req), { body: parsed.body as Record<string, unknown>, version: versionOf(req) });
      return { redirect: `${ctx.base}/${pathOf(req)}/check` };
    },
    getCheck: async (req: PageRequest) => {
      const ctx = await load(req);
      const pending = held(req, keyOf(ctx, req));
      if (!pending) return { redirect: `${ctx.base}/${pathOf(req)}` };
      return checkPage(req, ctx, a.action, a.title, pending.body, {
        form: `${ctx.base}/${pathOf(req)}`,
        context: await a.context?.(ctx, req),
      });
    },
    postCheck: async (req: PageRequest) => {
      const ctx = await load(req);
      const key = keyOf(ctx, req);
      const pending = held(req, key);
      if (!pending) return { redirect: `${ctx.base}/${pathOf(req)}` };
      const parsed = parse(a.schema, pending.body);
      const problem = parsed.ok
        ? await attempt(() => a.run(ctx, req, parsed.body, pending.version))
        : parsed.problem;
      if (problem) return show(req, ctx, valuesOf(a.key, { body: pending.body }), problem);
      release(req, key);
      return done(ctx, a.done);
    },
  };
}

function checkPage(
  req: PageRequest,
  ctx: Context,
  action: CheckedAction,
  title: string,
  body: Record<string, unknown>,
  links: { form: string; moveOn?: string; context?: Parameters<typeof checkRows>[3] },
): PageResult {
  const text = CHECK_TEXT[action];
  return {
    render: "pages/placement/check.njk",
    model: {
      ...layoutModel({
        session: req.session,
        principal: req.principal,
        title: [`Check your answers: ${title.toLowerCase()}`, ctx.premises.name],
      }),
      heading: text.heading,
      button: text.button,
      caption: `${ctx.booking.person.name} (${ctx.booking.person.crn})`,
      back: links.form,
      action: `${links.form}/check`,
      rows: checkRows(action, body, links, links.context),
      cancelHref: ctx.base,
    },
  };
}

export const nonArrival = checked({
  action: "non-arrival",
  key: "non-arrival",
  title: ACTION_TITLES["non-arrival"],
  offered: (b) => allowsAction(b.status, "non-arrival"),
  schema: nonArrivalBody,
  run: (ctx, req, body, version) =>
    bookings.recordNonArrival(ctx.booking.bookingId, body, req.principal, version),
  extra: (ctx) => ({ expected: formatDate(ctx.booking.arrivalDate) }),
  done: DONE_TEXT["non-arrival"],
});

export const cancellation = checked({
  action: "cancellation",
  key: "cancellation",
  title: ACTION_TITLES.cancellation,
  offered: (b) => allowsAction(b.status, "cancellation"),
  schema: cancellationBody,
  run: (ctx, req, body, version) =>
    bookings.cancelBooking(ctx.booking.bookingId, body.reason, req.principal, version),
  done: DONE_TEXT.cancellation,
});

async function requestOf(ctx: Context, req: PageRequest) {
  const request = await bookings.getStayReduction(req.params.requestId ?? "", req.principal);
  if (request.bookingId !== ctx.booking.bookingId)
    throw notFound("Stay reduction request", request.requestId);
  return request;
}

export const stayReduction = checked({
  action: "stay-reduction",
  key: "stay-reduction",
  title: "Decide a stay reduction",
  offered: (b) => allowsRecord(b.status, "stay-reduction"),
  path: (req) => `stay-reductions/${encodeURIComponent(req.params.requestId ?? "")}`,
  schema: stayReductionDecisionBody,
  run: async (ctx, req, body) =>
    bookings.decideStayReduction((await requestOf(ctx, req)).requestId, body, req.principal),
  extra: async (ctx, req) => {
    const r = await requestOf(ctx, req);
    return {
      request: {
        current: formatDate(r.currentDepartureDate),
        proposed: formatDate(r.newDepartureDate),
        reason: r.reason,
        requestedBy: r.requestedBy,
        status: r.status,
      },
    };
  },
  context: async (ctx, req) => {
    const r = await requestOf(ctx, req);
    return { currentDepartureDate: r.currentDepartureDate, newDepartureDate: r.newDepartureDate };
  },
  done: DONE_TEXT["stay-reduction"],
});

// ----- departure: the reason, then where they moved on to when the reason needs it, then check -----

const DEPARTURE: BookingAction = "departure";

/**
 * Whether the departure needs a move-on category is the schema's to say: the answers so far
 * are checked without one, and "moveOnCategory" being the only thing missing means ask for it.
 */
function departureStep(candidate: Record<string, unknown>) {
  const parsed = parse(departureBody, candidate);
  if (parsed.ok) return { next: "check" as const, body: parsed.body as Record<string, unknown> };
  const others = (parsed.problem.invalidParams ?? []).filter((p) => p.name !== "moveOnCategory");
  if (others.length === 0) return { next: "move-on" as const, body: candidate };
  return { next: "errors" as const, problem: { ...parsed.problem, invalidParams: others } };
}

function departureForm(
  req: PageRequest,
  ctx: Context,
  step: "departure" | "departure-move-on",
  values: Record<string, unknown>,
  problem?: ProblemDetails,
) {
  return formPage(req, ctx, {
    key: step,
    template: step,
    title: step === "departure" ? ACTION_TITLES.departure : "Where did they move on to?",
    values,
    problem,
    extra: {
      action: `${ctx.base}/${step === "departure" ? "departure" : "departure/move-on"}`,
      back: step === "departure" ? ctx.base : `${ctx.base}/departure`,
    },
  });
}

export const departure = {
  get: (async (req) => {
    const ctx = await load(req);
    if (!allowsAction(ctx.booking.status, DEPARTURE)) return notOffered(ctx, "a departure");
    const pending = held(req, pendingKey(ctx.booking.bookingId, "departure"));
    return departureForm(req, ctx, "departure", valuesOf("departure", { body: pending?.body ?? {} }));
  }) as Controller,
  post: (async (req) => {
    const ctx = await load(req);
    const key = pendingKey(ctx.booking.bookingId, "departure");
    const previous = held(req, key);
    const step = departureStep(candidateOf("departure", req.form));
    if (step.next === "errors")
      return departureForm(req, ctx, "departure", valuesOf("departure", { form: req.form }), step.problem);
    // A category chosen before stays chosen when the reason is changed from the check page.
    const category = previous?.body.moveOnCategory;
    hold(req, key, {
      body: step.next === "move-on" && category ? { ...step.body, moveOnCategory: category } : step.body,
      version: versionOf(req),
    });
    return { redirect: `${ctx.base}/${step.next === "check" ? "departure/check" : "departure/move-on"}` };
  }) as Controller,
  getMoveOn: (async (req) => {
    const ctx = await load(req);
    const pending = held(req, pendingKey(ctx.booking.bookingId, "departure"));
    if (!pending) return { redirect: `${ctx.base}/departure` };
    return departureForm(
      req,
      ctx,
      "departure-move-on",
      valuesOf("departure-move-on", { body: pending.body }),
    );
  }) as Controller,
  postMoveOn: (async (req) => {
    const ctx = await load(req);
    const key = pendingKey(ctx.booking.bookingId, "departure");
    const pending = held(req, key);
    if (!pending) return { redirect: `${ctx.base}/departure` };
    const { moveOnCategory: _, ...answers } = pending.body;
    const parsed = parse(departureBody, { ...answers, ...candidateOf("departure-move-on", req.form) });
    if (!parsed.ok)
      return departureForm(
        req,
        ctx,
        "departure-move-on",
        valuesOf("departure-move-on", { form: req.form }),
        parsed.problem,
      );
    hold(req, key, { body: parsed.body as Record<string, unknown>, version: pending.version });
    return { redirect: `${ctx.base}/departure/check` };
  }) as Controller,
  getCheck: (async (req) => {
    const ctx = await load(req);
    const pending = held(req, pendingKey(ctx.booking.bookingId, "departure"));
    if (!pending) return { redirect: `${ctx.base}/departure` };
    return checkPage(req, ctx, "departure", ACTION_TITLES.departure, pending.body, {
      form: `${ctx.base}/departure`,
      ...(pending.body.moveOnCategory !== undefined ? { moveOn: `${ctx.base}/departure/move-on` } : {}),
    });
  }) as Controller,
  postCheck: (async (req) => {
    const ctx = await load(req);
    const key = pendingKey(ctx.booking.bookingId, "departure");
    const pending = held(req, key);
    if (!pending) return { redirect: `${ctx.base}/departure` };
    const parsed = parse(departureBody, pending.body);
    const problem = parsed.ok
      ? await attempt(() =>
          bookings.recordDeparture(ctx.booking.bookingId, parsed.body, req.principal, pending.version),
        )
      : parsed.problem;
    if (problem) {
      const onCategory = problem.invalidParams?.some((p) => p.name === "moveOnCategory");
      return onCategory
        ? departureForm(
            req,
            ctx,
            "departure-move-on",
            valuesOf("departure-move-on", { body: pending.body }),
            problem,
          )
        : departureForm(req, ctx, "departure", valuesOf("departure", { body: pending.body }), problem);
    }
    release(req, key);
    return done(ctx, DONE_TEXT.departure);
  }) as Controller,
};
