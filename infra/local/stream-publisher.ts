import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { STREAM_RETRY_ATTEMPTS } from "../../shared/domain/delivery-limits.js";

/** What Lambda's event source mapping does for the deployed publisher, done locally. */
export interface LocalStreamPublisherOptions {
  endpoint: string;
  tableName: string;
  /** The deployed handler's batch function (functions/publisher.ts). */
  handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;
  /** The mapping's filter, applied before a record reaches the handler. */
  filter: (record: DynamoDBRecord) => boolean;
  /**
   * As the mapping's maximumRetryAttempts (default: the deployed STREAM_RETRY_ATTEMPTS): then
   * the record is dead-lettered (logged, kept in `deadLetters`).
   */
  maxRetryAttempts?: number;
  batchSize?: number;
  idleMs?: number;
  log?: (line: string) => void;
}

export interface LocalStreamPublisher {
  /** Records that failed every retry, as the deployed mapping would send them to its dead-letter queue. */
  deadLetters: DynamoDBRecord[];
  /** Resolves once every record written so far has been through the handler. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const context = {
  functionName: "local-publisher",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-2:000000000000:function:local-publisher",
  memoryLimitInMB: "256",
  awsRequestId: "local",
  logGroupName: "/aws/lambda/local-publisher",
  logStreamName: "local",
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
  done() {},
  fail() {},
  succeed() {},
} as unknown as Context;

/**
 * Polls DynamoDB Local's stream of the table (GetShardIterator / GetRecords per shard,
 * new shards picked up as they appear), shapes records like the Lambda event and runs the
 * same handler as the deployed publisher, so delivery locally is within a second or two.
 * Failed records are retried from the first failure, as Lambda does with
 * reportBatchItemFailures, up to `maxRetryAttempts`, then dead-lettered.
 */
export async function startLocalStreamPublisher(
  opts: LocalStreamPublisherOptions,
): Promise<LocalStreamPublisher> {
  const config = {
    endpoint: opts.endpoint,
    region: process.env.AWS_REGION ?? "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const db = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  let table = await db.send(new DescribeTableCommand({ TableName: opts.tableName }));
  if (!table.Table?.StreamSpecification?.StreamEnabled) {
    // A table persisted (--persist) before the stream existed: turn it on, as a deploy would.
    await db.send(
      new UpdateTableCommand({
        TableName: opts.tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
      }),
    );
    table = await db.send(new DescribeTableCommand({ TableName: opts.tableName }));
  }
  db.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn)
    throw new Error(`Table ${opts.tableName} has no stream: it was not created from the template`);

  const maxRetries = opts.maxRetryAttempts ?? STREAM_RETRY_ATTEMPTS;
  const idleMs = opts.idleMs ?? 200;
  const log = opts.log ?? (() => {});
  const deadLetters: DynamoDBRecord[] = [];
  /** Shard id → next iterator; undefined once a closed shard is read to its end. */
  const iterators = new Map<string, string | undefined>();
  let stopped = false;
  let idle = false;
  let lastPass = 0;

  async function discoverShards() {
    const out = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of out.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      // From the start of each shard: a record written before polling began is still sent,
      // and one sent already is skipped by the notifier's claims.
      const it = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: "TRIM_HORIZON",
        }),
      );
      iterators.set(shard.ShardId, it.ShardIterator);
    }
  }

  const toLambdaRecord = (r: _Record): DynamoDBRecord =>
    ({ ...r, eventSourceARN: streamArn, awsRegion: config.region }) as unknown as DynamoDBRecord;

  async function invoke(records: DynamoDBRecord[]) {
    let pending = records;
    for (let attempt = 0; pending.length > 0; attempt++) {
      let failedFrom = -1;
      try {
        const res = await opts.handler({ Records: pending }, context);
        const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
        failedFrom = pending.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ""));
      } catch (err) {
        log(`publisher invocation failed: ${(err as Error).message}`);
        failedFrom = 0;
      }
      if (failedFrom < 0) return;
      // As Lambda: the batch is retried from the first failed record onwards.
      pending = pending.slice(failedFrom);
      if (attempt >= maxRetries) {
        const [dead, ...rest] = pending;
        if (dead) {
          deadLetters.push(dead);
          log(`stream record ${dead.dynamodb?.SequenceNumber} dead-lettered after ${maxRetries} retries`);
        }
        pending = rest;
        attempt = -1;
        continue;
      }
      await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
    }
  }

  async function pass(): Promise<boolean> {
    await discoverShards();
    let any = false;
    for (const [shardId, iterator] of iterators) {
      if (!iterator || stopped) continue;
      const out = await streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.batchSize ?? 100 }),
      );
      iterators.set(shardId, out.NextShardIterator);
      const records = (out.Records ?? []).map(toLambdaRecord);
      if (records.length > 0) any = true;
      const selected = records.filter(opts.filter);
      if (selected.length > 0) await invoke(selected);
    }
    return any;
  }

  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        busy = await pass();
      } catch (err) {
        if (!stopped) log(`stream poll failed: ${(err as Error).message}`);
      }
      idle = !busy;
      lastPass = Date.now();
      if (!busy) await new Promise((r) => setTimeout(r, idleMs));
    }
  })();

  return {
    deadLetters,
    async drain(timeoutMs = 15_000) {
      const since = Date.now();
      const deadline = since + timeoutMs;
      // A full pass that began after this call and found nothing new.
      while (!(idle && lastPass > since + idleMs)) {
        if (Date.now() > deadline) throw new Error("the local stream publisher did not catch up in time");
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      stopped = true;
      await loop;
      streams.destroy();
    },
  };
}
