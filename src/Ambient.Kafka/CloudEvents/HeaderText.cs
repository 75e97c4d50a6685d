using System.Text;
using Confluent.Kafka;

namespace Ambient.Kafka.CloudEvents;

/// <summary>Reads Kafka header values as the binding requires them: UTF-8 text, each attribute at most once.</summary>
internal static class HeaderText
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The header's value, or null when absent; throws when it repeats or is not UTF-8.</summary>
    public static string? Single(Headers? headers, string name)
    {
        string? value = null;
        foreach (var header in headers ?? [])
        {
            if (string.Equals(header.Key, name, StringComparison.Ordinal))
            {
                value = value is null ? Decode(header) : throw Repeated(name);
            }
        }

        return value;
    }

    /// <summary>The header's value as UTF-8 text; throws when it has none or is not UTF-8.</summary>
    public static string Decode(IHeader header)
    {
        var bytes = header.GetValueBytes() ?? throw new CloudEventFormatException($"Kafka header '{header.Key}' has no value.");
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new CloudEventFormatException($"Kafka header '{header.Key}' is not UTF-8 text, as the CloudEvents Kafka binding requires.", ex);
        }
    }

    public static CloudEventFormatException Repeated(string name) =>
        new($"Kafka header '{name}' appears more than once; a CloudEvent attribute maps to exactly one header.");
}
