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

  it("leaves out beds or premises that do not meet the referral's needs", () => {
    const options = rankBedOptions([premises("ap", false, [])], {
      ...req,
      requiredCharacteristics: ["en-suite", "catered"],
    });
    expect(options.map((o) => o.bedId)).toEqual(["b1"]);
    expect(rankBedOptions([premises("ap", false, [])], { ...req, person: { gender: "female" } })).toEqual([]);
  });
});
