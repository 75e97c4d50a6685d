using Ambient.Governance.State;

namespace Ambient.Supervisor.Agents;

/// <summary>
/// The policy set versions that came into force while this console ran, newest first (the last
/// <see cref="MaxVersions"/>). The governance topic is compacted, so only the set in force survives a restart; the
/// audit keeps which version decided each call.
/// </summary>
internal sealed class PolicyHistory(GovernanceView governance, TimeProvider time) : BackgroundService
{
    /// <summary>How many versions are kept.</summary>
    public const int MaxVersions = 50;

    private volatile IReadOnlyList<PolicyVersion> _versions = [];

    /// <summary>The versions seen, newest first.</summary>
    public IReadOnlyList<PolicyVersion> Versions => _versions;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var state = governance.State;
        while (!stoppingToken.IsCancellationRequested)
        {
            // The signal is taken before reading, so a change in between is not missed.
            var changed = state.Changed;
            var policies = state.Current.Policies;
            if (_versions.Count == 0 || _versions[0].Version != policies.Version)
            {
                _versions = [new PolicyVersion(policies.Version, time.GetUtcNow(), [.. policies.Documents.Select(d => d.Name)]), .. _versions.Take(MaxVersions - 1)];
            }

            await changed.WaitAsync(stoppingToken);
        }
    }
}

/// <summary>A policy set version, when this console saw it come into force, and its policies' names.</summary>
internal sealed record PolicyVersion(string Version, DateTimeOffset Since, IReadOnlyList<string> Policies);
