import { describe, expect, it } from "vitest";
import type { Alert } from "../../../shared/schemas/alerts.js";
import type { BoardEntry } from "../../../shared/schemas/move-on.js";
import { outOfServiceBody } from "../../../shared/schemas/premises.js";
import { formOrderErrors as formErrors, parseWith } from "../../../shared/web/error-summary.js";
import { moveOnBoardModel, moveOnCsv, moveOnRows } from "../../../shared/web/view-models/move-on-board.js";
import {
  conflictErrors,
  OUT_OF_SERVICE_FIELDS,
  outOfServiceFormModel,
  outOfServiceListModel,
} from "../../../shared/web/view-models/out-of-service.js";
import {
  alertRows,
  alertsCsv,
  alertsFilterSchema,
  alertsPageModel,
} from "../../../shared/web/view-models/premises-alerts.js";

const TODAY = "2026-12-02";
const PREMISES = {
  premisesId: "ldn-camberwell",
  name: "Camberwell Road AP",
  beds: [
    { bedId: "b01", room: "1" },
    { bedId: "b02", room: "2" },
  ],
};

describe("out-of-service beds", () => {
  it("lists periods by first night, with the reason's label and whether it has begun", () => {
    const model = outOfServiceListModel({
      premises: PREMISES,
      today: TODAY,
      items: [
        {
          outOfServiceId: "o2",
          premisesId: "ldn-camberwell",
          bedId: "b02",
          startDate: "2026-12-10",
          endDate: "2026-12-12",
          reason: "flood-or-fire",
          createdAt: "",
          status: "active",
          version: 1,
          createdBy: "",
        },
        {
          outOfServiceId: "o1",
          premisesId: "ldn-camberwell",
          bedId: "b01",
          startDate: "2026-12-01",
          endDate: "2026-12-03",
          reason: "planned-works",
          notes: "Boiler",
          createdAt: "",
          status: "active",
          version: 1,
          createdBy: "",
        },
      ],
    });
    expect(model.rows.map((r) => [r.bedId, r.room, r.from, r.to, r.reason, r.status.text])).toEqual([
      ["b01", "1", "1 December 2026", "3 December 2026", "Planned works", "Now"],
      ["b02", "2", "10 December 2026", "12 December 2026", "Flood / fire", "Planned"],
    ]);
    expect(model.newHref).toBe("/premises/ldn-camberwell/out-of-service-beds/new");
  });

  it("words the schema's refusal with the form's labels, in the form's order", () => {
    const errorsOf = (body: object) => {
      const parsed = parseWith(outOfServiceBody, body);
      return formErrors(parsed.ok ? [] : parsed.invalid, OUT_OF_SERVICE_FIELDS).summary;
    };
    expect(errorsOf({})).toEqual([
      { text: "First night out of service is required", href: "#startDate-day" },
      { text: "Last night out of service is required", href: "#endDate-day" },
      { text: "Reason is required", href: "#reason" },
    ]);
    expect(errorsOf({ startDate: "2026-12-05", endDate: "2026-12-01", reason: "other" })).toEqual([
      {
        text: "Last night out of service must be on or after first night out of service",
        href: "#endDate-day",
      },
    ]);
  });

  it("shows a conflict as the operation's sentence and each clash, at the dates", () => {
    const errors = conflictErrors("Bed b01 is not free for every night from 2026-12-01 to 2026-12-03", [
      { kind: "occupied", startDate: "2026-12-02", endDate: "2026-12-09", bookingId: "bk" },
    ]);
    expect(errors.summary).toEqual([
      {
        text: "Bed b01 is not free for every night from 1 December 2026 to 3 December 2026",
        href: "#startDate-day",
      },
      { text: "It overlaps a stay from 2 December 2026 to 9 December 2026", href: "#startDate-day" },
    ]);
    expect(errors.fields.startDate).toBeDefined();
  });

  it("offers the premises' beds and every reason, keeping what was chosen", () => {
    const model = outOfServiceFormModel({
      premises: PREMISES,
      values: {
        bedId: "b02",
        startDate: { day: "", month: "", year: "" },
        endDate: { day: "", month: "", year: "" },
        reason: "other",
        notes: "",
      },
      errors: { summary: [], fields: {} },
    });
    expect(model.bedItems.filter((b) => b.selected).map((b) => b.value)).toEqual(["b02"]);
    expect(model.reasonItems.find((r) => r.checked)?.text).toBe("Other");
    expect(model.reasonItems.map((r) => r.value)).toContain("bed-on-hold");
  });
});

