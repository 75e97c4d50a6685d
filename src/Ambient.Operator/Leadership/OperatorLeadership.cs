using Ambient.Operator.Cluster;
using Ambient.Operator.Reconciling;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace Ambient.Operator.Leadership;

/// <summary>
/// Two replicas never both reconcile: they compete for a coordination.k8s.io Lease (<see cref="OperatorOptions.LeaseName"/>)
/// and only its holder runs the <see cref="AgentController"/>. A leader that cannot renew in time stops; a standby takes
/// over once the lease runs out.
/// </summary>
internal sealed partial class OperatorLeadership(KubernetesJson api, AgentController controller, OperatorOptions options, ILogger<OperatorLeadership> logger)
    : BackgroundService
{
    private volatile bool _leading;

    /// <summary>True while this replica holds the lease and reconciles.</summary>
    public bool Leading => _leading;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (ns, identity) = (options.ResolveNamespace(), options.ResolveIdentity());
        var lease = new LeaseLock(api.Client, ns, options.LeaseName, identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(lease)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        CancellationTokenSource? term = null;
        Task running = Task.CompletedTask;
        elector.OnStartedLeading += () =>
        {
            term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _leading = true;
            LogLeading(logger, identity, ns);
            running = controller.RunAsync(ns, term.Token);
        };
        elector.OnStoppedLeading += () =>
        {
            _leading = false;
            term?.Cancel();
            LogStopped(logger, identity);
        };
        elector.OnError += ex => LogLeaseError(logger, ex.Message);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the lease runs out and a standby takes over.
        }
        finally
        {
            _leading = false;
            term?.Cancel();
            await running;
            term?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator {Identity} leads: it reconciles the Agents of namespace {Namespace}")]
    private static partial void LogLeading(ILogger logger, string identity, string @namespace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator {Identity} no longer leads: it stops reconciling")]
    private static partial void LogStopped(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election: {Problem}")]
    private static partial void LogLeaseError(ILogger logger, string problem);
}
