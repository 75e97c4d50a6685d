// Exercises the embedded broker with kafkajs 2.2: admin, keyed and gzip produce, group consume,
// offsets, group listing and topic deletion. Usage: node kafkajs-smoke.js host:port topic [user password]
// (with a user, it authenticates with SASL SCRAM-SHA-512).
const { Kafka, logLevel } = require('kafkajs');

const [broker, topic, username, password] = process.argv.slice(2);
const sasl = username ? { mechanism: 'scram-sha-512', username, password } : undefined;
const kafka = new Kafka({ clientId: 'ambient-kafkajs-smoke', brokers: [broker], logLevel: logLevel.ERROR, sasl });

(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  const configs = await admin.describeConfigs({ resources: [{ type: 2, name: topic }], includeSynonyms: false });
  if (configs.resources[0].configEntries.length === 0) throw new Error('no topic configs described');

  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i % 10}`, value: `v${i}` })) });
  await producer.send({ topic, compression: 1, messages: [{ key: 'gzip', value: 'compressed' }] });

  const groupId = `${topic}-group`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Set();
  await new Promise((resolve) => consumer.run({
    eachMessage: async ({ message }) => { seen.add(message.value.toString()); if (seen.size === 101) resolve(); },
  }));
  await consumer.disconnect();

  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = offsets[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
  if (committed !== 101) throw new Error(`committed ${committed}, expected 101`);
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
  if (!groups.includes(groupId)) throw new Error(`group ${groupId} not listed`);

  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  console.log(`OK kafkajs consumed=${seen.size} committed=${committed}`);
})().catch((error) => { console.error(`FAIL ${error.stack || error}`); process.exit(1); });
