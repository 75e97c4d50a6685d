using System.Collections.Concurrent;
using System.Net;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Delivery;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Kubernetes;

/// <summary>
/// Lists, then watches, core/v1 Events (all namespaces or each configured one) and publishes those of the configured
/// types through <see cref="EventIngress"/>, so they are de-duplicated and acknowledged like webhooks. A dropped
/// watch resumes from the last resourceVersion seen (bookmarks included); an expired one (410 Gone) lists again,
/// and the de-duplication memory absorbs what the new list repeats. An event not acknowledged by Kafka is retried
/// before the watch moves past it.
/// </summary>
internal sealed class KubernetesEventWatcher(
    EventIngress ingress,
    GatewayTopics topics,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<KubernetesEventWatcher> logger) : BackgroundService
{
    private const string AllNamespaces = "";
    private readonly KubernetesWatcherOptions _watcher = options.Value.Kubernetes;

    /// <summary>The last resourceVersion seen per namespace ("" = all), where a reconnect resumes.</summary>
    public ConcurrentDictionary<string, string> ResourceVersions { get; } = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = KubernetesClientFactory.Create(_watcher);
        string[] scopes = _watcher.Namespaces.Length == 0 ? [AllNamespaces] : _watcher.Namespaces;
        await Task.WhenAll(scopes.Select(scope => RunAsync(client, scope, stoppingToken)));
    }

    private async Task RunAsync(k8s.Kubernetes client, string scope, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!ResourceVersions.ContainsKey(scope))
                {
                    await ListAsync(client, scope, stoppingToken);
                }

                await WatchAsync(client, scope, stoppingToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Gone)
            {
                ResourceVersions.TryRemove(scope, out _);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.WatchFailed(Describe(scope), ex.Message);
                await Task.Delay(_watcher.ReconnectDelay, time, stoppingToken);
            }
        }
    }

    private async Task ListAsync(k8s.Kubernetes client, string scope, CancellationToken stoppingToken)
    {
        var list = scope == AllNamespaces
            ? await client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: FieldSelector(), cancellationToken: stoppingToken)
            : await client.CoreV1.ListNamespacedEventAsync(scope, fieldSelector: FieldSelector(), cancellationToken: stoppingToken);
        foreach (var item in list.Items)
        {
            await PublishAsync(item, stoppingToken);
        }

        var resourceVersion = list.Metadata.ResourceVersion;
        ResourceVersions[scope] = resourceVersion;
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Listed(list.Items.Count, Describe(scope), resourceVersion);
        }
    }

    private async Task WatchAsync(k8s.Kubernetes client, string scope, CancellationToken stoppingToken)
    {
        var expired = false;
        var resourceVersion = ResourceVersions[scope];
        void OnError(Exception error) => expired |= IsExpired(error);
        var events = scope == AllNamespaces
            ? client.CoreV1.WatchListEventForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: FieldSelector(), resourceVersion: resourceVersion, onError: OnError, cancellationToken: stoppingToken)
            : client.CoreV1.WatchListNamespacedEventAsync(scope, allowWatchBookmarks: true, fieldSelector: FieldSelector(), resourceVersion: resourceVersion, onError: OnError, cancellationToken: stoppingToken);
        await foreach (var (type, item) in events)
        {
            if (type is WatchEventType.Added or WatchEventType.Modified)
            {
                await PublishAsync(item, stoppingToken);
            }

            if (type is not WatchEventType.Error && item?.Metadata?.ResourceVersion is { Length: > 0 } seen)
            {
                ResourceVersions[scope] = seen;
            }
        }

        if (expired)
        {
            ResourceVersions.TryRemove(scope, out _);
        }
    }

    private async Task PublishAsync(Corev1Event item, CancellationToken stoppingToken)
    {
        if (!_watcher.Types.Contains(item.Type, StringComparer.Ordinal))
        {
            return;
        }

        var gatewayEvent = KubernetesEventMapper.Map(item, topics.Names.ClusterEvents, time.GetUtcNow());
        while (await ingress.DeliverAsync([gatewayEvent], options.Value.PublishTimeout, stoppingToken) is DeliveryOutcome.Unavailable or DeliveryOutcome.Refused)
        {
            // Kafka did not acknowledge: hold the watch here rather than skip the event.
            await Task.Delay(options.Value.RetryAfter, time, stoppingToken);
        }
    }

    private string? FieldSelector() => _watcher.Types.Length == 1 ? $"type={_watcher.Types[0]}" : null;

    private static bool IsExpired(Exception error) => error is KubernetesException { Status.Code: (int)HttpStatusCode.Gone };

    private static string Describe(string scope) => scope == AllNamespaces ? "all namespaces" : $"namespace {scope}";
}
