using Ambient.Avro.Mapping;
using Ambient.Avro.Serialization;
using Avro;
using Avro.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Avro.Tests;

/// <summary>Codecs as a host gets them: through <c>AddAmbientAvro</c> and configuration.</summary>
internal static class AvroServices
{
    /// <summary>
    /// A provider writing single-object encoding, or the Confluent format when <paramref name="registryUrl"/> is given;
    /// <paramref name="registrySettings"/> are more keys of <c>Ambient:SchemaRegistry</c> (e.g. <c>RequestTimeout</c>).
    /// </summary>
    public static ServiceProvider Build(string? registryUrl = null, bool autoRegister = true, IReadOnlyDictionary<string, string>? registrySettings = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ambient:SchemaRegistry:Url"] = registryUrl,
            ["Ambient:SchemaRegistry:AutoRegisterSchemas"] = autoRegister ? "true" : "false",
        };
        foreach (var (key, value) in registrySettings ?? new Dictionary<string, string>())
        {
            settings["Ambient:SchemaRegistry:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddAmbientAvro(configuration).BuildServiceProvider(validateScopes: true);
    }

    public static AvroRecordCodec<T> Codec<T>(this ServiceProvider services) => services.GetRequiredService<AvroRecordCodec<T>>();

    /// <summary>A codec of generic records read as <paramref name="readerSchema"/>.</summary>
    public static AvroRecordCodec<GenericRecord> GenericCodec(this ServiceProvider services, RecordSchema readerSchema) =>
        ActivatorUtilities.CreateInstance<AvroRecordCodec<GenericRecord>>(services, new GenericRecordAvroMapper(readerSchema));

    public static IEnumerable<string?> Formats(FakeSchemaRegistry registry) => [null, registry.Url];
}
