using System.Text;
using Ambient.Abstractions.Checkpoints;
using Ambient.Kafka.Consumers;
using Ambient.Testing;
using Avro;
using Avro.Generic;
using Avro.IO;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Tests;

/// <summary>What the worker puts on the wire is Avro other teams can read, and Avro it cannot read is dead-lettered, not fatal.</summary>
public sealed class AvroWireTests(KafkaFixture kafka)
{
    private const int SingleObjectHeader = 10;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkerRecords_DecodeWithPlainGenericDatumReaderGivenOnlyTheAvscFile()
    {
        var issue = TestEvents.IssueOpened(TestEvents.IssueOpenedPayload());
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", issue);
        var action = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 3, Cancellation)).First();
        var audit = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single();
        var checkpoints = await TopicReader.ReadAsync(kafka, harness.Topics.Checkpoints, 2, Cancellation);
        var step = checkpoints.First(c => CheckpointKeys.Parse(c.Message.Key!).StepIndex is not null);
        var head = checkpoints.First(c => CheckpointKeys.Parse(c.Message.Key!).StepIndex is null);

        var actionRecord = ReadWithSchemaFile("ActionRecord", action);
        var auditRecord = ReadWithSchemaFile("AuditRecord", audit);
        var stepRecord = ReadWithSchemaFile("Checkpoint", step);
        var headRecord = ReadWithSchemaFile("RunHead", head);

        Assert.Equal((issue.Id, harness.AgentName("github-triage")), ((string)actionRecord["eventId"], (string)actionRecord["agent"]));
        Assert.Equal(AmbientRecordReader.Action(action.Message.Value).Id, actionRecord["id"]);
        Assert.Equal((issue.Id, "completed"), ((string)auditRecord["eventId"], (string)auditRecord["outcome"]));
        Assert.Equal(step.Message.Key, $"{stepRecord["runId"]}/{stepRecord["stepIndex"]}");
        Assert.Equal(issue.Id, ((GenericRecord)stepRecord["input"])["eventId"]);
        Assert.Equal(head.Message.Key, headRecord["runId"]);
        Assert.All([action, audit, step, head], record => Assert.Equal("avro/binary", Header(record, "content-type")));
    }

    [Fact]
    public async Task UnreadableCheckpoints_DeadLetteredWithErrorHeaders_AndWorkerKeepsProcessing()
    {
        var issue = TestEvents.IssueOpened(TestEvents.IssueOpenedPayload());
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var run = $"{harness.AgentName("github-triage")}-00000000deadbeef";
        byte[] truncated = [0xC3, 0x01, 0x12, 0x34];
        byte[] unknownFingerprint = [0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x41];
        using var admin = kafka.AdminClient();
        var partitions = admin.GetMetadata(harness.Topics.Checkpoints, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
        using (var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build())
        {
            // On every partition, so whichever one the event lands on has a bad step and a bad head to restore past.
            for (var partition = 0; partition < partitions; partition++)
            {
                var at = new TopicPartition(harness.Topics.Checkpoints, partition);
                await producer.ProduceAsync(at, new Message<string?, byte[]> { Key = CheckpointKeys.Step(run, 1), Value = truncated }, Cancellation);
                await producer.ProduceAsync(at, new Message<string?, byte[]> { Key = CheckpointKeys.Head(run), Value = unknownFingerprint }, Cancellation);
            }
        }

        using var logs = new CollectingLoggerProvider(LogLevel.Error);
        await harness.StartWorkerAsync(logs: logs);
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", issue);
        var audit = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single();
        var dead = await TopicReader.ReadAsync(kafka, harness.Topics.DeadLetter, 2 * partitions, Cancellation);

        Assert.Equal(issue.Id, AmbientRecordReader.Audit(audit.Message.Value).EventId);
        Assert.Equal(2 * partitions, TopicReader.CountAfterQuiet(kafka, harness.Topics.DeadLetter));
        var copies = dead.ToLookup(d => Header(d, DeadLetters.ErrorKindHeader));
        Assert.All(copies["Truncated"], d => Assert.Equal((CheckpointKeys.Step(run, 1), Convert.ToHexString(truncated)), (d.Message.Key, Convert.ToHexString(d.Message.Value))));
        Assert.All(copies["UnknownFingerprint"], d => Assert.Equal((run, Convert.ToHexString(unknownFingerprint)), (d.Message.Key, Convert.ToHexString(d.Message.Value))));
        Assert.Equal((partitions, partitions), (copies["Truncated"].Count(), copies["UnknownFingerprint"].Count()));
        Assert.All(dead, d =>
        {
            Assert.Equal(harness.Topics.Checkpoints, Header(d, DeadLetters.TopicHeader));
            Assert.Equal(harness.AgentName("github-triage"), Header(d, DeadLetters.AgentHeader));
            Assert.Equal("Ambient.Avro.AvroSerializationException", Header(d, DeadLetters.ExceptionTypeHeader));
            Assert.Equal(Header(d, DeadLetters.ErrorKindHeader) == "Truncated" ? "0" : "1", Header(d, DeadLetters.OffsetHeader));
        });
        var logged = logs.Entries.Select(e => e.Message).Where(m => m.Contains("unreadable", StringComparison.Ordinal)).ToList();
        Assert.Contains(logged, m => m.Contains($"{harness.Topics.Checkpoints}/0 at offset 1", StringComparison.Ordinal) && m.Contains("UnknownFingerprint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegistryUnreachable_EventWaitsForIt_NeverDeadLetteredAndNothingWrittenWithoutItsSchema()
    {
        var issue = TestEvents.IssueOpened(TestEvents.IssueOpenedPayload());
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var logs = new CollectingLoggerProvider(LogLevel.Warning);
        await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:SchemaRegistry:Url"] = $"http://127.0.0.1:{port}" }, logs);

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", issue);
        // Twice the attempts a record that fails on its own gets before it is dead-lettered (Ambient:Consumer:MaxAttempts, 3).
        await Eventually.UntilAsync(() => logs.Entries.Count(e => e.Message.Contains("waits for a dependency", StringComparison.Ordinal)) >= 6
            || logs.Entries.Any(e => e.Message.Contains("sent to the dead-letter topic", StringComparison.Ordinal)), Cancellation);

        // Like a broker outage: the event waits for the registry, and is neither dead-lettered nor half written.
        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.DeadLetter));
        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.Checkpoints));
        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions));
        Assert.Contains(logs.Entries, e => e.Message.Contains($"record {harness.Topics.GitHubEvents}/", StringComparison.Ordinal) && e.Message.Contains("Schema Registry", StringComparison.Ordinal));
    }

    // What a consumer outside Ambient does: strip the single-object header, read the body with the .avsc file alone.
    private static GenericRecord ReadWithSchemaFile(string name, ConsumeResult<string?, byte[]> record)
    {
        var bytes = record.Message.Value;
        Assert.Equal([0xC3, 0x01], bytes[..2]);
        var schema = Schema.Parse(File.ReadAllText(Path.Combine(SchemasDirectory(), name + ".avsc")));
        using var body = new MemoryStream(bytes, SingleObjectHeader, bytes.Length - SingleObjectHeader);
        var read = new GenericDatumReader<GenericRecord>(schema, schema).Read(null!, new BinaryDecoder(body));
        Assert.Equal(body.Length, body.Position);
        return read;
    }

    private static string SchemasDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "schemas", "Checkpoint.avsc")))
            {
                return Path.Combine(directory.FullName, "schemas");
            }
        }

        throw new InvalidOperationException($"No schemas/ folder above {AppContext.BaseDirectory}.");
    }

    private static string? Header(ConsumeResult<string?, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;
}
