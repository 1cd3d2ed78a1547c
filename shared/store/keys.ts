/** Every key shape in one place; docs/data-model.md explains each. */
export const keys = {
  premises: (premisesId: string) => ({ PK: `PREMISES#${premisesId}`, SK: "#PREMISES" }),
  premisesList: (area: string, premisesId: string) => ({
    GSI1PK: "PREMISES",
    GSI1SK: `${area}#${premisesId}`,
  }),
  bed: (premisesId: string, bedId: string) => ({ PK: `PREMISES#${premisesId}`, SK: `#BED#${bedId}` }),
  stayFootprint: (premisesId: string, lastNight: string, bedId: string, bookingId: string) => ({
    PK: `PREMISES#${premisesId}`,
    SK: `FOOTPRINT#${lastNight}#${bedId}#STAY#${bookingId}`,
  }),
  outOfServiceFootprint: (premisesId: string, endDate: string, bedId: string, outOfServiceId: string) => ({
    PK: `PREMISES#${premisesId}`,
    SK: `FOOTPRINT#${endDate}#${bedId}#OOS#${outOfServiceId}`,
  }),
  /** An out-of-service period's own record; its revisions (audit events) share the partition. */
  outOfService: (outOfServiceId: string) => ({
    PK: `OUT-OF-SERVICE#${outOfServiceId}`,
    SK: "#OUT-OF-SERVICE",
  }),
  holdFootprint: (premisesId: string, lastNight: string, bedId: string, holdId: string) => ({
    PK: `PREMISES#${premisesId}`,
    SK: `FOOTPRINT#${lastNight}#${bedId}#HOLD#${holdId}`,
  }),
  referral: (referralId: string) => ({ PK: `REFERRAL#${referralId}`, SK: "#REFERRAL" }),
  person: (crn: string) => ({ PK: `PERSON#${crn}`, SK: "#PERSON" }),
  personReferral: (crn: string, referralId: string) => ({
    PK: `PERSON#${crn}`,
    SK: `REFERRAL#${referralId}`,
  }),
  booking: (bookingId: string) => ({ PK: `BOOKING#${bookingId}`, SK: "#BOOKING" }),
  stayReduction: (requestId: string) => ({ PK: `STAY-REDUCTION#${requestId}`, SK: "#STAY-REDUCTION" }),
  alert: (alertId: string) => ({ PK: `ALERT#${alertId}`, SK: "#ALERT" }),
  idempotency: (sub: string, key: string) => ({ PK: `IDEMPOTENCY#${sub}#${key}`, SK: "#IDEMPOTENCY" }),
} as const;

/** Sorts after every real suffix, for inclusive upper bounds on string keys. */
export const HIGH = "~";
