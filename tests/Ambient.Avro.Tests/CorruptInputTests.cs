using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Avro.Schemas;
using Ambient.Avro.Serialization;

namespace Ambient.Avro.Tests;

public sealed class CorruptInputTests(FakeSchemaRegistry registry) : IClassFixture<FakeSchemaRegistry>
{
    private static readonly ActionRecord s_action = new(
        "run/0/0", "run", "slack-helper", ActionTargets.Slack, "reply", JsonDocument.Parse("""{"text":"hello"}""").RootElement,
        "because", "evt", "com.slack.app_mention", new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(new byte[0], AvroErrorKind.Truncated, "empty")]
    [InlineData(new byte[] { 0xC3 }, AvroErrorKind.Truncated, "single-object header needs 10 bytes")]
    [InlineData(new byte[] { 0xC3, 0x01, 1, 2, 3 }, AvroErrorKind.Truncated, "single-object header needs 10 bytes, the record has 5")]
    [InlineData(new byte[] { 0x00, 0x00, 0x01 }, AvroErrorKind.Truncated, "Confluent header needs 5 bytes")]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'i', (byte)'d' }, AvroErrorKind.UnknownFormat, "0x7B22")]
    [InlineData(new byte[] { 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0 }, AvroErrorKind.UnknownFingerprint, "0x0807060504030201")]
    public void Decode_BadHeader_FailsWithKindAndClearMessage(byte[] bytes, AvroErrorKind kind, string message)
    {
        using var services = AvroServices.Build();

        var error = Assert.Throws<AvroSerializationException>(() => services.Codec<ActionRecord>().Decode(bytes));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_JsonOfTheOldRuntime_SaysItIsNotAvro()
    {
        using var services = AvroServices.Build();
        var json = JsonSerializer.SerializeToUtf8Bytes(s_action);

        var error = Assert.Throws<AvroSerializationException>(() => services.Codec<ActionRecord>().Decode(json));

        Assert.Equal(AvroErrorKind.UnknownFormat, error.Kind);
        Assert.Contains("not an Avro record", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_TruncatedBody_FailsAsTruncated(bool confluent)
    {
        using var services = AvroServices.Build(confluent ? registry.Url : null);
        var codec = services.Codec<ActionRecord>();
        var bytes = codec.Encode(s_action);

        var errors = Enumerable.Range(confluent ? 5 : 10, 12).Select(length => Assert.Throws<AvroSerializationException>(() => codec.Decode(bytes.AsSpan(0, length))));

        Assert.All(errors, error => Assert.Equal(AvroErrorKind.Truncated, error.Kind));
    }

    [Fact]
    public void Decode_TrailingBytes_FailsAsCorrupt()
    {
        using var services = AvroServices.Build();
        var codec = services.Codec<ActionRecord>();

        var error = Assert.Throws<AvroSerializationException>(() => codec.Decode([.. codec.Encode(s_action), 0x02, 0x04]));

        Assert.Equal(AvroErrorKind.CorruptBody, error.Kind);
        Assert.Contains("2 bytes after", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BadUnionIndex_FailsAsCorrupt()
    {
        using var services = AvroServices.Build();
        var codec = services.Codec<ActionRecord>();
        var bytes = codec.Encode(s_action with { ReasoningSummary = null, Id = "", RunId = "", Agent = "", Target = "", Operation = "", Arguments = JsonDocument.Parse("1").RootElement });

        // Body: five empty strings (0x00 each), arguments "1" (0x02 '1'), then the reasoningSummary union index: make it 7.
        bytes[10 + 7] = 0x0E;
        var error = Assert.Throws<AvroSerializationException>(() => codec.Decode(bytes));

        Assert.Equal(AvroErrorKind.CorruptBody, error.Kind);
        Assert.Contains("io.ambient.v1.ActionRecord", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ArgumentsNotJson_FailsNamingTheField()
    {
        using var services = AvroServices.Build();
        var generic = services.GenericCodec(AmbientSchemas.ActionRecord);
        var record = new Mapping.ActionRecordAvroMapper().ToAvro(s_action);
        record.Add("arguments", "{not json");

        var error = Assert.Throws<AvroSerializationException>(() => services.Codec<ActionRecord>().Decode(generic.Encode(record)));

        Assert.Contains("io.ambient.v1.ActionRecord.arguments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownSchemaId_FailsWithUnknownSchemaId()
    {
        using var services = AvroServices.Build(registry.Url);
        var bytes = new byte[] { 0x00, 0, 0, 0x30, 0x39, 0x00 };

        var error = Assert.Throws<AvroSerializationException>(() => services.Codec<ActionRecord>().Decode(bytes));

        Assert.Equal(AvroErrorKind.UnknownSchemaId, error.Kind);
        Assert.Contains("12345", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ConfluentRecordWithoutRegistry_SaysToConfigureOne()
    {
        using var withRegistry = AvroServices.Build(registry.Url);
        using var withoutRegistry = AvroServices.Build();
        var bytes = withRegistry.Codec<ActionRecord>().Encode(s_action);

        var error = Assert.Throws<AvroSerializationException>(() => withoutRegistry.Codec<ActionRecord>().Decode(bytes));

        Assert.Equal(AvroErrorKind.UnknownSchemaId, error.Kind);
        Assert.Contains("Ambient:SchemaRegistry:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SingleObjectRecordWithRegistryConfigured_StillReads()
    {
        using var withoutRegistry = AvroServices.Build();
        using var withRegistry = AvroServices.Build(registry.Url);

        var read = withRegistry.Codec<ActionRecord>().Decode(withoutRegistry.Codec<ActionRecord>().Encode(s_action));

        Assert.Equal(s_action.Id, read.Id);
    }

    [Fact]
    public void Encode_WithoutAutoRegisterAndSchemaNotRegistered_FailsNamingTheSubject()
    {
        using var services = AvroServices.Build(registry.Url + "/locked", autoRegister: false);

        var error = Assert.Throws<Registry.SchemaRegistryException>(() => services.Codec<ActionRecord>().Encode(s_action));

        Assert.Contains("subjects/io.ambient.v1.ActionRecord", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Tombstone_IsNull()
    {
        using var services = AvroServices.Build();
        var deserializer = new AvroKafkaDeserializer<ActionRecord>(services.Codec<ActionRecord>());

        Assert.Null(deserializer.Deserialize([], isNull: true, default));
    }

    [Theory]
    [InlineData(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0x0F }, AvroErrorKind.Truncated, "A string of 2147483647 bytes is announced, only 2 bytes are left")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x08 }, AvroErrorKind.Truncated, "A string of 1073741824 bytes is announced")]
    [InlineData(new byte[] { 0x01 }, AvroErrorKind.CorruptBody, "negative length -1")]
    public void Decode_CorruptStringLength_FailsBeforeAllocatingIt(byte[] length, AvroErrorKind kind, string message)
    {
        using var services = AvroServices.Build();
        var codec = services.Codec<ActionRecord>();
        var header = codec.Encode(s_action)[..10];

        var error = Assert.Throws<AvroSerializationException>(() => codec.Decode([.. header, .. length, (byte)'x', (byte)'y']));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EverySingleByteFlipOfARecord_ReadsOrFailsWithAvroSerializationException()
    {
        using var services = AvroServices.Build();
        var codec = services.Codec<ActionRecord>();
        var bytes = codec.Encode(s_action);

        var rejected = new List<int>();
        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = bytes.ToArray();
            damaged[i] ^= 0xFF;
            try
            {
                codec.Decode(damaged);
            }
            catch (AvroSerializationException)
            {
                // The one acceptable failure: a clear, dead-letterable error; anything else fails the test.
                rejected.Add(i);
            }
        }

        Assert.Subset(rejected.ToHashSet(), Enumerable.Range(0, 10).ToHashSet());
    }
}
