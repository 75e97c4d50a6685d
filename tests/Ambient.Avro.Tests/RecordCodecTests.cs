using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;

namespace Ambient.Avro.Tests;

public sealed class RecordCodecTests(FakeSchemaRegistry registry) : IClassFixture<FakeSchemaRegistry>
{
    // timestamp-micros keeps microseconds: a time with sub-microsecond ticks would come back truncated.
    private static readonly DateTimeOffset s_time = new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.FromHours(1)).AddTicks(1_234_560);

    public static TheoryData<AvroWireFormat> Formats => [AvroWireFormat.SingleObject, AvroWireFormat.Confluent];

    [Theory]
    [MemberData(nameof(Formats))]
    public void EncodeDecode_ActionRecord_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var codec = services.Codec<ActionRecord>();
        var action = new ActionRecord(
            "github-triage-0123456789abcdef/1/0", "github-triage-0123456789abcdef", "github-triage", ActionTargets.GitHub, "add_labels",
            JsonDocument.Parse("""{"repository":"o/r","issueNumber":42,"labels":["bug","ü"]}""").RootElement,
            "Looks like a crash", "evt-1", "com.github.issues.opened", s_time);

        var read = codec.Decode(codec.Encode(action));

        Assert.Equal(format, codec.WireFormat);
        Assert.Equal(action with { Arguments = default, CreatedAt = default }, read with { Arguments = default, CreatedAt = default });
        Assert.Equal(action.Arguments.GetRawText(), read.Arguments.GetRawText());
        Assert.Equal(action.CreatedAt, read.CreatedAt);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EncodeDecode_ActionRecordWithoutReasoning_KeepsNull(AvroWireFormat format)
    {
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var codec = services.Codec<ActionRecord>();
        var action = new ActionRecord("r/0/0", "r", "a", ActionTargets.Slack, "reply", JsonDocument.Parse("[]").RootElement, null, "e", "t", s_time);

        Assert.Null(codec.Decode(codec.Encode(action)).ReasoningSummary);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task EncodeDecode_AuditRecord_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var codec = services.Codec<AuditRecord>();
        var audit = new AuditRecord(
            "incident-responder-00aa", "incident-responder", "evt-9", "io.k8s.event.BackOff", RunOutcomes.Completed, "Restarted the pod",
            ["incident-responder-00aa/1/0", "incident-responder-00aa/1/1"], ["kubernetes.delete_namespace"], 1200, 340, "offline", "0123456789abcdef", s_time)
        {
            ContextSummary = "io.k8s.event.BackOff from /apis/v1/namespaces/prod-shop, subject pod/web-1: {\"reason\":\"BackOff\"}",
            CostUsd = 0.0123m,
            Confidence = 0.85,
            Decisions =
            [
                new AuditDecision("kubernetes.delete_namespace", "deny", "samples/no-deletes", "never delete a namespace"),
                new AuditDecision("kubernetes.restart_workload", "approve", "default/prod-restarts", "prod needs a human")
                {
                    ApprovalId = "apr-0123456789abcdef", Answer = "approved", AnsweredBy = "ü-oncall", Override = true,
                },
                new AuditDecision("kubernetes.get_pods", "allow", null, null),
            ],
        };

        var read = await codec.DecodeAsync(await codec.EncodeAsync(audit, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        Assert.Equal(audit.ActionIds, read.ActionIds);
        Assert.Equal(audit.RefusedTools, read.RefusedTools);
        Assert.Equal(audit.Decisions, read.Decisions);
        Assert.Equal(audit with { ActionIds = [], RefusedTools = [], Decisions = [] }, read with { ActionIds = [], RefusedTools = [], Decisions = [] });
    }

    [Fact]
    public async Task Decode_AuditWrittenWithReleasedV1Schema_ReadsTheNewFieldsAsTheirDefaults()
    {
        using var services = AvroServices.Build();
        var v1 = AmbientSchemas.History.Single(released => released.Name == "AuditRecord" && released.Version == 1).Schema;
        var bytes = await services.GenericCodec(v1).EncodeAsync(SampleData.For(v1), TestContext.Current.CancellationToken);

        var read = await services.Codec<AuditRecord>().DecodeAsync(bytes, TestContext.Current.CancellationToken);

        Assert.False(string.IsNullOrEmpty(read.RunId));
        Assert.Null(read.ContextSummary);
        Assert.Equal(0m, read.CostUsd);
        Assert.Null(read.Confidence);
        Assert.Empty(read.Decisions);
    }

    [Fact]
    public void EncodeDecode_ManyThreadsSharingOneCodec_EveryRecordReadsBackAsWritten()
    {
        using var services = AvroServices.Build(registry.Url);
        var codec = services.Codec<AuditRecord>();

        var mismatches = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken }, i =>
        {
            var audit = new AuditRecord($"run-{i}", "a", "e", "t", RunOutcomes.Completed, i % 3 == 0 ? null : $"why {i}", [$"run-{i}/0/0"], [], i, i * 2, "offline", "h", s_time);
            var read = codec.Decode(codec.Encode(audit));
            if (read.RunId != audit.RunId || read.ReasoningSummary != audit.ReasoningSummary || read.OutputTokens != audit.OutputTokens || read.ActionIds[0] != audit.ActionIds[0])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Decode_AuditBytesAsActionRecord_FailsNamingBothSchemas()
    {
        using var services = AvroServices.Build();
        var audit = new AuditRecord("r", "a", "e", "t", RunOutcomes.Completed, null, [], [], 0, 0, "offline", "h", s_time);
        var bytes = services.Codec<AuditRecord>().Encode(audit);

        var error = Assert.Throws<AvroSerializationException>(() => services.Codec<ActionRecord>().Decode(bytes));

        Assert.Equal(AvroErrorKind.SchemaMismatch, error.Kind);
        Assert.Contains("io.ambient.v1.AuditRecord", error.Message, StringComparison.Ordinal);
        Assert.Contains("io.ambient.v1.ActionRecord", error.Message, StringComparison.Ordinal);
    }
}
