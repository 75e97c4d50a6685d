namespace Ambient.Worker.Tests;

/// <summary>
/// The agent file of the tests that run a worker against a fake OpenAI-compatible server: an agent of the GitHub issues
/// opened, with its model at <c>endpoint</c>, and what a test adds under <c>model:</c> and after it.
/// </summary>
internal static class FakeModelAgents
{
    /// <param name="name">The agent's name (the harness gives it the test's suffix).</param>
    /// <param name="endpoint">The fake server's endpoint.</param>
    /// <param name="model">Lines added under <c>model:</c>, written without indentation (e.g. <c>onFallback: pause</c>).</param>
    /// <param name="rest">Top-level lines after the system prompt (e.g. <c>tools: [github.add_labels]</c>).</param>
    /// <param name="modelId">The model's id.</param>
    public static string Yaml(string name, Uri endpoint, string model = "", string rest = "", string modelId = "gpt-test") =>
        string.Join('\n', new[]
        {
            $"name: {name}",
            "owner: team-test",
            "subscriptions:",
            "  - topic: github",
            "    types: [com.github.issues.opened]",
            "model:",
            "  provider: openai-compatible",
            $"  endpoint: {endpoint}",
            $"  modelId: {modelId}",
            "  apiKeyEnv: AMBIENT_TEST_UNSET_KEY",
        }
        .Concat(Lines(model).Select(line => "  " + line))
        .Append("systemPrompt: You triage issues.")
        .Concat(Lines(rest))) + "\n";

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r'));
}
