using System.Collections.Frozen;
using System.Globalization;
using Avro;

namespace Ambient.Avro.Schemas;

/// <summary>
/// The schemas of <c>schemas/*.avsc</c> (embedded in this assembly at build time, so the folder stays their
/// only source) and their released versions from <c>schemas/history/&lt;Name&gt;.v&lt;N&gt;.avsc</c>.
/// </summary>
public static class AmbientSchemas
{
    /// <summary>The Avro namespace of every Ambient schema.</summary>
    public const string Namespace = "io.ambient.v1";

    private const string CurrentPrefix = "schemas/";
    private const string HistoryPrefix = "schemas/history/";

    private static readonly Lazy<FrozenDictionary<string, RecordSchema>> s_current = new(LoadCurrent);
    private static readonly Lazy<IReadOnlyList<ReleasedSchema>> s_history = new(LoadHistory);

    /// <summary>Today's schemas by record name (<c>ActionRecord</c>, <c>Checkpoint</c>, ...).</summary>
    public static IReadOnlyDictionary<string, RecordSchema> Current => s_current.Value;

    /// <summary>Every released version of every schema, oldest first per name.</summary>
    public static IReadOnlyList<ReleasedSchema> History => s_history.Value;

    /// <summary><c>io.ambient.v1.ActionRecord</c>.</summary>
    public static RecordSchema ActionRecord => Get("ActionRecord");

    /// <summary><c>io.ambient.v1.AuditRecord</c>.</summary>
    public static RecordSchema AuditRecord => Get("AuditRecord");

    /// <summary><c>io.ambient.v1.Checkpoint</c>.</summary>
    public static RecordSchema Checkpoint => Get("Checkpoint");

    /// <summary><c>io.ambient.v1.RunHead</c>.</summary>
    public static RecordSchema RunHead => Get("RunHead");

    /// <summary>Today's schema named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No <c>schemas/&lt;name&gt;.avsc</c> exists.</exception>
    public static RecordSchema Get(string name) =>
        Current.TryGetValue(name, out var schema)
            ? schema
            : throw new KeyNotFoundException($"There is no schema '{name}' in schemas/; known: {string.Join(", ", Current.Keys.Order(StringComparer.Ordinal))}.");

    private static FrozenDictionary<string, RecordSchema> LoadCurrent() =>
        Resources(CurrentPrefix)
            .Where(name => !name.StartsWith(HistoryPrefix, StringComparison.Ordinal))
            .Select(name => Parse(name))
            .ToFrozenDictionary(schema => schema.Name, StringComparer.Ordinal);

    private static List<ReleasedSchema> LoadHistory() =>
        [.. Resources(HistoryPrefix)
            .Select(resource =>
            {
                // <Name>.v<N>.avsc: the version is the number after the last ".v".
                var file = resource[HistoryPrefix.Length..^".avsc".Length];
                var dot = file.LastIndexOf(".v", StringComparison.Ordinal);
                if (dot < 0 || !int.TryParse(file[(dot + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    throw new InvalidOperationException($"'{resource}' is not named <Name>.v<N>.avsc.");
                }

                return new ReleasedSchema(file[..dot], version, Parse(resource));
            })
            .OrderBy(released => released.Name, StringComparer.Ordinal)
            .ThenBy(released => released.Version)];

    private static IEnumerable<string> Resources(string prefix) =>
        typeof(AmbientSchemas).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".avsc", StringComparison.Ordinal));

    private static RecordSchema Parse(string resource)
    {
        using var stream = typeof(AmbientSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded schema '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        try
        {
            return Schema.Parse(reader.ReadToEnd()) as RecordSchema
                ?? throw new InvalidOperationException($"{resource} is not an Avro record schema.");
        }
        catch (SchemaParseException e)
        {
            throw new InvalidOperationException($"{resource} is not a valid Avro schema: {e.Message}", e);
        }
    }
}
