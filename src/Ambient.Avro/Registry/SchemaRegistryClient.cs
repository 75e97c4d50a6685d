using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Avro;

namespace Ambient.Avro.Registry;

/// <summary>
/// A client for the Confluent Schema Registry REST API (also served by Apicurio at <c>/apis/ccompat/v7</c>): register,
/// look up, fetch by id, check compatibility. Ids and schemas never change once assigned, so both are cached for
/// the life of the process; failed requests are not cached.
/// </summary>
public sealed class SchemaRegistryClient : IDisposable
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";

    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<int, Lazy<Task<Schema>>> _schemasById = new();
    private readonly ConcurrentDictionary<(string Subject, string Schema, bool Register), Lazy<Task<int>>> _ids = new();

    /// <summary>A client for the registry at <see cref="SchemaRegistryOptions.Url"/>.</summary>
    /// <exception cref="ArgumentException">No URL is configured.</exception>
    public SchemaRegistryClient(SchemaRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            throw new ArgumentException($"{SchemaRegistryOptions.SectionName}:Url is required for a Schema Registry client.", nameof(options));
        }

        // A trailing slash makes relative paths extend the base (Apicurio's /apis/ccompat/v7) instead of replacing its last segment.
        BaseAddress = new Uri(options.Url.EndsWith('/') ? options.Url : options.Url + "/");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = BaseAddress,
            Timeout = options.RequestTimeout,
        };
        _http.DefaultRequestHeaders.Accept.ParseAdd(MediaType);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        if (options.BasicAuthUserInfo is { } userInfo)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        }
    }

    /// <summary>The registry's base URL.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Registers <paramref name="schema"/> under <paramref name="subject"/> (a no-op if already there) and returns its id.</summary>
    /// <exception cref="SchemaRegistryException">The registry refused (e.g. 409: incompatible with the subject's rule) or could not be reached.</exception>
    public Task<int> RegisterAsync(string subject, Schema schema, CancellationToken cancellationToken = default) =>
        IdAsync(subject, schema, register: true, cancellationToken);

    /// <summary>The id of <paramref name="schema"/> if it is registered under <paramref name="subject"/>.</summary>
    /// <exception cref="SchemaRegistryException">Not registered (<see cref="SchemaRegistryException.IsNotFound"/>), or the registry could not be reached.</exception>
    public Task<int> LookupAsync(string subject, Schema schema, CancellationToken cancellationToken = default) =>
        IdAsync(subject, schema, register: false, cancellationToken);

    /// <summary>The schema with registry id <paramref name="id"/>.</summary>
    /// <exception cref="SchemaRegistryException">No such id (<see cref="SchemaRegistryException.IsNotFound"/>), or the registry could not be reached.</exception>
    public Task<Schema> GetSchemaAsync(int id, CancellationToken cancellationToken = default) =>
        Cached(_schemasById, id, () => FetchSchemaAsync(id, cancellationToken));

    /// <summary>Asks the registry whether <paramref name="schema"/> may become the next version of <paramref name="subject"/>.</summary>
    /// <remarks>A subject with no versions yet accepts any schema.</remarks>
    /// <exception cref="SchemaRegistryException">The registry refused or could not be reached.</exception>
    public async Task<RegistryCompatibility> CheckCompatibilityAsync(string subject, Schema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var path = $"compatibility/subjects/{Uri.EscapeDataString(subject)}/versions/latest?verbose=true";
        try
        {
            var answer = await SendAsync<RegistryJson.CompatibilityResponse>(HttpMethod.Post, path, new RegistryJson.SchemaRequest(schema.ToString()), cancellationToken)
                .ConfigureAwait(false);
            return new RegistryCompatibility(
                answer.IsCompatible ?? throw Malformed(path, "is_compatible"),
                answer.Messages ?? []);
        }
        catch (SchemaRegistryException e) when (e.IsNotFound)
        {
            return new RegistryCompatibility(true, []);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private Task<int> IdAsync(string subject, Schema schema, bool register, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        var text = schema.ToString();
        return Cached(_ids, (subject, text, register), async () =>
        {
            var path = register ? $"subjects/{Uri.EscapeDataString(subject)}/versions" : $"subjects/{Uri.EscapeDataString(subject)}";
            var answer = await SendAsync<RegistryJson.IdResponse>(HttpMethod.Post, path, new RegistryJson.SchemaRequest(text), cancellationToken).ConfigureAwait(false);
            return answer.Id ?? throw Malformed(path, "id");
        });
    }

    private async Task<Schema> FetchSchemaAsync(int id, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"schemas/ids/{id}");
        var answer = await SendAsync<RegistryJson.SchemaResponse>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        try
        {
            return Schema.Parse(answer.Schema ?? throw Malformed(path, "schema"));
        }
        catch (SchemaParseException e)
        {
            throw new SchemaRegistryException($"The Schema Registry's schema {id} at {BaseAddress}{path} is not a valid Avro schema: {e.Message}", e);
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, RegistryJson.SchemaRequest? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, mediaType: new MediaTypeHeaderValue(MediaType));
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(method, path, response, cancellationToken).ConfigureAwait(false);
            }

            return await response.Content.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false) ?? throw Malformed(path, "a body");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SchemaRegistryException($"The Schema Registry at {BaseAddress} could not answer {method} {path}: {e.Message}", e);
        }
    }

    private async Task<SchemaRegistryException> ErrorAsync(HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        RegistryJson.ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize<RegistryJson.ErrorResponse>(text);
        }
        catch (JsonException)
        {
            // Not the registry's error body (a proxy's page, say): quote the text instead.
        }

        var detail = error?.Message ?? (text.Length > 200 ? text[..200] + "…" : text);
        var code = error?.ErrorCode is { } errorCode ? string.Create(CultureInfo.InvariantCulture, $" (error {errorCode})") : "";
        return new SchemaRegistryException(
            $"The Schema Registry at {BaseAddress} answered {method} {path} with {(int)response.StatusCode} {response.StatusCode}{code}: {detail}",
            response.StatusCode,
            error?.ErrorCode);
    }

    private SchemaRegistryException Malformed(string path, string what) =>
        new($"The Schema Registry at {BaseAddress} answered {path} without {what}: is this a Confluent-compatible registry?", HttpStatusCode.OK, null);

    // Concurrent callers share one request; a failed one is forgotten so the next caller retries.
    private static async Task<TValue> Cached<TKey, TValue>(ConcurrentDictionary<TKey, Lazy<Task<TValue>>> cache, TKey key, Func<Task<TValue>> fetch)
        where TKey : notnull
    {
        var entry = cache.GetOrAdd(key, _ => new Lazy<Task<TValue>>(fetch));
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, entry));
            throw;
        }
    }
}
