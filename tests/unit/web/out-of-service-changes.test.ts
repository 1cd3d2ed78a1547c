import { describe, expect, it } from "vitest";
import type { OutOfService } from "../../../shared/schemas/premises.js";
import { NO_ERRORS } from "../../../shared/web/error-summary.js";
import { render } from "../../../shared/web/render.js";
import { newSession } from "../../../shared/web/session.js";
import { layoutModel } from "../../../shared/web/view-models/layout.js";
import {
  archiveCheckModel,
  archiveErrors,
  archiveFormModel,
  bedsModel,
  EMPTY_ARCHIVE,
  offeredChanges,
  outOfServicePageModel,
  periodChangeErrors,
  periodChangeFormModel,
  periodCheckModel,
  periodPageModel,
  periodStatus,
  periodValues,
  revisionDetail,
  revisionTimeline,
} from "../../../shared/web/view-models/out-of-service-changes.js";

const TODAY = "2026-12-02";
const premises = {
  premisesId: "ldn-camberwell",
  name: "Camberwell Road AP",
  beds: [
    { bedId: "2", room: "1", characteristics: [] },
    {
      bedId: "10",
      room: "4",
      characteristics: [],
      archivedFrom: "2026-12-20",
      archive: { reason: "Fire door", by: "sam", at: "x" },
    },
    { bedId: "1", room: "1", characteristics: [] },
  ],
};
const period = (over: Partial<OutOfService> = {}): OutOfService => ({
  outOfServiceId: "OOS1",
  premisesId: "ldn-camberwell",
  bedId: "2",
  startDate: "2026-12-10",
  endDate: "2026-12-16",
  reason: "planned-works",
  status: "active",
  version: 3,
  createdAt: "2026-12-01T10:00:00.000Z",
  createdBy: "sam",
  ...over,
});
const layout = () => ({
  ...layoutModel({
    session: newSession(),
    principal: { sub: "s", username: "sam", roles: ["ap-manager"], premises: ["ldn-camberwell"] },
    title: ["x"],
  }),
  errors: NO_ERRORS,
});

describe("which changes a period offers (the domain's rules, asked)", () => {
  it("offers all three to a planned period, no cancellation once it has begun, nothing once over or cancelled", () => {
    expect(offeredChanges(period(), TODAY)).toEqual(["end-early", "dates", "cancellation"]);
    // Starting today has not begun: it can still be cancelled.
    expect(offeredChanges(period({ startDate: TODAY }), TODAY)).toEqual([
      "end-early",
      "dates",
      "cancellation",
    ]);
    expect(offeredChanges(period({ startDate: "2026-11-30" }), TODAY)).toEqual(["end-early", "dates"]);
    expect(offeredChanges(period({ startDate: "2026-11-20", endDate: "2026-12-01" }), TODAY)).toEqual([]);
    expect(offeredChanges(period({ status: "cancelled" }), TODAY)).toEqual([]);
  });

  it("names the period's state", () => {
    expect(periodStatus(period(), TODAY).text).toBe("Planned");
    expect(periodStatus(period({ startDate: TODAY }), TODAY).text).toBe("Now");
    expect(periodStatus(period({ startDate: "2026-11-01", endDate: "2026-12-01" }), TODAY).text).toBe(
      "Ended",
    );
    expect(periodStatus(period({ status: "cancelled" }), TODAY).text).toBe("Cancelled");
  });
});

