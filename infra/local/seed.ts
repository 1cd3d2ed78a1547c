import { mintToken } from "./local-auth.js";
import { seedBookings } from "./seed-bookings.js";
import { seedReferrals } from "./seed-referrals.js";

type Json = Record<string, unknown>;

/** A small demo estate, created through the public API so it exercises the real handlers. */
export const DEMO_PREMISES: Json[] = [
  {
    premisesId: "ldn-camberwell",
    name: "Camberwell Road AP",
    area: "london",
    gender: "male",
    bufferDays: 2,
    characteristics: ["accepts-sex-offenders", "accepts-hate-crime", "catered", "lift"],
    beds: [
      { bedId: "b01", room: "1", characteristics: ["single-room", "en-suite", "ground-floor", "step-free"] },
      {
        bedId: "b02",
        room: "2",
        characteristics: ["single-room", "ground-floor", "step-free", "wheelchair-accessible"],
      },
      { bedId: "b03", room: "3", characteristics: ["single-room", "arson-suitable"] },
      { bedId: "b04", room: "4", characteristics: ["single-room", "sexual-offence-suitable"] },
      { bedId: "b05", room: "5", characteristics: ["single-room", "en-suite"] },
      { bedId: "b06", room: "6", characteristics: ["single-room"] },
      { bedId: "b07", room: "7", characteristics: [] },
      { bedId: "b08", room: "7", characteristics: [] },
    ],
  },
  {
    premisesId: "ldn-ealing",
    name: "Ealing Green AP",
    area: "london",
    gender: "male",
    bufferDays: 3,
    characteristics: ["accepts-child-offences", "pipe", "hearing-loop"],
    beds: Array.from({ length: 6 }, (_, i) => ({
      bedId: `e${String(i + 1).padStart(2, "0")}`,
      room: String(i + 1),
      characteristics: i < 2 ? ["single-room", "en-suite"] : ["single-room"],
    })),
  },
  {
    premisesId: "mid-edgbaston",
    name: "Edgbaston House AP",
    area: "midlands",
    gender: "male",
    bufferDays: 2,
    characteristics: ["accepts-sex-offenders", "esap", "catered"],
    beds: Array.from({ length: 6 }, (_, i) => ({
      bedId: `m${String(i + 1).padStart(2, "0")}`,
      room: String(i + 1),
      characteristics: [
        "single-room",
        ...(i === 0 ? ["wheelchair-accessible", "step-free", "ground-floor"] : []),
      ],
    })),
  },
  {
    premisesId: "wmn-crossley",
    name: "Crossley House (women's AP)",
    area: "womens",
    gender: "female",
    bufferDays: 2,
    characteristics: ["catered", "lift", "accepts-hate-crime"],
    beds: Array.from({ length: 5 }, (_, i) => ({
      bedId: `w${String(i + 1).padStart(2, "0")}`,
      room: String(i + 1),
      characteristics: ["single-room", ...(i < 2 ? ["en-suite"] : [])],
    })),
  },
];

export async function seedDemoData(baseUrl: string, log: (line: string) => void = () => {}): Promise<void> {
  const admin = await mintToken({ role: "admin", user: "demo-admin" });
  const send = async (method: string, path: string, body?: Json) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok && res.status !== 409)
      throw new Error(`seed ${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  for (const premises of DEMO_PREMISES) await send("POST", "/premises", premises);
  log(`seeded ${DEMO_PREMISES.length} premises`);
  await seedReferrals(baseUrl, mintToken, log);
  await seedBookings(
    baseUrl,
    mintToken,
    log,
    DEMO_PREMISES.map((p) => p.premisesId as string),
  );
}
