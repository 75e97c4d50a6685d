using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Avro.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Testing;

/// <summary>
/// Decodes the records Ambient writes (actions, audit, checkpoints, run heads) the way a consumer without a
/// Schema Registry does: with the codecs of <c>AddAmbientAvro</c>, reading single-object encoded Avro.
/// </summary>
public static class AmbientRecordReader
{
    private static readonly ServiceProvider s_services =
        new ServiceCollection().AddAmbientAvro(new ConfigurationBuilder().Build()).BuildServiceProvider();

    /// <summary>An action record from <c>ambient.actions</c> (or the shadow topic).</summary>
    public static ActionRecord Action(byte[] value) => Decode<ActionRecord>(value);

    /// <summary>An audit record from <c>ambient.audit</c>.</summary>
    public static AuditRecord Audit(byte[] value) => Decode<AuditRecord>(value);

    /// <summary>A step checkpoint (key <c>runId/stepIndex</c>) from <c>ambient.checkpoints</c>.</summary>
    public static Checkpoint Step(byte[] value) => Decode<Checkpoint>(value);

    /// <summary>A run head (key <c>runId</c>) from <c>ambient.checkpoints</c>.</summary>
    public static RunHead Head(byte[] value) => Decode<RunHead>(value);

    /// <summary>The codecs as the worker has them, for tests that build runners or encode records themselves.</summary>
    public static IServiceProvider Services => s_services;

    private static T Decode<T>(byte[] value) => s_services.GetRequiredService<AvroRecordCodec<T>>().Decode(value);
}
