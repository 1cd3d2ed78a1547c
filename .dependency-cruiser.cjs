/**
 * The layers of ../shared/design/layers.md, one forbidden rule a line there, so a wrong
 * import fails `npm run lint` instead of waiting for a review.
 */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "shared/domain imports nothing else of ours",
      severity: "error",
      from: { path: "^shared/domain/" },
      to: { path: "^(shared/(?!domain/)|functions/|infra/)" },
    },
    {
      name: "operations-below-adapters",
      comment: "shared/services and shared/store import neither shared/api nor shared/web",
      severity: "error",
      from: { path: "^shared/(services|store)/" },
      to: { path: "^shared/(api|web)/" },
    },
    {
      name: "stores-below-operations",
      comment: "a store is called by operations; it never calls one",
      severity: "error",
      from: { path: "^shared/store/" },
      to: { path: "^shared/services/" },
    },
    {
      name: "adapters-call-operations",
      comment: "shared/web and shared/api never import shared/store: they call operations",
      severity: "error",
      from: { path: "^shared/(api|web)/" },
      to: { path: "^shared/store/" },
    },
    {
      name: "one-adapter-at-a-time",
      comment: "functions/ and infra/ are the only places that know both adapters",
      severity: "error",
      from: { path: "^shared/api/" },
      to: { path: "^shared/web/" },
    },
    {
      name: "one-adapter-at-a-time-web",
      comment: "functions/ and infra/ are the only places that know both adapters",
      severity: "error",
      from: { path: "^shared/web/" },
      to: { path: "^shared/api/" },
    },
    {
      name: "schemas-are-shapes",
      comment: "shared/schemas describe shapes from the vocabulary; they call no operation, store or adapter",
      severity: "error",
      from: { path: "^shared/schemas/" },
      to: { path: "^(shared/(services|store|api|web)/|functions/|infra/)" },
    },
    {
      name: "observability-is-a-leaf",
      severity: "error",
      from: { path: "^shared/observability/" },
      to: { path: "^(shared/(?!observability/)|functions/|infra/)" },
    },
    {
      name: "shared-knows-no-entries",
      comment: "nothing in shared/ reaches up into the Lambda entries or the CDK app",
      severity: "error",
      from: { path: "^shared/" },
      to: { path: "^(functions|infra)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|cdk\\.out)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
