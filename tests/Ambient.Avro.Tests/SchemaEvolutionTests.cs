using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Avro.Compatibility;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;
using Avro;
using Avro.Generic;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Avro.Tests;

/// <summary>
/// ActionRecord v2 adds <c>priority</c> with a default. Writers and readers run in separate service providers, as
/// separate processes would; with single-object encoding the old reader must be given v2 (it has no registry to ask).
/// </summary>
public sealed class SchemaEvolutionTests(FakeSchemaRegistry registry) : IClassFixture<FakeSchemaRegistry>
{
    private static readonly RecordSchema s_v2 = AddField(AmbientSchemas.ActionRecord, """{"name":"priority","type":"string","default":"normal","doc":"How urgent."}""");

    private static readonly ActionRecord s_action = new(
        "run/1/0", "run", "github-triage", ActionTargets.GitHub, "comment", JsonDocument.Parse("""{"body":"hi"}""").RootElement,
        null, "evt", "com.github.issues.opened", new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public static TheoryData<AvroWireFormat> Formats => [AvroWireFormat.SingleObject, AvroWireFormat.Confluent];

    [Fact]
    public void V2_IsBackwardCompatibleWithV1()
    {
        Assert.Empty(SchemaCompatibility.CheckBackward(s_v2, AmbientSchemas.ActionRecord));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task NewReader_OldRecord_GetsTheDefault(AvroWireFormat format)
    {
        using var oldWriter = AvroServices.Build(UrlFor(format));
        using var newReader = AvroServices.Build(UrlFor(format));
        var bytes = await oldWriter.Codec<ActionRecord>().EncodeAsync(s_action, TestContext.Current.CancellationToken);

        var read = await newReader.GenericCodec(s_v2).DecodeAsync(bytes, TestContext.Current.CancellationToken);

        Assert.Equal("normal", read["priority"]);
        Assert.Equal(s_action.Id, read["id"]);
        Assert.Equal(s_v2, read.Schema);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task OldReader_NewRecord_IgnoresTheNewField(AvroWireFormat format)
    {
        using var newWriter = AvroServices.Build(UrlFor(format));
        using var oldReader = AvroServices.Build(UrlFor(format));
        if (format == AvroWireFormat.SingleObject)
        {
            oldReader.GetRequiredService<AvroSchemaStore>().Add(s_v2);
        }

        var v2Record = V2Record(s_action, "urgent");
        var bytes = await newWriter.GenericCodec(s_v2).EncodeAsync(v2Record, TestContext.Current.CancellationToken);

        var read = await oldReader.Codec<ActionRecord>().DecodeAsync(bytes, TestContext.Current.CancellationToken);

        Assert.Equal(s_action with { Arguments = default }, read with { Arguments = default });
        Assert.Equal(s_action.Arguments.GetRawText(), read.Arguments.GetRawText());
    }

    [Fact]
    public async Task OldReader_NewRecordOfUnknownSchema_FailsWithUnknownFingerprint()
    {
        using var newWriter = AvroServices.Build();
        using var oldReader = AvroServices.Build();
        var bytes = await newWriter.GenericCodec(s_v2).EncodeAsync(V2Record(s_action, "low"), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<AvroSerializationException>(() => oldReader.Codec<ActionRecord>().DecodeAsync(bytes, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(AvroErrorKind.UnknownFingerprint, error.Kind);
        Assert.Contains($"0x{(ulong)SchemaFingerprint.Of(s_v2):X16}", error.Message, StringComparison.Ordinal);
    }

    private string? UrlFor(AvroWireFormat format) => format == AvroWireFormat.Confluent ? registry.Url : null;

    private static RecordSchema AddField(RecordSchema schema, string field)
    {
        var json = JsonNode.Parse(schema.ToString())!.AsObject();
        json["fields"]!.AsArray().Add(JsonNode.Parse(field));
        return (RecordSchema)Schema.Parse(json.ToJsonString());
    }

    private static GenericRecord V2Record(ActionRecord action, string priority)
    {
        var v1 = new Mapping.ActionRecordAvroMapper().ToAvro(action);
        var record = new GenericRecord(s_v2);
        foreach (var field in v1.Schema.Fields)
        {
            record.Add(field.Name, v1.GetValue(field.Pos));
        }

        record.Add("priority", priority);
        return record;
    }
}
