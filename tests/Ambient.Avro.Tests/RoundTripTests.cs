using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace Ambient.Avro.Tests;

public sealed class RoundTripTests(FakeSchemaRegistry registry) : IClassFixture<FakeSchemaRegistry>
{
    public static TheoryData<string, AvroWireFormat> EverySchemaInEveryFormat()
    {
        var data = new TheoryData<string, AvroWireFormat>();
        foreach (var name in RepoSchemas.Names)
        {
            data.Add(name, AvroWireFormat.SingleObject);
            data.Add(name, AvroWireFormat.Confluent);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EverySchemaInEveryFormat))]
    public async Task EncodeDecode_FullyPopulatedRecord_ReadsBackEqual(string name, AvroWireFormat format)
    {
        using var services = AvroServices.Build(UrlFor(format));
        var codec = services.GenericCodec(AmbientSchemas.Get(name));
        var written = SampleData.For(AmbientSchemas.Get(name));

        var bytes = await codec.EncodeAsync(written, TestContext.Current.CancellationToken);
        var read = await codec.DecodeAsync(bytes, TestContext.Current.CancellationToken);

        Assert.Equal(format, codec.WireFormat);
        Assert.Equal(SampleData.Render(written), SampleData.Render(read));
    }

    [Theory]
    [MemberData(nameof(EverySchemaInEveryFormat))]
    public async Task Encode_Body_DecodesWithPlainGenericDatumReaderGivenOnlyTheAvscFile(string name, AvroWireFormat format)
    {
        using var services = AvroServices.Build(UrlFor(format));
        var written = SampleData.For(AmbientSchemas.Get(name));
        var bytes = await services.GenericCodec(AmbientSchemas.Get(name)).EncodeAsync(written, TestContext.Current.CancellationToken);

        // What a consumer outside Ambient does: strip the documented header, read the body with the .avsc file alone.
        var fileSchema = Schema.Parse(RepoSchemas.Text(name));
        var header = format == AvroWireFormat.SingleObject ? 10 : 5;
        using var body = new MemoryStream(bytes, header, bytes.Length - header);
        var read = new GenericDatumReader<GenericRecord>(fileSchema, fileSchema).Read(null!, new BinaryDecoder(body));

        Assert.Equal(body.Length, body.Position);
        Assert.Equal(SampleData.Render(written), SampleData.Render(read));
    }

    [Fact]
    public async Task Encode_SingleObject_StartsWithMarkerAndFingerprint()
    {
        using var services = AvroServices.Build();
        var schema = AmbientSchemas.Checkpoint;

        var bytes = await services.GenericCodec(schema).EncodeAsync(SampleData.For(schema), TestContext.Current.CancellationToken);

        Assert.Equal([0xC3, 0x01, .. SchemaFingerprint.BytesOf(schema)], bytes[..10]);
    }

    [Fact]
    public async Task Encode_Confluent_StartsWithMagicZeroAndTheRegisteredIdBigEndian()
    {
        using var services = AvroServices.Build(registry.Url);
        var schema = AmbientSchemas.AuditRecord;

        var bytes = await services.GenericCodec(schema).EncodeAsync(SampleData.For(schema), TestContext.Current.CancellationToken);
        using var client = new Registry.SchemaRegistryClient(new() { Url = registry.Url });
        var id = await client.LookupAsync("io.ambient.v1.AuditRecord", schema, TestContext.Current.CancellationToken);

        Assert.Equal(0, bytes[0]);
        Assert.Equal(id, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
    }

    private string? UrlFor(AvroWireFormat format) => format == AvroWireFormat.Confluent ? registry.Url : null;
}
