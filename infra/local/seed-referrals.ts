import { today } from "../../shared/domain/clock.js";
import { addDays } from "../../shared/domain/dates.js";

type Json = Record<string, unknown>;
type MintToken = (req: { role: string; user?: string }) => Promise<string>;

/** Offsets from today so the demo always shows a mix of emergency, short-notice and standard referrals. */
function demoReferrals(from: string): Json[] {
  const on = (days: number) => addDays(from, days);
  return [
    {
      person: {
        crn: "D100001",
        nomsNumber: "A1001AA",
        name: "Daniel Hughes",
        dateOfBirth: "1988-03-14",
        gender: "male",
      },
      riskOfSeriousHarm: "high",
      mappaLevel: 2,
      releaseType: "ecsl",
      expectedArrivalDate: on(2),
      licenceEndDate: on(200),
      area: "london",
      preferredPremisesIds: ["ldn-camberwell"],
      requiredCharacteristics: ["single-room", "accepts-hate-crime"],
      homelessIfNotPlaced: true,
      notes: "Early release under ECSL; release address fell through. No family contact.",
    },
    {
      person: {
        crn: "D100002",
        nomsNumber: "A1002AB",
        name: "Marcus Bell",
        dateOfBirth: "1979-11-02",
        gender: "male",
      },
      riskOfSeriousHarm: "very-high",
      mappaLevel: 3,
      releaseType: "licence",
      expectedArrivalDate: on(12),
      licenceEndDate: on(400),
      area: "london",
      preferredPremisesIds: ["ldn-camberwell", "ldn-ealing"],
      requiredCharacteristics: ["sexual-offence-suitable", "accepts-sex-offenders"],
      homelessIfNotPlaced: true,
      notes: "Exclusion zone: Lewisham. Victim lives in SE13.",
    },
    {
      person: { crn: "D100003", name: "Tomasz Nowak", dateOfBirth: "1993-07-21", gender: "male" },
      riskOfSeriousHarm: "medium",
      releaseType: "hdc",
      expectedArrivalDate: on(5),
      hdcEndDate: on(120),
      licenceEndDate: on(300),
      area: "london",
      preferredPremisesIds: ["ldn-ealing"],
      homelessIfNotPlaced: false,
      notes: "HDC: curfew 19:00-07:00 until the HDC end date; move-on must cover it.",
    },
    {
      person: {
        crn: "D100004",
        nomsNumber: "A1004AD",
        name: "Lee Carter",
        dateOfBirth: "1985-01-30",
        gender: "male",
      },
      riskOfSeriousHarm: "high",
      mappaLevel: 1,
      releaseType: "parole",
      expectedArrivalDate: on(45),
      area: "midlands",
      preferredPremisesIds: ["mid-edgbaston"],
      requiredCharacteristics: ["wheelchair-accessible", "ground-floor"],
      homelessIfNotPlaced: true,
      notes: "Uses a wheelchair. Parole board decision expected in three weeks.",
    },
    {
      person: { crn: "D100005", name: "Aaron Whitfield", dateOfBirth: "1999-09-09", gender: "male" },
      riskOfSeriousHarm: "medium",
      releaseType: "bail",
      expectedArrivalDate: on(20),
      expectedDepartureDate: on(76),
      area: "midlands",
      homelessIfNotPlaced: false,
    },
    {
      person: {
        crn: "D100006",
        nomsNumber: "A1006AF",
        name: "Priya Shah",
        dateOfBirth: "1990-05-18",
        gender: "female",
      },
      riskOfSeriousHarm: "medium",
      releaseType: "licence",
      expectedArrivalDate: on(9),
      licenceEndDate: on(180),
      area: "womens",
      preferredPremisesIds: ["wmn-crossley"],
      requiredCharacteristics: ["en-suite"],
      homelessIfNotPlaced: true,
      notes: "Domestic abuse survivor; no male visitors.",
    },
    {
      person: {
        crn: "D100007",
        nomsNumber: "A1007AG",
        name: "Karen Doyle",
        dateOfBirth: "1975-12-01",
        gender: "female",
      },
      riskOfSeriousHarm: "low",
      releaseType: "recall",
      expectedArrivalDate: on(60),
      area: "womens",
      homelessIfNotPlaced: false,
    },
    {
      person: { crn: "D100008", name: "Gareth Price", dateOfBirth: "1982-04-04", gender: "male" },
      riskOfSeriousHarm: "high",
      mappaLevel: 2,
      releaseType: "pss",
      expectedArrivalDate: on(35),
      area: "london",
      requiredCharacteristics: ["arson-suitable"],
      homelessIfNotPlaced: true,
      notes: "Arson history: room must be suitable for arson risk.",
    },
  ];
}

/**
 * Demo referrals through the public API, after the demo premises exist. Each carries an
 * Idempotency-Key, and the one-open-referral-per-person rule answers 409 on a later
 * re-seed, so running the seed twice never duplicates anyone.
 */
export async function seedReferrals(
  baseUrl: string,
  mintToken: MintToken,
  log: (line: string) => void = () => {},
): Promise<void> {
  const token = await mintToken({ role: "cru", user: "demo-cru" });
  let created = 0;
  const from = today();
  for (const [i, body] of demoReferrals(from).entries()) {
    const res = await fetch(`${baseUrl}/referrals`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": `demo-referral-${from}-${i + 1}`,
      },
      body: JSON.stringify(body),
    });
    const replayed = res.headers.get("idempotent-replayed") === "true";
    if (res.status === 201 && !replayed) created++;
    else if (res.status !== 201 && res.status !== 409)
      throw new Error(`seed POST /referrals #${i + 1}: ${res.status} ${await res.text()}`);
  }
  log(`seeded ${created} referrals`);
}
