using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;

namespace Ambient.Runtime.Checkpoints;

/// <summary>The slim forms of a step that a journal keeps in memory for a run that waits (see <see cref="RunJournal.Slim"/>).</summary>
internal static class StepOutline
{
    /// <summary>
    /// <paramref name="step"/> without its state and its model replies (their token counts stay), sharing the run's
    /// names and input with <paramref name="current"/>: steps read back from the log each have their own copies.
    /// </summary>
    public static Checkpoint Of(Checkpoint step, Checkpoint current) => IsOutline(step) ? step : step with
    {
        RunId = Shared(step.RunId, current.RunId),
        Agent = Shared(step.Agent, current.Agent),
        AgentVersion = Shared(step.AgentVersion, current.AgentVersion),
        Input = Shared(step.Input, current.Input),
        State = JsonText.None,
        Exchanges = step.Exchanges.Count == 0 ? [] : step.Exchanges.Select(e => e with { RequestSummary = string.Empty, Response = JsonText.None }).ToArray(),
    };

    /// <summary>
    /// <paramref name="step"/> with its state held as UTF-8 text only: a state read back from the log, or parsed by a
    /// resume, also holds a parsed document, more than twice the text's size.
    /// </summary>
    public static Checkpoint TextOnly(Checkpoint step) =>
        step.State.IsNone ? step : step with { State = JsonText.FromTrustedUtf8(step.State.Utf8.ToArray()) };

    private static bool IsOutline(Checkpoint step) => step.State.IsNone && step.Exchanges.All(e => e.Response.IsNone);

    private static T Shared<T>(T value, T shared) where T : class => value.Equals(shared) ? shared : value;
}
