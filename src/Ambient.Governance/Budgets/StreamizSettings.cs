using System.Globalization;
using System.Reflection;
using Streamiz.Kafka.Net;

namespace Ambient.Governance.Budgets;

/// <summary>
/// Hands the host's pass-through Kafka settings (<c>Ambient:Kafka:Consumer:*</c>, text from configuration) to Streamiz,
/// which stores each known setting in a typed property and throws when given text for a number, a flag or an enum
/// (<c>session.timeout.ms = "6000"</c> stopped the worker). Each value is converted to its property's type first.
/// </summary>
internal static class StreamizSettings
{
    private static readonly Dictionary<string, Type> s_typeOf = TypesOfKnownSettings();

    public static void Add(StreamConfig config, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AddConfig(key, s_typeOf.TryGetValue(key, out var type) ? Convert(key, value, type) : value);
    }

    private static object Convert(string key, string value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return target switch
            {
                _ when target == typeof(string) => value,
                _ when target == typeof(bool) => bool.Parse(value),
                // librdkafka's enum values are snake case (sasl_ssl, SCRAM-SHA-512); .NET's are Pascal case.
                { IsEnum: true } => Enum.Parse(target, value.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true),
                _ => System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or InvalidCastException)
        {
            throw new InvalidOperationException($"Ambient:Kafka:Consumer:{key} = '{value}' is not a {target.Name}, which the budget ledger's Kafka client needs.", ex);
        }
    }

    // Streamiz marks each typed setting with its Kafka name; read by name, the attribute is not public API.
    private static Dictionary<string, Type> TypesOfKnownSettings()
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var property in typeof(StreamConfig).GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            var name = property.CustomAttributes.FirstOrDefault(a => a.AttributeType.Name == "StreamConfigPropertyAttribute")?.ConstructorArguments.FirstOrDefault().Value as string;
            if (name is not null)
            {
                types[name] = property.PropertyType;
            }
        }

        return types;
    }
}
