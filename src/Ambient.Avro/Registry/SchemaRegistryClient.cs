using System.Collections.Concurrent;
using System.Globalization;
using Avro;
using Confluent.SchemaRegistry;
using AvroSchema = Avro.Schema;

namespace Ambient.Avro.Registry;

/// <summary>
/// Ambient's view of a Confluent-compatible Schema Registry (Confluent's, or Apicurio at <c>/apis/ccompat/v7</c>):
/// register, look up, fetch by id, check compatibility. The HTTP work and its caching are Confluent's
/// <see cref="CachedSchemaRegistryClient"/>; this class adds Avro schemas in and out, cancellation, and errors in
/// Ambient's terms (<see cref="SchemaRegistryException"/>, a dependency failure worth retrying).
/// </summary>
public sealed class SchemaRegistryClient : IDisposable
{
    private readonly CachedSchemaRegistryClient _registry;

    // Confluent caches the schema text by id; parsing it on every record read would cost more than the lookup saved.
    private readonly ConcurrentDictionary<int, AvroSchema> _parsedById = new();
    private readonly int _maxCachedSchemas;

    /// <summary>A client for the registry at <see cref="SchemaRegistryOptions.Url"/>.</summary>
    /// <exception cref="ArgumentException">No URL is configured.</exception>
    public SchemaRegistryClient(SchemaRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            throw new ArgumentException($"{SchemaRegistryOptions.SectionName}:Url is required for a Schema Registry client.", nameof(options));
        }

        // As Confluent's client does: a trailing slash makes request paths extend the base (Apicurio's /apis/ccompat/v7).
        BaseAddress = new Uri(options.Url.TrimEnd('/') + "/");
        _registry = new CachedSchemaRegistryClient(ConfluentRegistryConfig.From(options));
        _maxCachedSchemas = options.MaxCachedSchemas;
    }

    /// <summary>The registry's base URL.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Registers <paramref name="schema"/> under <paramref name="subject"/> (a no-op if already there) and returns its id.</summary>
    /// <exception cref="SchemaRegistryException">The registry refused (e.g. 409: incompatible with the subject's rule) or could not be reached.</exception>
    public Task<int> RegisterAsync(string subject, AvroSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        // The schema's own JSON, as before: registries compare schemas in canonical form, so the id is the same either way.
        return CallAsync(_registry.RegisterSchemaAsync(subject, schema.ToString()), $"POST subjects/{subject}/versions", cancellationToken);
    }

    /// <summary>The id of <paramref name="schema"/> if it is registered under <paramref name="subject"/>.</summary>
    /// <exception cref="SchemaRegistryException">Not registered (<see cref="SchemaRegistryException.IsNotFound"/>), or the registry could not be reached.</exception>
    public Task<int> LookupAsync(string subject, AvroSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        return CallAsync(_registry.GetSchemaIdAsync(subject, schema.ToString()), $"POST subjects/{subject}", cancellationToken);
    }

    /// <summary>The schema with registry id <paramref name="id"/>.</summary>
    /// <exception cref="SchemaRegistryException">No such id (<see cref="SchemaRegistryException.IsNotFound"/>), or the registry could not be reached.</exception>
    public async Task<AvroSchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
    {
        if (_parsedById.TryGetValue(id, out var known))
        {
            return known;
        }

        var path = string.Create(CultureInfo.InvariantCulture, $"GET schemas/ids/{id}");
        var registered = await CallAsync(_registry.GetSchemaAsync(id), path, cancellationToken).ConfigureAwait(false);
        try
        {
            var parsed = AvroSchema.Parse(registered.SchemaString);
            // Bounded like Confluent's caches: when full, start over.
            if (_parsedById.Count >= _maxCachedSchemas)
            {
                _parsedById.Clear();
            }

            return _parsedById.GetOrAdd(id, parsed);
        }
        catch (SchemaParseException e)
        {
            throw new SchemaRegistryException($"The Schema Registry's schema {id} at {BaseAddress} is not a valid Avro schema: {e.Message}", e);
        }
    }

    /// <summary>Asks the registry whether <paramref name="schema"/> may become the next version of <paramref name="subject"/>.</summary>
    /// <remarks>
    /// A subject with no versions yet accepts any schema. Confluent's client asks for a yes or no, so
    /// <see cref="RegistryCompatibility.Messages"/> stays empty; <c>SchemaCompatibility</c> names the fields at fault.
    /// </remarks>
    /// <exception cref="SchemaRegistryException">The registry refused or could not be reached.</exception>
    public async Task<RegistryCompatibility> CheckCompatibilityAsync(string subject, AvroSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        try
        {
            var compatible = await CallAsync(_registry.IsCompatibleAsync(subject, schema.ToString()), $"POST compatibility/subjects/{subject}/versions/latest", cancellationToken)
                .ConfigureAwait(false);
            return new RegistryCompatibility(compatible, []);
        }
        catch (SchemaRegistryException e) when (e.IsNotFound)
        {
            return new RegistryCompatibility(true, []);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _registry.Dispose();

    // Confluent's client takes no token: a caller that gives up stops waiting at once, and the request itself ends
    // within RequestTimeout.
    private async Task<T> CallAsync<T>(Task<T> call, string request, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RegistryFailure.From(e, BaseAddress, request, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }
}
