using Ambient.Abstractions.A2a;
using Ambient.Avro.Wire;
using Avro.Generic;
using Avro.IO;

namespace Ambient.Avro.Tests;

/// <summary>The A2A records of the Kafka binding round-trip in both wire formats, and their bytes are plain Avro of the .avsc files.</summary>
public sealed class A2aRecordCodecTests(FakeSchemaRegistry registry) : IClassFixture<FakeSchemaRegistry>
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 23, 9, 15, 0, TimeSpan.Zero);

    public static TheoryData<AvroWireFormat> Formats => [AvroWireFormat.SingleObject, AvroWireFormat.Confluent];

    private static A2aMessage Question => new("slack-helper-0011/3/0", "slack:T1/C2", null, A2aRoles.User,
        [new A2aPart(Text: "Why is pod checkout-7d9 crash looping?"), new A2aPart(Data: """{"channel":"C2"}""", MediaType: "application/json")]);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Message_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var codec = services.Codec<A2aMessage>();

        var read = codec.Decode(codec.Encode(Question));

        Assert.Equal(Question.MessageId, read.MessageId);
        Assert.Equal(Question.ContextId, read.ContextId);
        Assert.Equal(A2aRoles.User, read.Role);
        Assert.Equal(Question.Parts, read.Parts);
        Assert.Equal("Why is pod checkout-7d9 crash looping?", read.Text);
        Assert.Equal("""{"channel":"C2"}""", read.Data);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void StatusUpdate_WithAgentMessage_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var codec = services.Codec<A2aTaskStatusUpdate>();
        var answer = new A2aMessage("task-1/answer", "slack:T1/C2", "task-1", A2aRoles.Agent, [new A2aPart(Text: "OOMKilled: raise the memory limit.")]);
        var update = new A2aTaskStatusUpdate("task-1", "slack:T1/C2", new A2aTaskStatus(A2aTaskStates.Completed, answer, s_time));

        var read = codec.Decode(codec.Encode(update));

        Assert.Equal(update.TaskId, read.TaskId);
        Assert.Equal(A2aTaskStates.Completed, read.Status.State);
        Assert.Equal(s_time, read.Status.Timestamp);
        Assert.Equal("OOMKilled: raise the memory limit.", read.Status.Message!.Text);
        Assert.Equal("task-1", read.Status.Message.TaskId);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void ArtifactUpdate_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var codec = services.Codec<A2aArtifactUpdate>();
        var update = new A2aArtifactUpdate("task-1", "ctx", new A2aArtifact("run-1", "incident report", [new A2aPart(Text: "report"), new A2aPart(Data: "[1,2]")]), Append: false, LastChunk: true);

        var read = codec.Decode(codec.Encode(update));

        Assert.Equal(update.Artifact.Parts, read.Artifact.Parts);
        Assert.Equal(update with { Artifact = null! }, read with { Artifact = null! });
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void AgentCard_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var codec = services.Codec<A2aAgentCard>();
        var card = new A2aAgentCard("incident-responder", "Diagnoses failing workloads", "0123456789abcdef",
            [new A2aAgentInterface("kafka://localhost:9092/ambient.a2a.incident-responder", "urn:ambient:a2a:binding:kafka:v1", "1.0")],
            [new A2aAgentSkill("diagnose-workload", "Diagnose a workload", "Cause, impact and fix of a failing pod", ["kubernetes"], ["Why is pod x crash looping?"])],
            Streaming: true, ["text/plain", "application/json"], ["text/plain"])
        {
            Extensions = [new A2aAgentExtension("urn:ambient:a2a:extension:inventory:v1", "Owner and tools", Required: false, """{"owner":"team-sre"}""")],
        };

        var read = codec.Decode(codec.Encode(card));

        Assert.Equal(card.Interfaces, read.Interfaces);
        Assert.Equal(card.Skills[0] with { Tags = [], Examples = [] }, read.Skills[0] with { Tags = [], Examples = [] });
        Assert.Equal(card.Skills[0].Examples, read.Skills[0].Examples);
        Assert.Equal(card.InputModes, read.InputModes);
        Assert.True(read.Streaming);
        Assert.Equal(card.Version, read.Version);
        Assert.Equal(card.Extensions, read.Extensions);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Task_RoundTrips(AvroWireFormat format)
    {
        using var services = AvroServices.Build(format == AvroWireFormat.Confluent ? registry.Url : null);
        var codec = services.Codec<A2aTask>();
        var task = new A2aTask("task-1", "ctx", new A2aTaskStatus(A2aTaskStates.Working, null, s_time), [new A2aArtifact("run-1", "result", [new A2aPart(Text: "partial")])]);

        var read = codec.Decode(codec.Encode(task));

        Assert.Equal(task.Status, read.Status);
        Assert.Equal(task.Artifacts[0].Parts, read.Artifacts[0].Parts);
        Assert.Equal((task.Id, task.ContextId), (read.Id, read.ContextId));
    }

    [Fact]
    public void Message_SingleObjectBytes_ReadByPlainGenericReaderFromTheAvscFile()
    {
        using var services = AvroServices.Build(null);
        var bytes = services.Codec<A2aMessage>().Encode(Question);
        var schema = global::Avro.Schema.Parse(RepoSchemas.Text("Message"));

        // Single-object encoding: C3 01, then the 8-byte fingerprint, then the plain Avro body.
        Assert.Equal([0xC3, 0x01], bytes[..2]);
        var reader = new GenericDatumReader<GenericRecord>(schema, schema);
        var record = reader.Read(null!, new BinaryDecoder(new MemoryStream(bytes[10..])));

        Assert.Equal(Question.MessageId, record["messageId"]);
        Assert.Equal("ROLE_USER", ((GenericEnum)record["role"]).Value);
    }
}
