using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Avro.Mapping;
using Ambient.Avro.Registry;
using Ambient.Avro.Serialization;
using Ambient.Avro.Wire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Ambient's Avro serialization.</summary>
public static class AmbientAvroServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AvroRecordCodec{T}"/>, <see cref="AvroKafkaSerializer{T}"/> and <see cref="AvroKafkaDeserializer{T}"/>
    /// for every type with an <see cref="IAvroRecordMapper{T}"/> (<c>ActionRecord</c>, <c>AuditRecord</c>, <c>Checkpoint</c> and <c>RunHead</c> built in), the same codecs as <see cref="IRecordCodec{T}"/>, and the <see cref="CheckpointCodec"/>, writing the
    /// Confluent wire format when <c>Ambient:SchemaRegistry:Url</c> is set and single-object encoding otherwise.
    /// Idempotent; add mappers of other types with <c>TryAddSingleton&lt;IAvroRecordMapper&lt;T&gt;, TMapper&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddAmbientAvro(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SchemaRegistryOptions>().Bind(configuration.GetSection(SchemaRegistryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchemaRegistryOptions>, SchemaRegistryOptionsValidator>());

        services.TryAddSingleton<AvroSchemaStore>();
        // Resolved only when a registry URL is configured; owns Confluent's client, its caches and connections: one per process.
        services.TryAddSingleton(provider => new SchemaRegistryClient(provider.GetRequiredService<IOptions<SchemaRegistryOptions>>().Value));
        services.TryAddSingleton<IAvroFraming>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SchemaRegistryOptions>>().Value;
            var registry = string.IsNullOrWhiteSpace(options.Url) ? null : provider.GetRequiredService<SchemaRegistryClient>();
            return new AvroFraming(provider.GetRequiredService<AvroSchemaStore>(), registry, options.AutoRegisterSchemas);
        });

        services.TryAddSingleton<IAvroRecordMapper<ActionRecord>, ActionRecordAvroMapper>();
        services.TryAddSingleton<IAvroRecordMapper<AuditRecord>, AuditRecordAvroMapper>();
        services.TryAddSingleton<IAvroRecordMapper<A2aMessage>, A2aMessageAvroMapper>();
        services.TryAddSingleton<IAvroRecordMapper<A2aTaskStatusUpdate>, A2aStatusUpdateAvroMapper>();
        services.TryAddSingleton<IAvroRecordMapper<A2aArtifactUpdate>, A2aArtifactUpdateAvroMapper>();
        services.TryAddSingleton<IAvroRecordMapper<A2aAgentCard>, A2aAgentCardAvroMapper>();
        services.TryAddSingleton<IAvroRecordMapper<A2aTask>, A2aTaskAvroMapper>();
        services.TryAddSingleton<IAvroRecordMapper<Checkpoint>, CheckpointAvroMapper>();
        services.TryAddSingleton<IAvroRecordMapper<RunHead>, RunHeadAvroMapper>();
        services.TryAddSingleton(typeof(AvroRecordCodec<>));
        // The runtime's view of the same codecs: it depends on the contract only (see IRecordCodec).
        services.TryAddSingleton(typeof(IRecordCodec<>), typeof(AvroRecordCodec<>));
        services.TryAddSingleton(provider => new CheckpointCodec(
            provider.GetRequiredService<IRecordCodec<Checkpoint>>(), provider.GetRequiredService<IRecordCodec<RunHead>>()));
        services.TryAddSingleton(typeof(AvroKafkaSerializer<>));
        services.TryAddSingleton(typeof(AvroKafkaDeserializer<>));
        return services;
    }
}
