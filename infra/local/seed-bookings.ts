import { today } from "../../shared/domain/clock.js";

// biome-ignore lint/suspicious/noExplicitAny: demo seed reads loosely shaped API responses
type Json = Record<string, any>;
type MintToken = (req: { role: string; user?: string; premises?: readonly string[] }) => Promise<string>;

/**
 * After the demo referrals exist: allocate several of them to their best bed option through
 * the API, and record arrivals for the first two, so occupancy and move-on have something
 * to show. Allocation goes through the same rules as production (buffers, suitability).
 */
export async function seedBookings(
  baseUrl: string,
  mintToken: MintToken,
  log: (line: string) => void = () => {},
  /** Only these premises are booked into: a client's own premises never receive demo residents. */
  premisesIds: readonly string[] = [],
) {
  const demo = new Set(premisesIds);
  const cru = await mintToken({ role: "cru", user: "demo-cru" });
  const call = async (method: string, path: string, token: string, body?: Json) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };

  const listed = await call("GET", "/referrals?status=submitted", cru);
  if (listed.status !== 200) {
    log(`bookings not seeded: GET /referrals answered ${listed.status}`);
    return;
  }
  const referrals = ((listed.body.items ?? []) as Json[]).slice(0, 6);
  let allocated = 0;
  let arrived = 0;
  for (const referral of referrals) {
    const options = await call("GET", `/referrals/${referral.referralId}/bed-options`, cru);
    const best = ((options.body.options ?? []) as Json[]).find(
      (o) => o.fit === "exact" && demo.has(o.premisesId),
    );
    if (!best) continue;
    const booking = await call("POST", `/referrals/${referral.referralId}/allocation`, cru, {
      premisesId: best.premisesId,
      bedId: best.bedId,
      arrivalDate: best.arrivalDate,
      departureDate: best.departureDate,
    });
    if (booking.status !== 201) continue;
    allocated++;
    if (arrived < 2) {
      const manager = await mintToken({
        role: "ap-manager",
        user: "demo-manager",
        premises: [best.premisesId],
      });
      const res = await call("POST", `/bookings/${booking.body.bookingId}/arrival`, manager, {
        arrivalDate: today(),
      });
      if (res.status === 200) arrived++;
    }
  }
  log(`seeded ${allocated} bookings, ${arrived} arrivals`);
}