describe("the out-of-service page", () => {
  it("gives each period its history link and the manager its change links, and shows archived beds as such", () => {
    const model = outOfServicePageModel({
      premises,
      items: [period(), period({ outOfServiceId: "OOS2", bedId: "1", startDate: "2026-11-30" })],
      today: TODAY,
      canChange: true,
    });
    const [begun, planned] = model.rows;
    expect(begun!.outOfServiceId).toBe("OOS2");
    expect(begun!.links.map((l) => l.text)).toEqual(["History", "End early", "Change dates"]);
    expect(planned!.links.map((l) => l.href)).toEqual([
      "/premises/ldn-camberwell/out-of-service-beds/OOS1",
      "/premises/ldn-camberwell/out-of-service-beds/OOS1/end-early",
      "/premises/ldn-camberwell/out-of-service-beds/OOS1/dates",
      "/premises/ldn-camberwell/out-of-service-beds/OOS1/cancellation",
    ]);
    expect(model.beds.map((b) => [b.bedId, b.status.text, b.links[0]?.text])).toEqual([
      ["1", "In use", "Archive"],
      ["2", "In use", "Archive"],
      ["10", "Archived from 20 December 2026", "Unarchive"],
    ]);
    const html = render("pages/premises/out-of-service.njk", {
      ...layout(),
      ...model,
      nav: { items: [] },
    });
    expect(html).toContain('data-archived="yes"');
    expect(html).toContain("/premises/ldn-camberwell/beds/1/archive");
    expect(html).toContain("/premises/ldn-camberwell/beds/10/unarchive");
    expect(html).toContain("Take a bed out of service");
  });

  it("offers CRU (who may look, not change) only the history", () => {
    const model = outOfServicePageModel({ premises, items: [period()], today: TODAY, canChange: false });
    expect(model.rows[0]!.links.map((l) => l.text)).toEqual(["History"]);
    expect(model.beds.every((b) => b.links.length === 0)).toBe(true);
    const html = render("pages/premises/out-of-service.njk", { ...layout(), ...model, nav: { items: [] } });
    expect(html).not.toContain("Take a bed out of service");
  });

  it("says an archive that has begun is simply archived", () => {
    expect(bedsModel(premises, "2026-12-20", true).find((b) => b.bedId === "10")!.status.text).toBe(
      "Archived",
    );
  });
});

describe("a period's revision history", () => {
  const created = { ...period({ version: 1 }) };
  const changed = { ...created, endDate: "2026-12-12", version: 2 };
  const cancelled = {
    ...changed,
    status: "cancelled",
    cancellation: { reason: "Works called off", at: "t", by: "sam" },
  };
  const revisions = [
    { at: "2026-12-01T10:00:00.000Z", actor: "sam", action: "out-of-service.created", after: created },
    {
      at: "2026-12-01T11:00:00.000Z",
      actor: "sam",
      action: "out-of-service.changed",
      before: created,
      after: changed,
    },
    {
      at: "2026-12-01T12:00:00.000Z",
      actor: "alex",
      action: "out-of-service.cancelled",
      before: changed,
      after: cancelled,
    },
  ];

  it("says what each revision changed, in words and GOV.UK dates", () => {
    expect(revisionDetail(undefined, created)).toBe(
      "From 10 December 2026 to 16 December 2026. Reason: Planned works",
    );
    expect(revisionDetail(created, changed)).toBe("Last night 16 December 2026 changed to 12 December 2026");
    expect(revisionDetail(created, { ...created, startDate: "2026-12-11", notes: "Boiler" })).toBe(
      "First night 10 December 2026 changed to 11 December 2026. Notes: Boiler",
    );
    expect(revisionDetail(changed, cancelled)).toBe("Reason for cancelling: Works called off");
  });

  it("lists the revisions newest first with the audit actions' labels", () => {
    const timeline = revisionTimeline(revisions);
    expect(timeline.map((t) => [t.label.text, t.byline.text])).toEqual([
      ["Out-of-service period cancelled", "alex"],
      ["Out-of-service period changed", "sam"],
      ["Bed taken out of service", "sam"],
    ]);
  });

  it("renders the period page with its timeline, and the manager's buttons only while the period allows them", () => {
    const model = periodPageModel({
      premises,
      period: { ...period(), revisions },
      today: TODAY,
      canChange: true,
    });
    expect(model.actions.map((a) => a.text)).toEqual(["End early", "Change dates", "Cancel period"]);
    const html = render("pages/premises/out-of-service-period.njk", {
      ...layout(),
      ...model,
      nav: { items: [] },
    });
    expect(html).toContain("moj-timeline");
    expect(html).toContain("Out-of-service period changed");
    expect(html).toContain("Bed 2 out of service");
    const gone = periodPageModel({
      premises,
      period: { ...(cancelled as OutOfService), revisions },
      today: TODAY,
      canChange: true,
    });
    expect(gone.actions).toEqual([]);
    expect(gone.rows.map((r) => r.key.text)).toContain("Reason for cancelling");
    expect(gone.status.text).toBe("Cancelled");
  });
});

