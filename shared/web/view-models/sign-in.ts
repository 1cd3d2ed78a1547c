import { ROLE_LABELS, ROLES } from "../../domain/vocabulary.js";
import type { FieldSpec, FormErrors } from "../error-summary.js";

export const SIGN_IN_FIELDS: Record<string, FieldSpec> = {
  role: { label: "Role" },
  user: { label: "User name" },
  premises: { label: "Premises", href: "#premises" },
};

export interface SignInValues {
  role?: string;
  user?: string;
  premises?: string[];
}

/** The local sign-in form: every role, and every premises that exists to choose from. */
export function localSignInModel(
  premises: readonly { premisesId: string; name: string }[],
  values: SignInValues,
  errors?: FormErrors,
) {
  const chosen = new Set(values.premises ?? []);
  return {
    mode: "local",
    values,
    errors,
    roleItems: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], selected: values.role === r })),
    premisesItems: premises.map((p) => ({
      value: p.premisesId,
      text: p.name,
      checked: chosen.has(p.premisesId),
    })),
  };
}
