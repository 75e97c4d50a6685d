using Ambient.Testing;

namespace Ambient.Worker.Tests;

/// <summary>The worker as a separate process (<c>dotnet Ambient.Worker.dll</c>) on a harness's broker and topics, so a test can kill it for real.</summary>
internal static class WorkerProcess
{
    public static DotnetProcess Start(WorkerHarness harness, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(harness.Settings())
        {
            // A killed member must leave the group quickly, so its restarted successor is not kept waiting.
            ["Ambient:Kafka:Consumer:session.timeout.ms"] = "6000",
            ["Ambient:Kafka:Consumer:heartbeat.interval.ms"] = "500",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return DotnetProcess.Start("Ambient.Worker.dll", [.. DotnetProcess.AsEnvironment(environment), new("DOTNET_ENVIRONMENT", "Development")]);
    }
}
