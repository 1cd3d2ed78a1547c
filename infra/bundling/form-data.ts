/**
 * Bundled in place of the `form-data` package (an esbuild alias in infra/app-function.ts).
 * axios, which notifications-node-client uses, imports it for multipart uploads, and with it
 * mime-types and the 134 KB mime-db. GOV.UK Notify's email API takes JSON only, so the
 * multipart path is never reached; without the alias the publisher and nightly bundles
 * exceed the 500 KB ceiling. A class, so axios's `instanceof FormData` checks stay valid.
 */
export default class FormData {}
