import { describe, expect, it } from "vitest";
import { type CandidatePremises, rankBedOptions } from "../../shared/domain/bed-options.js";
import type { Footprint } from "../../shared/domain/footprint.js";

const stay = (
  bedId: string,
  bookingId: string,
  startDate: string,
  departureDate: string,
  lastNight: string,
): Footprint => ({
  kind: "stay",
  bedId,
  bookingId,
  startDate,
  departureDate,
  lastNight,
  bufferDays: 2,
});

const premises = (
  premisesId: string,
  preferred: boolean,
  footprints: Footprint[],
  extra: Partial<CandidatePremises> = {},
): CandidatePremises => ({
  premisesId,
  preferred,
  gender: "male",
  bufferDays: 2,
  characteristics: ["catered"],
  beds: [
    { bedId: "b1", characteristics: ["en-suite"] },
    { bedId: "b2", characteristics: [] },
  ],
  footprints,
  ...extra,
});

const req = {
  person: { gender: "male" },
  requiredCharacteristics: [] as string[],
  arrivalDate: "2027-01-10",
  departureDate: "2027-04-04",
  today: "2026-11-23",
};

describe("bed options", () => {
  it("ranks exact fits (preferred first, tightest gap next), then buffer overrides, then near misses", () => {
    const options = rankBedOptions(
      [
        // b1: previous stay's buffer covers 9 Jan-10 Jan, so only an override fits; b2: tightly packed exact fit.
        premises("area-ap", false, [
          stay("b1", "x", "2026-12-01", "2027-01-09", "2027-01-10"),
          stay("b2", "y", "2026-12-01", "2027-01-08", "2027-01-09"),
        ]),
        // Preferred: b1's next resident arrives 1 Apr, so the stay fits 5 nights shorter (its buffer needs 2 nights); b2 free.
        premises("pref-ap", true, [stay("b1", "z", "2027-04-01", "2027-06-01", "2027-06-02")]),
      ],
      req,
    );
    expect(options.map((o) => `${o.premisesId}/${o.bedId}:${o.fit}`)).toEqual([
      "pref-ap/b2:exact",
      "area-ap/b2:exact",
      "area-ap/b1:buffer-override",
      "pref-ap/b1:near-miss",
    ]);
    const near = options[3]!;
    expect(near).toMatchObject({ arrivalDate: "2027-01-10", departureDate: "2027-03-30" });
    expect(near.reasons[0]).toContain("5 nights shorter");
  });

  it("offers a later arrival when shortening is not enough, and nothing when neither is", () => {
    const blocked = premises("ap", false, [stay("b1", "z", "2026-12-01", "2027-01-11", "2027-01-12")], {
      beds: [{ bedId: "b1", characteristics: [] }],
    });
    const [option] = rankBedOptions([blocked], req);
    expect(option).toMatchObject({
      fit: "near-miss",
      arrivalDate: "2027-01-13",
      departureDate: "2027-04-07",
    });
    expect(option!.reasons[0]).toMatch(/later/);
    const farBlocked = premises("ap", false, [stay("b1", "z", "2026-12-01", "2027-02-01", "2027-02-02")], {
      beds: [{ bedId: "b1", characteristics: [] }],
    });
    expect(rankBedOptions([farBlocked], req)).toEqual([]);
  });

  it("names what blocks a near miss and the stay reduction that would free the asked-for dates", () => {
    const oneBed = { beds: [{ bedId: "b1", characteristics: [] }] };
    // z occupies to 10 Jan with 2 buffer nights: leaving on 8 Jan (3 nights sooner) frees 10 Jan.
    const [shifted] = rankBedOptions(
      [premises("ap", false, [stay("b1", "z", "2026-12-01", "2027-01-11", "2027-01-12")], oneBed)],
      req,
    );
    expect(shifted).toMatchObject({
      fit: "near-miss",
      allocatable: true,
      arrivalDate: "2027-01-13",
      blockers: [{ kind: "occupied", bookingId: "z", startDate: "2026-12-01", endDate: "2027-01-10" }],
      stayReduction: {
        bookingId: "z",
        currentDepartureDate: "2027-01-11",
        newDepartureDate: "2027-01-08",
        nightsShorter: 3,
      },
    });

    // Too far for a date shift, close enough for a reduction: listed, but not allocatable until approved.
    const [reductionOnly] = rankBedOptions(
      [premises("ap", false, [stay("b1", "z", "2026-12-01", "2027-01-20", "2027-01-21")], oneBed)],
      req,
    );
    expect(reductionOnly).toMatchObject({
      fit: "near-miss",
      allocatable: false,
      arrivalDate: req.arrivalDate,
      departureDate: req.departureDate,
      stayReduction: { bookingId: "z", newDepartureDate: "2027-01-08", nightsShorter: 12 },
    });
    expect(reductionOnly!.reasons.join(" ")).toContain("12 nights earlier, on 2027-01-08");

    // Two stays in the way: shortening one does not free the dates, so nothing is suggested.
    const twoInTheWay = rankBedOptions(
      [
        premises(
          "ap",
          false,
          [
            stay("b1", "z", "2026-12-01", "2027-01-11", "2027-01-12"),
            stay("b1", "w", "2027-01-20", "2027-06-01", "2027-06-02"),
          ],
          oneBed,
        ),
      ],
      req,
    );
    expect(twoInTheWay).toEqual([]);

    // A reduction whose new departure would already be past is not offered.
    expect(
      rankBedOptions(
        [premises("ap", false, [stay("b1", "z", "2026-12-01", "2027-01-20", "2027-01-21")], oneBed)],
        { ...req, today: "2027-01-09" },
      ),
    ).toEqual([]);
  });

  it("leaves out beds or premises that do not meet the referral's needs", () => {
    const options = rankBedOptions([premises("ap", false, [])], {
      ...req,
      requiredCharacteristics: ["en-suite", "catered"],
    });
    expect(options.map((o) => o.bedId)).toEqual(["b1"]);
    expect(rankBedOptions([premises("ap", false, [])], { ...req, person: { gender: "female" } })).toEqual([]);
  });
});
