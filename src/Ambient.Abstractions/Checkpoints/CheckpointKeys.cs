using System.Globalization;

namespace Ambient.Abstractions.Checkpoints;

/// <summary>Record keys on the checkpoints topic: <c>runId</c> for the head, <c>runId/stepIndex</c> for a step.</summary>
public static class CheckpointKeys
{
    /// <summary>The key of a run's head record.</summary>
    public static string Head(string runId) => runId;

    /// <summary>The key of one step's checkpoint.</summary>
    public static string Step(string runId, int stepIndex) => string.Create(CultureInfo.InvariantCulture, $"{runId}/{stepIndex}");

    /// <summary>Splits a key into its run id and, for a step, the step index.</summary>
    public static (string RunId, int? StepIndex) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        return slash > 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? (key[..slash], step)
            : (key, null);
    }
}
