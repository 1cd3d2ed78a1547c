import { parseArgs } from "node:util";
import { mintToken } from "./local-auth.js";

const { values } = parseArgs({
  options: {
    role: { type: "string" },
    user: { type: "string" },
    premises: { type: "string" },
    "expires-in": { type: "string" },
  },
});
const roles = ["cru", "ap-manager", "admin"];
if (!values.role || !roles.includes(values.role)) {
  console.error(`usage: npm run --silent token -- --role ${roles.join("|")} [--user NAME] [--premises a,b]`);
  process.exit(2);
}
const premises = values.premises
  ?.split(",")
  .map((p) => p.trim())
  .filter(Boolean);
process.stdout.write(
  `${await mintToken({ role: values.role, user: values.user, premises, expiresIn: values["expires-in"] })}\n`,
);
