import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp } from "../app.js";

type CfnTable = {
  Type: string;
  Properties: {
    KeySchema: CreateTableCommandInput["KeySchema"];
    AttributeDefinitions: CreateTableCommandInput["AttributeDefinitions"];
    GlobalSecondaryIndexes?: CreateTableCommandInput["GlobalSecondaryIndexes"];
    StreamSpecification?: { StreamViewType: "NEW_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY" | "OLD_IMAGE" };
  };
};

/**
 * The table definitions of the synthesized CloudFormation, as CreateTable inputs, so the
 * local engine runs exactly the schema that would be deployed.
 */
export function tableDefinitionsFromTemplate(): CreateTableCommandInput[] {
  const { stack } = buildApp({ skipBundling: true });
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, CfnTable> };
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === "AWS::DynamoDB::GlobalTable" || r.Type === "AWS::DynamoDB::Table")
    .map(([logicalId, r]) => ({
      TableName: logicalId,
      KeySchema: r.Properties.KeySchema,
      AttributeDefinitions: r.Properties.AttributeDefinitions,
      BillingMode: "PAY_PER_REQUEST",
      GlobalSecondaryIndexes: r.Properties.GlobalSecondaryIndexes?.map((g) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
      // The stream the publisher reads (DynamoDB Local supports streams).
      ...(r.Properties.StreamSpecification
        ? {
            StreamSpecification: {
              StreamEnabled: true,
              StreamViewType: r.Properties.StreamSpecification.StreamViewType,
            },
          }
        : {}),
    }));
}

export async function createTable(client: DynamoDBClient, def: CreateTableCommandInput, tableName: string) {
  await client.send(new CreateTableCommand({ ...def, TableName: tableName }));
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 } as never, {
    TableName: tableName,
  });
}
