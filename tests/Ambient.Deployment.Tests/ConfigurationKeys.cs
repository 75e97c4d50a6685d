using System.Collections;
using System.Reflection;
using Ambient.Abstractions.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Consumers;
using Ambient.Runtime.Schedules;
using Ambient.Worker;
using Ambient.Worker.Health;

namespace Ambient.Deployment.Tests;

/// <summary>
/// The configuration keys Ambient's executables read, taken from the options classes themselves (section constant +
/// property names), so a manifest or compose file that sets a misspelt or removed key fails a test.
/// </summary>
internal static class ConfigurationKeys
{
    private static readonly Type[] s_options =
        [typeof(AmbientKafkaOptions), typeof(AmbientTopics), typeof(AmbientWorkerOptions), typeof(WorkerHealthOptions), typeof(EventConsumerOptions), typeof(WeeklyDigestOptions)];

    /// <summary>Keys of components still being built (gateway, schema registry): move them to <see cref="s_options"/> when their options exist.</summary>
    private static readonly string[] s_planned =
    [
        "Ambient:Gateway:GitHub:Secret",
        "Ambient:Gateway:Slack:SigningSecret",
        "Ambient:Gateway:Alertmanager:Token",
        "Ambient:Gateway:PublishToken",
        "Ambient:SchemaRegistry:Url",
    ];

    /// <summary>Variables read by .NET, ASP.NET Core, OpenTelemetry or an agent's <c>apiKeyEnv</c> rather than Ambient's options.</summary>
    private static readonly string[] s_platformVariables =
        ["DOTNET_SHUTDOWNTIMEOUTSECONDS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS", "OPENAI_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT"];

    /// <summary>Why an environment variable name is not something Ambient reads, or null when it is.</summary>
    public static string? Problem(string variable)
    {
        if (!variable.StartsWith("Ambient__", StringComparison.Ordinal))
        {
            return s_platformVariables.Contains(variable, StringComparer.Ordinal) ? null : $"{variable} is neither an Ambient key nor a known platform variable";
        }

        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        return Known().Any(pattern => Matches(pattern, key)) ? null : $"{variable} ({key}) matches no Ambient configuration key";
    }

    /// <summary>Every key pattern; <c>*</c> is one free segment (a librdkafka setting or a list index).</summary>
    public static IEnumerable<string> Known()
    {
        foreach (var type in s_options)
        {
            var section = (string)type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var isCollection = property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType);
                yield return isCollection ? $"{section}:{property.Name}:*" : $"{section}:{property.Name}";
            }
        }

        foreach (var key in s_planned)
        {
            yield return key;
        }
    }

    private static bool Matches(string pattern, string key)
    {
        var (patternParts, keyParts) = (pattern.Split(':'), key.Split(':'));
        return patternParts.Length == keyParts.Length
            && patternParts.Zip(keyParts).All(p => p.First == "*" || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }
}