describe("the change forms and their check pages", () => {
  it("carry the version the form was opened at, and render each form's own fields", () => {
    for (const change of ["end-early", "dates", "cancellation"] as const) {
      const model = periodChangeFormModel({
        change,
        premises,
        period: period(),
        values: { ...periodValues(period()), reason: "" },
        errors: NO_ERRORS,
        version: 3,
      });
      const html = render("pages/premises/out-of-service-change.njk", { ...layout(), ...model });
      expect(html).toContain('name="version" value="3"');
      expect(html).toContain('name="_csrf"');
      expect(html.includes('name="endDate-day"')).toBe(change !== "cancellation");
      expect(html.includes('name="startDate-day"')).toBe(change === "dates");
      expect(html.includes('name="reason"')).toBe(change === "cancellation");
    }
  });

  it("fills the date boxes with the period as it stands", () => {
    expect(periodValues(period())).toEqual({
      startDate: { day: "10", month: "12", year: "2026" },
      endDate: { day: "16", month: "12", year: "2026" },
      reason: "",
    });
  });

  it("checks the answers with Change links back to each box", () => {
    const check = periodCheckModel({
      change: "dates",
      premises,
      period: period(),
      body: { startDate: "2026-12-11", endDate: "2026-12-13" },
    });
    expect(check.rows.map((r) => [r.key.text, r.value.text])).toEqual([
      ["Bed", "2 (room 1)"],
      ["Out of service now", "10 December 2026 to 16 December 2026"],
      ["New first night out of service", "11 December 2026"],
      ["New last night out of service", "13 December 2026"],
    ]);
    expect(check.action).toBe("/premises/ldn-camberwell/out-of-service-beds/OOS1/dates/check");
    const html = render("pages/premises/out-of-service-check.njk", { ...layout(), ...check });
    expect(html).toContain("/premises/ldn-camberwell/out-of-service-beds/OOS1/dates#startDate-day");
    expect(html).toContain('name="_csrf"');
    expect(html).toContain("Change dates");
  });
});

describe("a refused change, as the error summary shows it", () => {
  it("lists each clash of a 409 bed-not-free at the box that caused it", () => {
    const errors = periodChangeErrors("dates", {
      status: 409,
      detail: "Bed 2 is not free for every night from 2026-12-10 to 2026-12-20",
      conflicts: [{ kind: "occupied", startDate: "2026-12-18", endDate: "2026-12-30" }],
    });
    expect(errors.summary).toEqual([
      {
        text: "Bed 2 is not free for every night from 10 December 2026 to 20 December 2026",
        href: "#startDate-day",
      },
      { text: "It overlaps a stay from 18 December 2026 to 30 December 2026", href: "#startDate-day" },
    ]);
    expect(errors.fields.startDate).toBeDefined();
  });

  it("puts out-of-service-begun and -cancelled at the form's own field", () => {
    const begun = periodChangeErrors("cancellation", {
      status: 409,
      detail:
        "Out-of-service period OOS1: the period started on 2026-11-30; end it early (PATCH endDate) instead",
    });
    expect(begun.summary[0]!.href).toBe("#reason");
    expect(begun.fields.reason!.text).toContain("30 November 2026");
    const cancelled = periodChangeErrors("end-early", {
      status: 409,
      detail: "Out-of-service period OOS1 was cancelled",
    });
    expect(cancelled.summary[0]!.href).toBe("#endDate-day");
  });

  it("reports a stale version in words, not numbers", () => {
    const stale = periodChangeErrors("end-early", {
      status: 412,
      detail: "Out-of-service period OOS1 is at version 4, not 3",
    });
    expect(stale.summary[0]!.text).toMatch(/changed by someone else/);
    expect(stale.summary[0]!.text).not.toMatch(/version/);
  });

  it("places the domain's invalid params at their boxes with GOV.UK dates", () => {
    const errors = periodChangeErrors("dates", {
      status: 400,
      detail: "x",
      invalidParams: [{ name: "startDate", reason: "the period started on 2026-11-30; it cannot move" }],
    });
    expect(errors.fields.startDate!.text).toBe(
      "First night out of service the period started on 30 November 2026; it cannot move",
    );
  });
});

