namespace Ambient.Kubernetes.Resources;

/// <summary>
/// How long a worker may take to stop: grace period &gt; host shutdown &gt; drain &gt; the agent's run timeout, so a run in
/// flight on SIGTERM finishes and commits instead of being redone by the next owner of its partition.
/// </summary>
internal sealed record WorkerTimings(TimeSpan Drain, TimeSpan HostShutdown, TimeSpan GracePeriod)
{
    public static WorkerTimings For(int runTimeoutSeconds) => new(
        TimeSpan.FromSeconds(runTimeoutSeconds + 5), TimeSpan.FromSeconds(runTimeoutSeconds + 15), TimeSpan.FromSeconds(runTimeoutSeconds + 30));
}
