using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Ambient.Operator.Cluster;

/// <summary>
/// The API server as JSON over its REST paths, through KubernetesClient's configured client (in-cluster token, kubeconfig
/// or a URL): the operator handles Strimzi, KEDA and its own Agents, which have no typed models, as it handles the rest.
/// </summary>
internal sealed class KubernetesJson(IKubernetes client, string identity) : IDisposable
{
    /// <summary>The field manager of every apply: the owner of the fields the operator sets.</summary>
    public const string FieldManager = "ambient-operator";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly k8s.Kubernetes _client = (k8s.Kubernetes)client;

    /// <summary>Builds the client for <paramref name="url"/>, else in-cluster, else the kubeconfig.</summary>
    /// <param name="url">The API server; null for in-cluster or the kubeconfig.</param>
    /// <param name="identity">This replica's name, sent in the User-Agent so the API server's audit log tells replicas apart.</param>
    public static KubernetesJson Connect(Uri? url, string identity)
    {
        var configuration = url is not null ? new KubernetesClientConfiguration { Host = url.AbsoluteUri }
            : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildDefaultConfig();
        // Watches stream for minutes: no client-wide timeout; each plain request has its own.
        configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return new KubernetesJson(new k8s.Kubernetes(configuration), identity);
    }

    /// <summary>The client, for KubernetesClient's own leader election.</summary>
    public IKubernetes Client => _client;

    /// <summary>The object at <paramref name="path"/>, or null when there is none.</summary>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, cancellationToken);
    }

    /// <summary>Server-side apply of <paramref name="item"/> at <paramref name="path"/>, taking back fields another manager changed.</summary>
    public async Task<JsonObject> ApplyAsync(string path, JsonObject item, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"{path}?fieldManager={FieldManager}&force=true", item, "application/apply-patch+yaml", cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>Merges <paramref name="status"/> into the status subresource of the object at <paramref name="path"/>.</summary>
    public async Task PatchStatusAsync(string path, JsonObject status, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"{path}/status", new JsonObject { ["status"] = status.DeepClone() }, "application/merge-patch+json", cancellationToken);
    }

    /// <summary>Creates <paramref name="item"/> in the collection at <paramref name="collection"/>.</summary>
    public async Task CreateAsync(string collection, JsonObject item, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, collection, item, "application/json", cancellationToken);
    }

    /// <summary>The collection's objects and the resourceVersion to watch from.</summary>
    public async Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)> ListAsync(string collection, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, collection, null, null, cancellationToken);
        var list = await ReadAsync(response, cancellationToken);
        var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => i.DeepClone().AsObject()).ToList();
        return (items, list["metadata"]?["resourceVersion"]?.ToString() ?? "0");
    }

    /// <summary>
    /// The collection's changes after <paramref name="resourceVersion"/>, until the server ends the watch (at most
    /// <paramref name="timeout"/>). An ERROR (410 Gone: the version is too old) is thrown as a <see cref="KubernetesApiException"/>.
    /// </summary>
    public async IAsyncEnumerable<(string Type, JsonObject Item)> WatchAsync(string collection, string resourceVersion, TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"{collection}?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={(int)Math.Max(1, timeout.TotalSeconds)}";
        using var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken, streaming: true);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 || JsonNode.Parse(line) is not JsonObject change || change["object"] is not JsonObject item)
            {
                continue;
            }

            var type = change["type"]?.ToString() ?? string.Empty;
            if (type == "ERROR")
            {
                var code = item["code"]?.GetValue<int>() ?? 500;
                throw new KubernetesApiException($"watch of {collection}: {item["message"]}", (HttpStatusCode)code);
            }

            yield return (type, item);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, string? mediaType, CancellationToken cancellationToken,
        bool allowNotFound = false, bool streaming = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(_client.BaseUri, path.TrimStart('/')));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType!);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.TryParseAdd($"{FieldManager}/{identity}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!streaming)
        {
            timeout.CancelAfter(RequestTimeout);
        }

        HttpResponseMessage response;
        try
        {
            if (_client.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, timeout.Token);
            }

            response = await _client.HttpClient.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new KubernetesApiException($"{method} {path}: the API server did not answer ({ex.Message})", null, ex);
        }

        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var message = (JsonNode.Parse(text) as JsonObject)?["message"]?.ToString() ?? text;
            throw new KubernetesApiException($"{method} {path.Split('?')[0]}: {(int)response.StatusCode} {message}", response.StatusCode);
        }
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject
        ?? throw new KubernetesApiException($"the API server answered {response.RequestMessage?.RequestUri?.AbsolutePath} with something not a JSON object");
}
