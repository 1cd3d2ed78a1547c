import { allocate, bedOptions } from "../../services/allocation-service.js";
import * as bookings from "../../services/bookings-service.js";
import { changeBookingDates } from "../../services/date-change-service.js";
import { transferStay } from "../../services/transfer-service.js";
import { type Binding, implement } from "../api-handler.js";
import * as routes from "../routes/bookings.js";

const etag = (b: { version: number }) => ({ etag: `"${b.version}"` });

export const bookingsBindings: Binding[] = [
  implement(routes.getBedOptions, async ({ params }) => ({
    status: 200,
    body: await bedOptions(params.referralId),
  })),

  implement(routes.allocateBed, async ({ params, body, principal }) => {
    const booking = await allocate(params.referralId, body, principal);
    return {
      status: 201,
      body: { ...booking, fit: booking.bufferOverride ? "buffer-override" : "exact" },
      headers: { location: `/bookings/${booking.bookingId}`, ...etag(booking) },
    };
  }),

  implement(routes.listPremisesBookings, async ({ params, query, principal }) => ({
    status: 200,
    body: await bookings.listPremisesBookings(params.premisesId, query, principal),
  })),

  implement(routes.getBookingRoute, async ({ params, principal }) => {
    const booking = await bookings.getBooking(params.bookingId, principal);
    return { status: 200, body: booking, headers: etag(booking) };
  }),

  implement(routes.recordArrivalRoute, async ({ params, body, principal, ifMatch }) => {
    const booking = await bookings.recordArrival(params.bookingId, body.arrivalDate, principal, ifMatch);
    return { status: 200, body: booking, headers: etag(booking) };
  }),

  implement(routes.recordNonArrivalRoute, async ({ params, body, principal, ifMatch }) => {
    const booking = await bookings.recordNonArrival(params.bookingId, body, principal, ifMatch);
    return { status: 200, body: booking, headers: etag(booking) };
  }),

  implement(routes.extendStayRoute, async ({ params, body, principal, ifMatch }) => {
    const booking = await bookings.extendStay(params.bookingId, body, principal, ifMatch);
    return { status: 200, body: booking, headers: etag(booking) };
  }),

  implement(routes.recordDepartureRoute, async ({ params, body, principal, ifMatch }) => {
    const booking = await bookings.recordDeparture(params.bookingId, body, principal, ifMatch);
    return { status: 200, body: booking, headers: etag(booking) };
  }),

  implement(routes.cancelBookingRoute, async ({ params, body, principal, ifMatch }) => {
    const booking = await bookings.cancelBooking(params.bookingId, body.reason, principal, ifMatch);
    return { status: 200, body: booking, headers: etag(booking) };
  }),

  implement(routes.changeBookingDatesRoute, async ({ params, body, principal, ifMatch }) => {
    const booking = await changeBookingDates(params.bookingId, body, principal, ifMatch);
    return { status: 200, body: booking, headers: etag(booking) };
  }),

  implement(routes.transferStayRoute, async ({ params, body, principal, ifMatch }) => {
    const moved = await transferStay(params.bookingId, body, principal, ifMatch);
    return {
      status: 200,
      body: moved,
      headers: { location: `/bookings/${moved.to.bookingId}`, ...etag(moved.from) },
    };
  }),

  implement(routes.requestStayReductionRoute, async ({ params, body, principal }) => {
    const request = await bookings.requestStayReduction(params.bookingId, body, principal);
    return { status: 201, body: request, headers: { location: `/stay-reductions/${request.requestId}` } };
  }),

  implement(routes.decideStayReductionRoute, async ({ params, body, principal }) => ({
    status: 200,
    body: await bookings.decideStayReduction(params.requestId, body, principal),
  })),

  implement(routes.getStayReductionRoute, async ({ params, principal }) => ({
    status: 200,
    body: await bookings.getStayReduction(params.requestId, principal),
  })),

  implement(routes.listStayReductionsRoute, async ({ params, query, principal }) => ({
    status: 200,
    body: await bookings.listStayReductions(params.premisesId, query, principal),
  })),
];
