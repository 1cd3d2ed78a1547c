import * as z from "zod";
import { ROLES } from "../domain/vocabulary.js";
import { id } from "./common.js";

/**
 * The local runtime's sign-in form: the same role, user name and premises a local token
 * carries (infra/local/token.ts). An AP manager acts on premises, so must name at least one.
 */
export const localSignInSchema = z
  .strictObject({
    role: z.enum(ROLES, { error: "must be chosen" }),
    user: id,
    premises: z.array(id).max(20).default([]),
  })
  .refine((v) => v.role !== "ap-manager" || v.premises.length > 0, {
    path: ["premises"],
    message: "must include at least one premises for an AP manager",
  });

export type LocalSignIn = z.infer<typeof localSignInSchema>;
