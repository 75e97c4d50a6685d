using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ambient.Kafka.Consumers;

/// <summary>The consumer engine's spans (OpenTelemetry messaging conventions) and metrics.</summary>
public static class ConsumerTelemetry
{
    /// <summary>Name of the ActivitySource and Meter.</summary>
    public const string Name = "Ambient.Kafka";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter s_meter = new(Name);

    internal static readonly Counter<long> Processed = s_meter.CreateCounter<long>(
        "ambient.events.processed", "{event}", "Events processed, by consumer group and result (completed, ignored, skipped, dead-lettered).");

    internal static readonly Counter<long> Retries = s_meter.CreateCounter<long>(
        "ambient.events.retries", "{attempt}", "Processing attempts that failed and were retried.");
}