const alert = (over: Partial<Alert>): Alert => ({
  alertId: "a".repeat(32),
  kind: "departure-without-move-on",
  status: "open",
  threshold: 14,
  daysLeft: 12,
  dueDate: "2026-12-14",
  night: TODAY,
  premisesId: "ldn-camberwell",
  bookingId: "bk1",
  crn: "X123456",
  raisedAt: "2026-12-02T02:00:00Z",
  version: 1,
  ...over,
});

describe("alerts", () => {
  it("defaults the filter to open alerts and refuses a kind there is not", () => {
    expect(alertsFilterSchema.parse({})).toEqual({ status: "open" });
    expect(alertsFilterSchema.safeParse({ kind: "nonsense" }).success).toBe(false);
  });

  it("shows each alert with its label, due date, the placement and an acknowledge action while open", () => {
    const [row, done] = alertRows(
      [
        alert({ detail: "Licence ends 2027-03-01" }),
        alert({
          alertId: "b".repeat(32),
          status: "acknowledged",
          acknowledgedAt: "2026-12-02T10:05:00Z",
          acknowledgedBy: "sam",
        }),
      ],
      "ldn-camberwell",
      TODAY,
    );
    expect(row).toMatchObject({
      kind: "Departure without move-on",
      due: "14 December 2026",
      when: "In 12 days",
      threshold: "14 days before",
      detail: "Licence ends 1 March 2027",
      placementHref: "/premises/ldn-camberwell/placements/bk1",
      acknowledgeAction: `/premises/ldn-camberwell/alerts/${"a".repeat(32)}/acknowledgement`,
    });
    expect(done!.acknowledgeAction).toBeUndefined();
    expect(done!.acknowledged).toBe("2 December 2026 at 10:05am by sam");
  });

  it("keeps the filter in the CSV link and offers a way back to all open alerts", () => {
    const model = alertsPageModel({
      premises: PREMISES,
      alerts: [],
      filter: { status: "acknowledged", kind: "licence-gap" },
      today: TODAY,
    });
    expect(model.csvHref).toBe("/premises/ldn-camberwell/alerts.csv?status=acknowledged&kind=licence-gap");
    expect(model.listHeading).toBe("Acknowledged alerts: Licence or HDC gap");
    expect(model.selectedFilters?.clearLink.href).toBe("/premises/ldn-camberwell/alerts");
    expect(model.kindItems.map((k) => k.value)).not.toContain("release-without-accommodation");
  });

  it("writes the same rows as CSV, quoting what needs it", () => {
    const csv = alertsCsv(alertRows([alert({ detail: "a, b" })], "ldn-camberwell", TODAY));
    expect(csv.split("\r\n")).toEqual([
      "alert_id,kind,status,crn,due_date,threshold,detail,raised_at,acknowledged",
      `${"a".repeat(32)},Departure without move-on,Open,X123456,2026-12-14,14 days before,"a, b",2026-12-02T02:00:00Z,`,
      "",
    ]);
  });
});

const entry = (over: Partial<BoardEntry>): BoardEntry => ({
  bookingId: "bk1",
  person: { crn: "X1", name: "Ann Example" },
  bedId: "b01",
  status: "arrived",
  arrivalDate: "2026-10-01",
  expectedDepartureDate: "2026-11-30",
  daysLeft: -2,
  overdue: true,
  moveOn: { status: "in-progress", category: "private-rented", secured: false },
  hdcEndDate: "2027-01-10",
  openAlerts: { count: 1, kinds: ["departure-without-move-on"] },
  ...over,
});

describe("the move-on board", () => {
  it("keeps the operation's order and says how long is left in words", () => {
    const model = moveOnBoardModel({
      premises: PREMISES,
      board: {
        date: TODAY,
        items: [
          entry({}),
          entry({
            bookingId: "bk2",
            person: { crn: "X2", name: "Bo" },
            daysLeft: 1,
            overdue: false,
            moveOn: { status: "confirmed", secured: true },
          }),
        ],
      },
    });
    expect(model.rows.map((r) => [r.crn, r.left, r.tag.text, r.moveOnStatus])).toEqual([
      ["X1", "Overdue by 2 days", "Overdue", "In progress"],
      ["X2", "1 day", "Secured", "Confirmed"],
    ]);
    expect(model.unsecured).toBe(1);
    expect(model.rows[0]!.alerts).toEqual(["Departure without move-on"]);
  });

  it("writes the board as CSV with machine dates", () => {
    const lines = moveOnCsv(moveOnRows([entry({})], "ldn-camberwell")).split("\r\n");
    expect(lines[1]).toBe(
      "bk1,X1,Ann Example,b01,Arrived,2026-10-01,2026-11-30,-2,In progress,Private rented,,no,2027-01-10,,Departure without move-on",
    );
  });
});
