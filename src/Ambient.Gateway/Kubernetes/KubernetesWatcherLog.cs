namespace Ambient.Gateway.Kubernetes;

/// <summary>Log messages of the Kubernetes event watcher.</summary>
internal static partial class KubernetesWatcherLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Count} Kubernetes events in {Scope}; watching from resourceVersion {ResourceVersion}")]
    public static partial void Listed(this ILogger logger, int count, string scope, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching Kubernetes events in {Scope} failed, reconnecting: {Reason}")]
    public static partial void WatchFailed(this ILogger logger, string scope, string reason);
}
