using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Testing.Runs;

namespace Ambient.Runtime.Tests;

/// <summary>Hand-made runs on input <c>events/0@7</c>, written to an in-memory checkpoints topic as real Avro records.</summary>
internal static class CheckpointFixtures
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    // Every run here processed the same event: steps and heads must agree on it.
    private static readonly RunInput s_input = new("events", 0, 7, "event-1", "com.github.issues.opened");

    /// <summary>A step of a run on input <c>events/0@7</c> with an empty conversation.</summary>
    public static Checkpoint Step(string runId, string agent, int index, string name, string status, int? parent = null) =>
        new(runId, agent, "1", s_input, index, name, status, parent ?? (index == 0 ? null : index - 1),
            JsonText.From(JsonSerializer.SerializeToElement(new { turns = Array.Empty<object>() })), [], [], s_now, s_now);

    /// <summary>A run's steps, then its head (the status of its last step).</summary>
    public static async Task AppendRunAsync(this InMemoryCheckpointLog log, string runId, string agent, params (string Name, string Status)[] steps)
    {
        for (var index = 0; index < steps.Length; index++)
        {
            await log.AppendAsync(Step(runId, agent, index, steps[index].Name, steps[index].Status));
        }

        var last = steps[^1];
        await log.AppendAsync(new RunHead(runId, agent, "1", s_input, steps.Length - 1, last.Name, last.Status, s_now, s_now));
    }
}