describe("archiving a bed", () => {
  it("renders the form and the check page", () => {
    const bed = premises.beds[0]!;
    const form = archiveFormModel({ premises, bed, values: EMPTY_ARCHIVE });
    const html = render("pages/premises/bed-archive.njk", { ...layout(), ...form });
    expect(html).toContain('name="archivedFrom-day"');
    expect(html).toContain('name="_csrf"');
    const check = archiveCheckModel({ premises, bed, body: { archivedFrom: "2027-01-01", reason: "Refit" } });
    expect(check.rows.map((r) => r.value.text)).toEqual(["2 (room 1)", "1 January 2027", "Refit"]);
    expect(render("pages/premises/out-of-service-check.njk", { ...layout(), ...check })).toContain(
      "Archive bed",
    );
  });

  it("names each stay in the way of a 409 bed-in-use", () => {
    const errors = archiveErrors({
      status: 409,
      detail: "Bed 2 is in use on or after 2026-12-05: booking B1 occupies the bed until 2027-01-10",
      conflicts: [{ kind: "occupied", detail: "booking B1 occupies the bed until 2027-01-10" }],
    });
    expect(errors.summary.map((s) => s.text)).toEqual([
      "Bed cannot be archived from that night: Bed 2 is in use on or after 5 December 2026",
      "In the way: booking B1 occupies the bed until 10 January 2027",
    ]);
    expect(errors.fields.archivedFrom).toBeDefined();
  });

  it("puts a date in the past at the date boxes", () => {
    const errors = archiveErrors({
      status: 400,
      detail: "x",
      invalidParams: [{ name: "archivedFrom", reason: "must be today (2026-12-02) or later" }],
    });
    expect(errors.summary).toEqual([
      {
        text: "First night the bed takes no stay must be today (2 December 2026) or later",
        href: "#archivedFrom-day",
      },
    ]);
  });
});

describe("the routes of the changes", () => {
  it("are the premises' AP manager's only, each form with its check page, scoped to the premises in the path", async () => {
    const { WEB_PAGE_ROUTES } = await import("../../../shared/web/routes.js");
    const changes = WEB_PAGE_ROUTES.filter((r) =>
      /\/(end-early|dates|cancellation|archive|unarchive)(\/check)?$/.test(r.path),
    );
    expect(changes.map((r) => `${r.method} ${r.path.replace("/premises/{premisesId}", "")}`).sort()).toEqual(
      [
        "/beds/{bedId}/archive",
        "/beds/{bedId}/archive/check",
        "/beds/{bedId}/unarchive",
        "/out-of-service-beds/{outOfServiceId}/cancellation",
        "/out-of-service-beds/{outOfServiceId}/cancellation/check",
        "/out-of-service-beds/{outOfServiceId}/dates",
        "/out-of-service-beds/{outOfServiceId}/dates/check",
        "/out-of-service-beds/{outOfServiceId}/end-early",
        "/out-of-service-beds/{outOfServiceId}/end-early/check",
      ]
        .flatMap((p) => [`GET ${p}`, `POST ${p}`])
        .sort(),
    );
    for (const r of changes) {
      expect(r.access, r.path).toEqual(["ap-manager"]);
      expect(r.premisesScope, r.path).toBe("path");
    }
  });
});
