using System.Collections;
using System.Reflection;
using Ambient.Kafka.Topics;
using Ambient.Avro.Registry;
using Ambient.Executor;
using Ambient.Executor.Execution;
using Ambient.Executor.Targets.GitHub;
using Ambient.Executor.Targets.Kubernetes;
using Ambient.Executor.Targets.Slack;
using Ambient.Gateway.Configuration;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Consumers;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Schedules;
using Ambient.Supervisor.Security;
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
    [
        typeof(AmbientKafkaOptions), typeof(AmbientTopics), typeof(AmbientWorkerOptions), typeof(WorkerHealthOptions), typeof(EventConsumerOptions),
        typeof(WeeklyDigestOptions), typeof(CheckpointOptions), typeof(GatewayOptions), typeof(SchemaRegistryOptions),
        typeof(ExecutorOptions), typeof(ExecutorHealthOptions), typeof(GitHubTargetOptions), typeof(SlackTargetOptions), typeof(KubernetesTargetOptions),
        typeof(ConsoleOptions), typeof(Ambient.Operator.OperatorOptions),
    ];

    /// <summary>The executor targets' sections, whose <c>Mode</c> and <c>Scopes:&lt;agent&gt;:&lt;n&gt;</c> <see cref="TargetPolicy"/> reads.</summary>
    private static readonly string[] s_targetSections = [GitHubTargetOptions.SectionName, SlackTargetOptions.SectionName, KubernetesTargetOptions.SectionName];

    /// <summary>Variables read by .NET, ASP.NET Core, OpenTelemetry or an agent's <c>apiKeyEnv</c> rather than Ambient's options.</summary>
    private static readonly string[] s_platformVariables =
        ["DOTNET_SHUTDOWNTIMEOUTSECONDS", "DOTNET_GCDynamicAdaptationMode", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS", "OPENAI_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT"];

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
            foreach (var key in Keys(section, type))
            {
                yield return key;
            }
        }

        foreach (var section in s_targetSections)
        {
            yield return $"{section}:Mode";
            yield return $"{section}:Scopes:*:*";
        }
    }

    /// <summary>The keys of <paramref name="type"/>'s properties under <paramref name="prefix"/>, nested option classes (e.g. <c>Gateway:A2a</c>) included.</summary>
    private static IEnumerable<string> Keys(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyType = property.PropertyType;
            var isCollection = propertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(propertyType);
            var isNestedOptions = propertyType.IsClass && !isCollection && propertyType != typeof(string) && propertyType != typeof(Uri)
                && propertyType.Namespace?.StartsWith("Ambient.", StringComparison.Ordinal) == true;
            var key = $"{prefix}:{property.Name}";
            if (isNestedOptions)
            {
                foreach (var nested in Keys(key, propertyType))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return isCollection ? key + ":*" : key;
            }
        }
    }

    private static bool Matches(string pattern, string key)
    {
        var (patternParts, keyParts) = (pattern.Split(':'), key.Split(':'));
        return patternParts.Length == keyParts.Length
            && patternParts.Zip(keyParts).All(p => p.First == "*" || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }
}
