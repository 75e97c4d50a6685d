using Ambient.Supervisor.Runs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ambient.Supervisor.Health;

/// <summary>
/// Ready once the <see cref="RunBoard"/> holds every head written before the console started: until then the run list
/// would show a part of the runs as if it were all of them. Says nothing about the runs: the probes answer anyone.
/// </summary>
internal sealed class RunBoardHealthCheck(RunBoard board) : IHealthCheck
{
    /// <summary>The check's name in readiness answers.</summary>
    public const string Name = "runs";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(board.CaughtUp.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy("the checkpoints topic is read")
            : HealthCheckResult.Unhealthy("still reading the checkpoints topic"));
}
