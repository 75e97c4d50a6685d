using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;
using Avro.Generic;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Avro.Tests;

public sealed class CheckpointCodecTests(FakeSchemaRegistry registry) : IClassFixture<FakeSchemaRegistry>
{
    // UTC with whole microseconds: timestamp-micros keeps the instant, not the offset or sub-microsecond ticks.
    private static readonly DateTimeOffset s_started = new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.Zero).AddTicks(1_234_560);
    private static readonly DateTimeOffset s_finished = s_started.AddSeconds(2.5);

    public static TheoryData<AvroWireFormat> Formats => [AvroWireFormat.SingleObject, AvroWireFormat.Confluent];

    public static TheoryData<string> Statuses => [CheckpointStatus.Running, CheckpointStatus.Succeeded, CheckpointStatus.Failed, CheckpointStatus.RolledBack, CheckpointStatus.Waiting];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task EncodeDecode_CheckpointWithEveryField_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(UrlFor(format));
        var codec = services.Codec<Checkpoint>();
        var step = FullStep();

        var read = await codec.DecodeAsync(await codec.EncodeAsync(step, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        Assert.Equal(format, codec.WireFormat);
        Assert.Equal(Render(step), Render(read));
    }

    [Fact]
    public void EncodeDecode_FirstStepWithoutOptionalFields_KeepsNullsAndEmptyLists()
    {
        using var services = AvroServices.Build();
        var codec = services.Codec<Checkpoint>();
        var step = FullStep() with { StepIndex = 0, StepName = StepNames.Perceive, Parent = null, Exchanges = [], Actions = [], ReplayOf = null, Note = null };

        var read = codec.Decode(codec.Encode(step));

        Assert.Equal(Render(step), Render(read));
        Assert.Null(read.Parent);
        Assert.Null(read.ReplayOf);
        Assert.Null(read.Note);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void EncodeDecode_EveryStatus_RoundTripsThroughTheEnum(string status)
    {
        using var services = AvroServices.Build();
        var codec = services.Codec<Checkpoint>();

        Assert.Equal(status, codec.Decode(codec.Encode(FullStep() with { Status = status })).Status);
    }

    [Fact]
    public void Encode_UnknownStatus_FailsNamingIt()
    {
        using var services = AvroServices.Build();

        var error = Assert.Throws<AvroSerializationException>(() => services.Codec<Checkpoint>().Encode(FullStep() with { Status = "paused" }));

        Assert.Equal(AvroErrorKind.SchemaMismatch, error.Kind);
        Assert.Contains("'paused'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Checkpoint_FillsActionIdsAndParentKeyForOtherConsumers()
    {
        using var services = AvroServices.Build();
        var bytes = services.Codec<Checkpoint>().Encode(FullStep());

        var record = services.GenericCodec(AmbientSchemas.Checkpoint).Decode(bytes);

        Assert.Equal(["github-triage-00ff/3/0", "github-triage-00ff/3/1"], ((object[])record["actionIds"]).Cast<string>());
        Assert.Equal("github-triage-00ff/2", record["parentCheckpoint"]);
        Assert.Equal("ROLLED_BACK", ((GenericEnum)record["status"]).Value);
    }

    [Fact]
    public async Task Decode_CheckpointWrittenWithReleasedV1Schema_FillsNewFieldsWithDefaults()
    {
        using var services = AvroServices.Build();
        var v1 = AmbientSchemas.History.Single(released => released.Name == "Checkpoint" && released.Version == 1).Schema;
        var old = SampleData.For(v1);
        // Sample strings are arbitrary; these fields must hold JSON text and a step key as the runtime writes them.
        old.Add("state", "{}");
        old.Add("parentCheckpoint", "github-triage-00ff/2");
        foreach (var exchange in ((object[])old["llmExchanges"]).Cast<GenericRecord>())
        {
            exchange.Add("response", "\"ok\"");
        }

        var bytes = await services.GenericCodec(v1).EncodeAsync(old, TestContext.Current.CancellationToken);

        var read = await services.Codec<Checkpoint>().DecodeAsync(bytes, TestContext.Current.CancellationToken);

        Assert.Equal(old["runId"], read.RunId);
        Assert.Equal(string.Empty, read.Input.EventType);
        Assert.Empty(read.Actions);
        Assert.All(read.Exchanges, exchange => Assert.Equal(0, exchange.RequestMessages));
        Assert.Equal(2, read.Parent);
        Assert.Null(read.ReplayOf);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EncodeDecode_RunHead_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(UrlFor(format));
        var codec = services.Codec<RunHead>();
        var head = new RunHead("github-triage-00ff", "github-triage", "9f86d081884c7d65", Input(), 7, StepNames.Finish, CheckpointStatus.Succeeded,
            s_started, s_finished, "github-triage-00ee", "completed");

        Assert.Equal(head, codec.Decode(codec.Encode(head)));
        Assert.Equal(head with { ReplayOf = null, Outcome = null }, codec.Decode(codec.Encode(head with { ReplayOf = null, Outcome = null })));
    }

    [Fact]
    public async Task CheckpointCodec_FromAddAmbientAvro_WritesAvroContentType()
    {
        using var services = AvroServices.Build();
        var codec = services.GetRequiredService<CheckpointCodec>();
        var head = new RunHead("r-1", "r", "v", Input(), 0, StepNames.Perceive, CheckpointStatus.Running, s_started, s_started);

        var bytes = await codec.EncodeAsync(head, TestContext.Current.CancellationToken);

        Assert.Equal("avro/binary", codec.ContentType);
        Assert.Equal([0xC3, 0x01], bytes[..2]);
        Assert.Equal(head, await codec.DecodeHeadAsync(bytes, TestContext.Current.CancellationToken));
    }

    private static RunInput Input() => new("ambient.events.github", 3, 4711, "evt-42", "com.github.issues.opened");

    private static Checkpoint FullStep() => new(
        "github-triage-00ff", "github-triage", "9f86d081884c7d65", Input(), 3, StepNames.Act, CheckpointStatus.RolledBack, 2,
        JsonText.From(Json("""{"messages":[{"role":"user","content":"Issue #42: crash ü"}],"pending":[]}""")),
        [
            new LlmExchange("gpt-4o-mini", 3, "gpt-4o-mini, 3 messages, 2 tools, prompt sha256:ab12", JsonText.Parse("""{"content":null,"toolCalls":[{"name":"add_labels"}]}"""), 812, 64),
            new LlmExchange("offline", 5, "offline, 5 messages", JsonText.Parse("\"done\""), 0, 0),
        ],
        [
            new CheckpointAction("github-triage-00ff/3/0", "github", "add_labels", Json("""{"labels":["bug"],"issueNumber":42}""")),
            new CheckpointAction("github-triage-00ff/3/1", "github", "comment", Json("""{"body":"Thanks!"}""")),
        ],
        s_started, s_finished, "github-triage-00ee", "rolled back by alice");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    // Every field, JSON values by their raw text: equal renderings mean nothing was lost.
    private static string Render(Checkpoint step) => JsonSerializer.Serialize(step);

    private string? UrlFor(AvroWireFormat format) => format == AvroWireFormat.Confluent ? registry.Url : null;
}
