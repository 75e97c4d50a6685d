using Ambient.Bench.Measurements;

namespace Ambient.Bench.Workloads;

/// <summary>The same three phases, implemented once per system under test.</summary>
internal interface IWorkload : IAsyncDisposable
{
    /// <summary>Name of the system in the report.</summary>
    string Name { get; }

    /// <summary>Writes <see cref="BenchOptions.Records"/> records to a new stream and waits for every acknowledgement.</summary>
    Task<ThroughputResult> ProduceAsync(string stream, BenchOptions options, CancellationToken cancellationToken);

    /// <summary>Reads every record of <paramref name="stream"/> with a new consumer group, acknowledging as it goes.</summary>
    Task<ConsumeResult> ConsumeAsync(string stream, BenchOptions options, CancellationToken cancellationToken);

    /// <summary>Sends at a fixed rate to a new stream while a consumer measures produce→consume latency.</summary>
    Task<LatencyResult> MeasureLatencyAsync(string stream, BenchOptions options, CancellationToken cancellationToken);

    /// <summary>Removes a stream the bench created, so the next phase starts from the same state.</summary>
    Task DeleteAsync(string stream, CancellationToken cancellationToken);
}
