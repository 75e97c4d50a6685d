using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Avro.Mapping;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;

namespace Ambient.Avro.Tests;

/// <summary>
/// The hot records are written field by field (<see cref="IAvroDirectWriter{T}"/>): their bytes must be exactly what
/// Apache.Avro's generic writer makes of the same value, for every shape a field can take.
/// </summary>
public sealed class DirectWriterTests
{
    private static readonly DateTimeOffset s_time = new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.FromHours(2)).AddTicks(1_234_560);

    public static TheoryData<string> Strings =>
    [
        string.Empty,
        "plain",
        "ümlaut, 日本語, emoji 🚀, quote \" and backslash \\",
        new string('x', 200), // a length over 63 needs a two-byte varint
        new string('é', 70_000), // and over 8,191 bytes a three-byte one
    ];

    [Fact]
    public void Fingerprints_MatchTheShippedSchemas_SoTheHotRecordsAreWrittenDirectly()
    {
        // When a schema file changes, its writer is bypassed (generic path, still correct): update the writer, then its fingerprint.
        Assert.Equal(SchemaFingerprint.Of(AmbientSchemas.Checkpoint), new CheckpointAvroMapper().DirectWriterFingerprint);
        Assert.Equal(SchemaFingerprint.Of(AmbientSchemas.RunHead), new RunHeadAvroMapper().DirectWriterFingerprint);
        Assert.Equal(SchemaFingerprint.Of(AmbientSchemas.ActionRecord), new ActionRecordAvroMapper().DirectWriterFingerprint);
        Assert.Equal(SchemaFingerprint.Of(AmbientSchemas.AuditRecord), new AuditRecordAvroMapper().DirectWriterFingerprint);
        using var services = AvroServices.Build();
        Assert.True(services.Codec<Checkpoint>().WritesDirectly);
        Assert.True(services.Codec<RunHead>().WritesDirectly);
        Assert.True(services.Codec<ActionRecord>().WritesDirectly);
        Assert.True(services.Codec<AuditRecord>().WritesDirectly);
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void Checkpoint_EveryFieldSet_SameBytesAsTheGenericWriter(string text)
    {
        var step = new Checkpoint(
            $"run-{text}", "github-triage", "9f86d081884c7d65", new RunInput("ambient.events.github", 3, 4_711_000_000, "evt-" + text, "com.github.issues.opened"),
            12, StepNames.Act, CheckpointStatus.RolledBack, 11, JsonText.From(Json(new { turns = new[] { new { role = "assistant", content = text } } })),
            [new LlmExchange("gpt-4o-mini", 300, text, JsonText.From(Json(new { content = text })), 812_000_000_000, -1), new LlmExchange(null!, 0, "offline", JsonText.From(Json("done")), 0, 0)],
            [new CheckpointAction("run/12/0", "github", "add_labels", Json(new { labels = new[] { text } })), new CheckpointAction("run/12/1", "slack", "reply", Json(42))],
            s_time, s_time.AddSeconds(2.5), "run-original", text);

        AssertSameBytes(new CheckpointAvroMapper(), step);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Checkpoint_NoOptionalFieldsAndEmptyLists_SameBytesAsTheGenericWriter(string status)
    {
        var step = new Checkpoint("run", "agent", "v", new RunInput("t", 0, 0, "e", "type"), 0, StepNames.Perceive, status, null, JsonText.None, [], [], s_time, s_time, null, null);

        AssertSameBytes(new CheckpointAvroMapper(), step);
    }

    public static TheoryData<string> Statuses => [CheckpointStatus.Running, CheckpointStatus.Succeeded, CheckpointStatus.Failed, CheckpointStatus.RolledBack, CheckpointStatus.Waiting];

    [Theory]
    [MemberData(nameof(Strings))]
    public void RunHead_SameBytesAsTheGenericWriter(string text)
    {
        var input = new RunInput(text, int.MaxValue, long.MaxValue, text, text);

        AssertSameBytes(new RunHeadAvroMapper(), new RunHead(text, "agent", "v", input, 4, StepNames.Finish, CheckpointStatus.Succeeded, s_time, s_time.AddDays(1), text, text));
        AssertSameBytes(new RunHeadAvroMapper(), new RunHead(text, "agent", "v", input, -1, StepNames.Reason, CheckpointStatus.Running, DateTimeOffset.UnixEpoch.AddTicks(-10), s_time));
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void ActionRecord_SameBytesAsTheGenericWriter(string text)
    {
        AssertSameBytes(new ActionRecordAvroMapper(), new ActionRecord("run/2/0", "run", "agent", ActionTargets.GitHub, "comment", Json(new { body = text }), text, "evt", "com.github.issues.opened", s_time));
        AssertSameBytes(new ActionRecordAvroMapper(), new ActionRecord("run/2/1", "run", "agent", ActionTargets.Slack, "reply", Json(Array.Empty<int>()), null, "evt", "t", s_time));
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void AuditRecord_SameBytesAsTheGenericWriter(string text)
    {
        var ids = Enumerable.Range(0, 70).Select(i => $"run/{i}/0").ToArray(); // more items than one varint byte counts
        AssertSameBytes(new AuditRecordAvroMapper(), new AuditRecord("run", "agent", "evt", "t", "completed", text, ids, ["github.merge", text], 5_531, 237, "offline", "sha256:ab", s_time));
        AssertSameBytes(new AuditRecordAvroMapper(), new AuditRecord("run", "agent", "evt", "t", "skipped", null, [], [], 0, 0, "offline", text, s_time));
    }

    [Fact]
    public void Checkpoint_UnknownStatus_FailsAsSchemaMismatch()
    {
        var step = new Checkpoint("run", "agent", "v", new RunInput("t", 0, 0, "e", "type"), 0, StepNames.Perceive, "paused", null, JsonText.None, [], [], s_time, s_time, null, null);

        var error = Assert.Throws<AvroSerializationException>(() => new CheckpointAvroMapper().Write(step, new AvroBinaryWriter()));

        Assert.Equal(AvroErrorKind.SchemaMismatch, error.Kind);
        Assert.Contains("paused", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameBytes<T>(IAvroDirectWriter<T> mapper, T value)
    {
        using var generic = new MemoryStream();
        AvroBody.Write(mapper.Schema, mapper.ToAvro(value), generic);
        var direct = new AvroBinaryWriter(capacity: 16); // small, so the writer grows along the way

        mapper.Write(value, direct);

        Assert.Equal(Convert.ToHexString(generic.ToArray()), Convert.ToHexString(direct.ToArray()));
    }

    private static JsonElement Json<TValue>(TValue value) => JsonSerializer.SerializeToElement(value);
}
