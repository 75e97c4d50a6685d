namespace Ambient.Bench.Runtime;

/// <summary>One side of the comparison: something that consumes the events topic in a group of its own and writes outputs.</summary>
internal interface IPipeline
{
    /// <summary>Name of the side in the report.</summary>
    string Name { get; }

    /// <summary>Creates what one measured run needs (output topics, agent files), before the clock starts.</summary>
    Task<PreparedRun> PrepareAsync(string eventsTopic, int events, string runId, CancellationToken cancellationToken);
}
