import { Stack, type StackProps } from "aws-cdk-lib";
import * as kms from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import { DataTable } from "./data-table.js";

export class ApStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const key = new kms.Key(this, "DataKey", {
      enableKeyRotation: true,
      description: "Approved Premises data at rest",
    });
    new DataTable(this, "Data", { key });
  }
}
